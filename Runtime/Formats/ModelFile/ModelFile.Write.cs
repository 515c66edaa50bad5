// ModelFile, encoding: the Model, preprocessing (ModelFile.Preprocessing.cs), metadata and optimizer state as the
// MessagePack document of docs/model-format.md. Output is deterministic (fixed key order, metadata sorted) for a given model and options.
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Formats.MessagePack;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        private static void WriteDocument(Model model, MessagePackWriter w, ModelFileOptions options)
        {
            var weightNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (ModelWeight weight in model.Weights) weightNames.Add(weight.Name);
            CheckOptimizer(options.Optimizer, weightNames);
            PreprocessingSettings? preprocessing = options.Preprocessing ?? model.Preprocessing;
            if (preprocessing != null && preprocessing.IsEmpty) preprocessing = null;
            CheckPreprocessing(model, preprocessing);

            w.WriteMapHeader(6 + (preprocessing != null ? 1 : 0) + (options.Optimizer != null ? 1 : 0));
            w.WriteString("format");
            w.WriteString(FormatName);
            w.WriteString("version");
            w.WriteInt32(CurrentVersion);
            w.WriteString("name");
            w.WriteString(model.Name);

            w.WriteString("architecture");
            w.WriteArrayHeader(model.Layers.Count);
            foreach (Layer layer in model.Layers) WriteLayer(w, layer);

            w.WriteString("weights");
            int count = 0;
            foreach (ModelWeight _ in model.Weights) count++;
            w.WriteArrayHeader(count);
            foreach (ModelWeight weight in model.Weights)
            {
                w.WriteMapHeader(4);
                w.WriteString("name");
                w.WriteString(weight.Name);
                WriteTensorFields(w, weight.Value, options.WeightType);
            }

            if (preprocessing != null)
            {
                w.WriteString("preprocessing");
                WritePreprocessing(w, preprocessing);
            }

            w.WriteString("metadata");
            WriteMetadata(w, model, options);

            if (options.Optimizer != null)
            {
                w.WriteString("optimizer");
                WriteOptimizer(w, options.Optimizer);
            }
        }

        private static void WriteLayer(MessagePackWriter w, Layer layer)
        {
            switch (layer)
            {
                case EmbeddingLayer _:
                    WriteLayerStart(w, layer, 2);
                    return;
                case RecurrentLayer r:
                {
                    RecurrentOpAttributes a = r.Attributes;
                    // Optional keys are written only when set, so files of layers without them are unchanged.
                    WriteLayerStart(w, layer, 13 + (r.Dropout > 0f ? 1 : 0) + (r.RecurrentDropout > 0f ? 1 : 0)
                        + (r.ReturnState ? 1 : 0) + (r.SingleBias ? 1 : 0));
                    if (r.Dropout > 0f)
                    {
                        w.WriteString("dropout");
                        w.WriteSingle(r.Dropout);
                    }
                    if (r.RecurrentDropout > 0f)
                    {
                        w.WriteString("recurrent_dropout");
                        w.WriteSingle(r.RecurrentDropout);
                    }
                    w.WriteString("cell");
                    w.WriteString(ModelFileNames.Of(a.Cell));
                    w.WriteString("hidden_size");
                    w.WriteInt32(a.HiddenSize);
                    w.WriteString("direction");
                    w.WriteString(ModelFileNames.Of(a.Direction));
                    w.WriteString("activations");
                    string[] names = FullActivationList(a);
                    w.WriteArrayHeader(names.Length);
                    foreach (string name in names) w.WriteString(name);
                    w.WriteString("activation_alpha");
                    WriteFloatArrayOrNil(w, a.ActivationAlpha);
                    w.WriteString("activation_beta");
                    WriteFloatArrayOrNil(w, a.ActivationBeta);
                    w.WriteString("clip");
                    if (a.Clip.HasValue) w.WriteSingle(a.Clip.Value);
                    else w.WriteNil();
                    w.WriteString("input_forget");
                    w.WriteBoolean(a.InputForget);
                    w.WriteString("linear_before_reset");
                    w.WriteBoolean(a.LinearBeforeReset);
                    w.WriteString("return_sequences");
                    w.WriteBoolean(r.ReturnSequences);
                    w.WriteString("merge");
                    w.WriteString(ModelFileNames.Of(r.Merge));
                    if (r.ReturnState)
                    {
                        w.WriteString("return_state");
                        w.WriteBoolean(true);
                    }
                    if (r.SingleBias)
                    {
                        w.WriteString("single_bias");
                        w.WriteBoolean(true);
                    }
                    return;
                }
                case DenseLayer d:
                    WriteLayerStart(w, layer, 3);
                    w.WriteString("activation");
                    WriteActivation(w, d.Activation);
                    return;
                case ActivationLayer act:
                    WriteLayerStart(w, layer, 4);
                    w.WriteString("size");
                    w.WriteInt32(act.InputSize);
                    w.WriteString("activation");
                    WriteActivation(w, act.Activation);
                    return;
                case DropoutLayer dropout:
                    WriteLayerStart(w, layer, 4);
                    w.WriteString("size");
                    w.WriteInt32(dropout.InputSize);
                    w.WriteString("rate");
                    w.WriteSingle(dropout.Rate);
                    return;
                case SoftmaxLayer s:
                    WriteLayerStart(w, layer, 4);
                    w.WriteString("size");
                    w.WriteInt32(s.InputSize);
                    w.WriteString("log");
                    w.WriteBoolean(s.Log);
                    return;
                default:
                    throw new ArgumentException(
                        $"Layer '{layer.Name}' is a {layer.GetType().Name}, which the model file format cannot store.", "model");
            }
        }

        private static void WriteLayerStart(MessagePackWriter w, Layer layer, int keys)
        {
            w.WriteMapHeader(keys);
            w.WriteString("kind");
            w.WriteString(ModelFileNames.Of(layer.Kind));
            w.WriteString("name");
            w.WriteString(layer.Name);
        }

        /// <summary>The ONNX activations of every direction, defaults spelled out (as RecurrentOp resolves them).</summary>
        private static string[] FullActivationList(RecurrentOpAttributes a)
        {
            int D = a.NumDirections;
            string[] perDirection = a.Activations is null || a.Activations.Length == 0
                ? RecurrentOpAttributes.DefaultActivations(a.Cell)
                : a.Activations;
            if (D == 1 || perDirection.Length != RecurrentOpAttributes.DefaultActivations(a.Cell).Length) return (string[])perDirection.Clone();
            var both = new string[2 * perDirection.Length];
            perDirection.CopyTo(both, 0);
            perDirection.CopyTo(both, perDirection.Length);
            return both;
        }

        private static void WriteActivation(MessagePackWriter w, Activation activation)
        {
            w.WriteMapHeader(3);
            w.WriteString("kind");
            w.WriteString(ModelFileNames.Of(activation.Kind));
            w.WriteString("alpha");
            w.WriteSingle(activation.Alpha);
            w.WriteString("beta");
            w.WriteSingle(activation.Beta);
        }

        private static void WriteFloatArrayOrNil(MessagePackWriter w, float[]? values)
        {
            if (values is null)
            {
                w.WriteNil();
                return;
            }
            WriteFloatArray(w, values);
        }

        private static void WriteFloatArray(MessagePackWriter w, float[]? values)
        {
            values ??= Array.Empty<float>();
            w.WriteArrayHeader(values.Length);
            foreach (float v in values) w.WriteSingle(v);
        }

        private static void WriteStringArray(MessagePackWriter w, List<string>? values)
        {
            if (values is null)
            {
                w.WriteArrayHeader(0);
                return;
            }
            w.WriteArrayHeader(values.Count);
            foreach (string v in values) w.WriteString(v ?? throw new ArgumentException("A string list holds null.", "options"));
        }

        private static void WriteStringOrNil(MessagePackWriter w, string? value)
        {
            if (value is null) w.WriteNil();
            else w.WriteString(value);
        }

        /// <summary>The dtype, shape and data keys of a tensor map (the caller writes the map header and other keys).</summary>
        private static void WriteTensorFields(MessagePackWriter w, Tensor tensor, ModelWeightType type)
        {
            bool half = type == ModelWeightType.Float16;
            w.WriteString("dtype");
            w.WriteString(half ? "float16" : "float32");
            w.WriteString("shape");
            ReadOnlySpan<int> dims = tensor.Shape.Dims;
            w.WriteArrayHeader(dims.Length);
            foreach (int d in dims) w.WriteInt32(d);
            w.WriteString("data");
            ReadOnlySpan<float> data = tensor.ReadOnlySpan;
            w.WriteBinaryHeader(data.Length * (half ? 2 : 4));
            if (!half && BitConverter.IsLittleEndian)
            {
                w.WriteRaw(MemoryMarshal.AsBytes(data));
                return;
            }
            IBufferWriter<byte> output = w.Output;
            const int chunk = 1 << 14;   // values per GetSpan
            for (int start = 0; start < data.Length; start += chunk)
            {
                int n = Math.Min(chunk, data.Length - start);
                Span<byte> s = output.GetSpan(n * (half ? 2 : 4));
                for (int i = 0; i < n; i++)
                {
                    float v = data[start + i];
                    if (half) BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(2 * i), Float16.FromSingle(v));
                    else BinaryPrimitives.WriteInt32LittleEndian(s.Slice(4 * i), BitConverter.SingleToInt32Bits(v));
                }
                output.Advance(n * (half ? 2 : 4));
            }
        }

        private static void WriteMetadata(MessagePackWriter w, Model model, ModelFileOptions options)
        {
            var rest = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> kv in model.Metadata) rest[kv.Key] = kv.Value;
            if (options.Metadata != null)
                foreach (KeyValuePair<string, string> kv in options.Metadata) rest[kv.Key] = kv.Value;
            rest.Remove("producer");
            rest.Remove("created");
            DateTime created = (options.Created ?? DateTime.UtcNow).ToUniversalTime();

            w.WriteMapHeader(2 + rest.Count);
            w.WriteString("producer");
            w.WriteString(options.Producer ?? "Recurrent");
            w.WriteString("created");
            w.WriteString(created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            foreach (KeyValuePair<string, string> kv in rest)
            {
                w.WriteString(kv.Key);
                w.WriteString(kv.Value ?? throw new ArgumentException($"Metadata '{kv.Key}' is null.", "options"));
            }
        }

        private static void WriteOptimizer(MessagePackWriter w, OptimizerState o)
        {
            w.WriteMapHeader(4);
            w.WriteString("kind");
            w.WriteString(o.Kind ?? "");
            w.WriteString("step");
            w.WriteInt64(o.Step);
            w.WriteString("hyperparameters");
            var sorted = new SortedDictionary<string, double>(StringComparer.Ordinal);
            if (o.Hyperparameters != null)
                foreach (KeyValuePair<string, double> kv in o.Hyperparameters) sorted[kv.Key] = kv.Value;
            w.WriteMapHeader(sorted.Count);
            foreach (KeyValuePair<string, double> kv in sorted)
            {
                w.WriteString(kv.Key);
                w.WriteDouble(kv.Value);
            }
            w.WriteString("slots");
            List<OptimizerSlot> slots = o.Slots ?? new List<OptimizerSlot>();
            w.WriteArrayHeader(slots.Count);
            foreach (OptimizerSlot slot in slots)
            {
                w.WriteMapHeader(5);
                w.WriteString("weight");
                w.WriteString(slot.Weight);
                w.WriteString("name");
                w.WriteString(slot.Name);
                WriteTensorFields(w, slot.Value, ModelWeightType.Float32);
            }
        }

        private static void CheckOptimizer(OptimizerState? o, HashSet<string> weightNames)
        {
            if (o is null) return;
            if (o.Step < 0) throw new ArgumentException($"Optimizer step must not be negative (got {o.Step}).", "options");
            if (o.Slots is null) return;
            foreach (OptimizerSlot slot in o.Slots)
            {
                if (slot is null) throw new ArgumentException("Optimizer slots hold null.", "options");
                if (!weightNames.Contains(slot.Weight))
                    throw new ArgumentException($"Optimizer slot '{slot.Name}' belongs to '{slot.Weight}', which is not a weight of the model.", "options");
            }
        }
    }
}
