// ModelFile, assembly: decodes tensor data straight from the input into the final float arrays and builds the layers
// and Model, turning their validation errors into ModelFormatExceptions that name the layer, key path and offset.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        private static ModelFileContents Build(ReadOnlySpan<byte> data, Document doc, ModelFileReadContext ctx)
        {
            var byName = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
            foreach (TensorEntry e in doc.Weights!)
            {
                if (byName.TryGetValue(e.Name!, out TensorEntry? first))
                    throw ctx.Error($"weight '{Shorten(e.Name!)}' appears twice (also weights[{first.Index}])", $"weights[{e.Index}].name", e.Offset);
                byName.Add(e.Name!, e);
            }

            var layers = new List<Layer>(doc.Layers!.Count);
            foreach (LayerEntry l in doc.Layers)
            {
                string path = "architecture[" + l.Index.ToString(CultureInfo.InvariantCulture) + "]";
                try
                {
                    layers.Add(BuildLayer(data, l, byName, ctx, path));
                }
                catch (RecurrentException e) when (!(e is ModelFormatException))
                {
                    throw ctx.Error($"layer '{Shorten(l.Name!)}': {e.Message}", path, l.Offset, e);
                }
                catch (ArgumentException e)
                {
                    throw ctx.Error($"layer '{Shorten(l.Name!)}': {e.Message}", path, l.Offset, e);
                }
            }

            foreach (TensorEntry e in doc.Weights)
                if (!e.Used)
                    throw ctx.Error($"weight '{Shorten(e.Name!)}' belongs to no layer", $"weights[{e.Index}]", e.Offset);

            Model model;
            try
            {
                model = new Model(layers, doc.Name, doc.Metadata);
            }
            catch (RecurrentException e)
            {
                throw ctx.Error(e.Message, "architecture", doc.ArchitectureOffset, e);
            }
            if (doc.Preprocessing != null && !doc.Preprocessing.Settings.IsEmpty)
            {
                PreprocessingSettings p = doc.Preprocessing.Settings;
                string? problem = p.FindProblem(model.InputKind == ModelInputKind.Tokens, model.InputSize, model.OutputSize, out string part);
                if (problem != null)
                {
                    string path = part.Length == 0 ? "preprocessing" : "preprocessing." + part;
                    throw ctx.Error(problem, path, doc.Preprocessing.OffsetOf(part));
                }
                model = new Model(layers, doc.Name, doc.Metadata, p, check: false);
            }

            if (doc.Optimizer != null && doc.Slots != null)
            {
                foreach (TensorEntry s in doc.Slots)
                {
                    string path = $"optimizer.slots[{s.Index}]";
                    if (!byName.ContainsKey(s.Weight!))
                        throw ctx.Error($"slot '{Shorten(s.Name!)}' belongs to '{Shorten(s.Weight!)}', which is not a weight of the model", path + ".weight", s.Offset);
                    doc.Optimizer.Slots.Add(new OptimizerSlot(s.Weight!, s.Name!, Decode(data, s, ctx, path)));
                }
            }

            return new ModelFileContents(model, doc.Metadata, doc.Optimizer, doc.Version);
        }

        private static Layer BuildLayer(ReadOnlySpan<byte> data, LayerEntry l, Dictionary<string, TensorEntry> weights,
            ModelFileReadContext ctx, string path)
        {
            string name = l.Name!;
            switch (l.Kind!.Value)
            {
                case LayerKind.Embedding:
                    return new EmbeddingLayer(name, Weight(data, l, "embeddings", weights, ctx, path, required: true)!);
                case LayerKind.Recurrent:
                {
                    if (l.Cell is null) throw ctx.Error("a recurrent layer needs 'cell'", path, l.Offset);
                    if (l.HiddenSize is null) throw ctx.Error("a recurrent layer needs 'hidden_size'", path, l.Offset);
                    var attributes = new RecurrentOpAttributes
                    {
                        Cell = l.Cell.Value,
                        HiddenSize = l.HiddenSize.Value,
                        Direction = l.Direction,
                        Activations = l.Activations,
                        ActivationAlpha = l.ActivationAlpha,
                        ActivationBeta = l.ActivationBeta,
                        Clip = l.Clip,
                        InputForget = l.InputForget,
                        LinearBeforeReset = l.LinearBeforeReset,
                    };
                    Tensor w = Weight(data, l, "W", weights, ctx, path, required: true)!;
                    Tensor r = Weight(data, l, "R", weights, ctx, path, required: true)!;
                    Tensor? b = Weight(data, l, "B", weights, ctx, path, required: false);
                    Tensor? p = Weight(data, l, "P", weights, ctx, path, required: false);
                    return new RecurrentLayer(name, attributes, w, r, b, p, l.ReturnSequences, l.Merge, l.Dropout, l.RecurrentDropout,
                        l.ReturnState, l.SingleBias);
                }
                case LayerKind.Dense:
                {
                    Tensor kernel = Weight(data, l, "kernel", weights, ctx, path, required: true)!;
                    Tensor? bias = Weight(data, l, "bias", weights, ctx, path, required: false);
                    return new DenseLayer(name, kernel, bias, l.Activation ?? Activation.Identity);
                }
                case LayerKind.Dropout:
                    if (l.Size is null) throw ctx.Error("a dropout layer needs 'size'", path, l.Offset);
                    return new DropoutLayer(name, l.Size.Value, l.Rate ?? 0f);
                case LayerKind.Activation:
                    if (l.Size is null) throw ctx.Error("an activation layer needs 'size'", path, l.Offset);
                    if (l.Activation is null) throw ctx.Error("an activation layer needs 'activation'", path, l.Offset);
                    return new ActivationLayer(name, l.Size.Value, l.Activation.Value);
                default:
                    if (l.Size is null) throw ctx.Error("a softmax layer needs 'size'", path, l.Offset);
                    return new SoftmaxLayer(name, l.Size.Value, l.Log);
            }
        }

        /// <summary>The decoded weight "{layer}/{suffix}", or null when it is optional and absent.</summary>
        private static Tensor? Weight(ReadOnlySpan<byte> data, LayerEntry l, string suffix, Dictionary<string, TensorEntry> weights,
            ModelFileReadContext ctx, string path, bool required)
        {
            string name = l.Name + "/" + suffix;
            if (!weights.TryGetValue(name, out TensorEntry? e))
            {
                if (required) throw ctx.Error($"layer '{Shorten(l.Name!)}' needs the weight '{Shorten(name)}', which 'weights' lacks", path, l.Offset);
                return null;
            }
            e.Used = true;
            string tensorPath = $"weights[{e.Index}]";
            Tensor t = Decode(data, e, ctx, tensorPath);
            if (t.Length == 0) throw ctx.Error($"weight '{Shorten(name)}' is empty (shape {t.Shape})", tensorPath + ".shape", e.Offset);
            return t;
        }

        /// <summary>
        /// Checks the data length against shape and dtype, then decodes little-endian values straight from the input
        /// into the tensor's own array (one copy on little-endian machines).
        /// </summary>
        private static Tensor Decode(ReadOnlySpan<byte> data, TensorEntry e, ModelFileReadContext ctx, string path)
        {
            int[] shape = e.Shape!;
            bool half = e.Float16!.Value;
            int size = half ? 2 : 4;
            long count = 1;
            foreach (int d in shape)
            {
                count *= d;
                if (count > int.MaxValue) throw ctx.Error($"shape {ShapeText(shape)} holds more than {int.MaxValue} values", path + ".shape", e.Offset);
            }
            long needed = count * size;
            if (e.DataLength != needed)
            {
                throw ctx.Error($"{e.DataLength} bytes but shape {ShapeText(shape)} {(half ? "float16" : "float32")} needs {needed}",
                    path + ".data", e.DataOffset);
            }

            var values = new float[count];
            ReadOnlySpan<byte> src = data.Slice(e.DataOffset, e.DataLength);
            if (half)
            {
                for (int i = 0; i < values.Length; i++) values[i] = Float16.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * i)));
            }
            else if (BitConverter.IsLittleEndian)
            {
                src.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            else
            {
                for (int i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(src.Slice(4 * i)));
            }
            return new Tensor(new TensorShape(shape), values);
        }

        private static string ShapeText(int[] shape)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }
            return sb.Append(']').ToString();
        }
    }
}
