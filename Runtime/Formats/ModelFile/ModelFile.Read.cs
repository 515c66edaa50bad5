// ModelFile, decoding part 1: the top-level map (format and version first), the layer maps and the typed field
// helpers. Nothing is trusted: every value is type-checked and every problem names its key path and offset.
using System;
using System.Collections.Generic;
using Recurrent.Formats.MessagePack;
using Recurrent.Kernels;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        /// <summary>The most features a weightless layer (activation, softmax) may declare, so a file cannot ask for huge buffers.</summary>
        private const int MaxFeatures = 1 << 24;

        /// <summary>What the reader collects before it builds the model.</summary>
        private sealed class Document
        {
            public string Name = "model";
            public int Version;
            public int ArchitectureOffset = -1;
            public List<LayerEntry>? Layers;
            public List<TensorEntry>? Weights;
            public PreprocessingEntry? Preprocessing;
            public Dictionary<string, string> Metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            public OptimizerState? Optimizer;
            public int OptimizerOffset = -1;
            public List<TensorEntry>? Slots;
        }

        /// <summary>Reads a map key and enters it in the error path; <paramref name="keyOffset"/> locates duplicate-key errors.</summary>
        private static string ReadKey(ref MessagePackReader r, ModelFileReadContext ctx, out int keyOffset)
        {
            keyOffset = r.Position;
            string key = r.ReadString();
            ctx.Push(key);
            return key;
        }

        private static ModelFileContents ReadDocument(ReadOnlySpan<byte> data, string? filePath)
        {
            var ctx = new ModelFileReadContext(filePath);
            var r = new MessagePackReader(data, s_limits);
            Document doc;
            try
            {
                doc = new Document { Version = ReadHeader(r, ctx) };
                ReadTopLevel(ref r, ctx, doc);
                if (!r.End) throw ctx.Error($"{r.Remaining} bytes follow the model document", r.Position);
            }
            catch (MessagePackFormatException e)
            {
                throw ctx.Wrap(e);
            }
            return Build(data, doc, ctx);
        }

        /// <summary>First pass: checks <c>format</c> and <c>version</c> before anything else is interpreted.</summary>
        private static int ReadHeader(MessagePackReader r, ModelFileReadContext ctx)
        {
            if (r.End) throw ctx.Error("not a Recurrent model file: it is empty", 0);
            if (r.PeekType() != MessagePackType.Map)
                throw ctx.Error("not a Recurrent model file: expected a map but found " + MessagePackCode.Describe(r.PeekCode()), 0);
            int count = r.ReadMapHeader();
            string? format = null;
            long? version = null;
            int versionOffset = 0;
            for (int i = 0; i < count; i++)
            {
                string key = r.ReadString();
                ctx.Push(key);
                if (key == "format" && format is null)
                {
                    format = r.PeekType() == MessagePackType.String ? r.ReadString() : "(not a string)";
                }
                else if (key == "version" && version is null)
                {
                    versionOffset = r.Position;
                    version = r.ReadInt64();
                }
                else
                {
                    r.Skip();
                }
                ctx.Pop();
            }
            if (format is null) throw ctx.Error("not a Recurrent model file: it has no 'format' key", 0);
            if (format != FormatName) throw ctx.Error($"not a Recurrent model file: format is '{Shorten(format)}', not '{FormatName}'", 0);
            if (version is null) throw ctx.Error("the model file has no 'version' key", 0);
            if (version > CurrentVersion)
                throw ctx.Error($"model file version {version} is newer than this reader supports ({CurrentVersion}); update Recurrent", "version", versionOffset);
            if (version < 1) throw ctx.Error($"invalid model file version {version}", "version", versionOffset);
            return (int)version.Value;
        }

        private static void ReadTopLevel(ref MessagePackReader r, ModelFileReadContext ctx, Document doc)
        {
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                switch (key)
                {
                    case "format": MarkSeen(ref seen, 0, ctx, keyOffset); r.Skip(); break;
                    case "version": MarkSeen(ref seen, 1, ctx, keyOffset); r.Skip(); break;
                    case "name": MarkSeen(ref seen, 2, ctx, keyOffset); doc.Name = ReadNonEmptyString(ref r, ctx); break;
                    case "architecture":
                        MarkSeen(ref seen, 3, ctx, keyOffset);
                        doc.ArchitectureOffset = r.Position;
                        doc.Layers = ReadArchitecture(ref r, ctx);
                        break;
                    case "weights":
                        MarkSeen(ref seen, 4, ctx, keyOffset);
                        doc.Weights = ReadTensorList(ref r, ctx, slots: false);
                        break;
                    case "preprocessing": MarkSeen(ref seen, 5, ctx, keyOffset); doc.Preprocessing = ReadPreprocessing(ref r, ctx); break;
                    case "metadata": MarkSeen(ref seen, 6, ctx, keyOffset); ReadMetadata(ref r, ctx, doc.Metadata); break;
                    case "optimizer":
                        MarkSeen(ref seen, 7, ctx, keyOffset);
                        doc.OptimizerOffset = r.Position;
                        doc.Optimizer = ReadOptimizer(ref r, ctx, out doc.Slots);
                        break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (doc.Layers is null) throw ctx.Error("the model file has no 'architecture' key", 0);
            if (doc.Weights is null) throw ctx.Error("the model file has no 'weights' key", 0);
            if (doc.Layers.Count == 0) throw ctx.Error("a model needs at least one layer", "architecture", doc.ArchitectureOffset);
        }

        private static List<LayerEntry> ReadArchitecture(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int count = r.ReadArrayHeader();
            var layers = new List<LayerEntry>(count);
            for (int i = 0; i < count; i++)
            {
                ctx.PushIndex(i);
                layers.Add(ReadLayer(ref r, ctx, i));
                ctx.Pop();
            }
            return layers;
        }

        private static LayerEntry ReadLayer(ref MessagePackReader r, ModelFileReadContext ctx, int index)
        {
            var e = new LayerEntry { Index = index, Offset = r.Position };
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                int at = r.Position;
                switch (key)
                {
                    case "kind":
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        string kind = r.ReadString();
                        if (!ModelFileNames.TryParseLayerKind(kind, out LayerKind k))
                            throw ctx.Error($"unknown layer kind '{Shorten(kind)}' (expected embedding, recurrent, dense, activation or softmax)", at);
                        e.Kind = k;
                        break;
                    case "name": MarkSeen(ref seen, 1, ctx, keyOffset); e.Name = ReadNonEmptyString(ref r, ctx); break;
                    case "cell":
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        string cell = r.ReadString();
                        if (!ModelFileNames.TryParseCell(cell, out var c))
                            throw ctx.Error($"unknown cell '{Shorten(cell)}' (expected rnn, gru or lstm)", at);
                        e.Cell = c;
                        break;
                    case "hidden_size": MarkSeen(ref seen, 3, ctx, keyOffset); e.HiddenSize = ReadPositiveInt(ref r, ctx); break;
                    case "direction":
                        MarkSeen(ref seen, 4, ctx, keyOffset);
                        string direction = r.ReadString();
                        if (!ModelFileNames.TryParseDirection(direction, out e.Direction))
                            throw ctx.Error($"unknown direction '{Shorten(direction)}' (expected forward, reverse or bidirectional)", at);
                        break;
                    case "activations":
                        MarkSeen(ref seen, 5, ctx, keyOffset);
                        e.Activations = r.TryReadNil() ? null : ReadStringList(ref r, ctx).ToArray();
                        break;
                    case "activation_alpha": MarkSeen(ref seen, 6, ctx, keyOffset); e.ActivationAlpha = r.TryReadNil() ? null : ReadFloatArray(ref r, ctx); break;
                    case "activation_beta": MarkSeen(ref seen, 7, ctx, keyOffset); e.ActivationBeta = r.TryReadNil() ? null : ReadFloatArray(ref r, ctx); break;
                    case "clip": MarkSeen(ref seen, 8, ctx, keyOffset); e.Clip = r.TryReadNil() ? (float?)null : r.ReadSingle(); break;
                    case "input_forget": MarkSeen(ref seen, 9, ctx, keyOffset); e.InputForget = r.ReadBoolean(); break;
                    case "linear_before_reset": MarkSeen(ref seen, 10, ctx, keyOffset); e.LinearBeforeReset = r.ReadBoolean(); break;
                    case "return_sequences": MarkSeen(ref seen, 11, ctx, keyOffset); e.ReturnSequences = r.ReadBoolean(); break;
                    case "merge":
                        MarkSeen(ref seen, 12, ctx, keyOffset);
                        string merge = r.ReadString();
                        if (!ModelFileNames.TryParseMerge(merge, out e.Merge))
                            throw ctx.Error($"unknown merge '{Shorten(merge)}' (expected concat or sum)", at);
                        break;
                    case "activation": MarkSeen(ref seen, 13, ctx, keyOffset); e.Activation = ReadActivation(ref r, ctx); break;
                    case "size":
                        MarkSeen(ref seen, 14, ctx, keyOffset);
                        e.Size = ReadPositiveInt(ref r, ctx);
                        if (e.Size > MaxFeatures) throw ctx.Error($"{e.Size} features are more than the {MaxFeatures} a layer may have", at);
                        break;
                    case "log": MarkSeen(ref seen, 15, ctx, keyOffset); e.Log = r.ReadBoolean(); break;
                    case "dropout":
                        MarkSeen(ref seen, 17, ctx, keyOffset);
                        e.Dropout = r.ReadSingle();
                        if (!(e.Dropout >= 0f && e.Dropout < 1f)) throw ctx.Error($"dropout {e.Dropout} is outside [0, 1)", at);
                        break;
                    case "recurrent_dropout":
                        MarkSeen(ref seen, 18, ctx, keyOffset);
                        e.RecurrentDropout = r.ReadSingle();
                        if (!(e.RecurrentDropout >= 0f && e.RecurrentDropout < 1f)) throw ctx.Error($"recurrent_dropout {e.RecurrentDropout} is outside [0, 1)", at);
                        break;
                    case "return_state": MarkSeen(ref seen, 19, ctx, keyOffset); e.ReturnState = r.ReadBoolean(); break;
                    case "single_bias": MarkSeen(ref seen, 20, ctx, keyOffset); e.SingleBias = r.ReadBoolean(); break;
                    case "rate":
                        MarkSeen(ref seen, 16, ctx, keyOffset);
                        e.Rate = r.ReadSingle();
                        if (!(e.Rate >= 0f && e.Rate < 1f)) throw ctx.Error($"dropout rate {e.Rate} is outside [0, 1)", at);
                        break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (e.Kind is null) throw ctx.Error("the layer has no 'kind'", e.Offset);
            if (e.Name is null) throw ctx.Error("the layer has no 'name'", e.Offset);
            return e;
        }

        private static Activation ReadActivation(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int offset = r.Position;
            int count = r.ReadMapHeader();
            ActivationKind? kind = null;
            float? alpha = null, beta = null;
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                switch (key)
                {
                    case "kind":
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        int at = r.Position;
                        string name = r.ReadString();
                        if (!Activation.TryParseKind(name, out ActivationKind k))
                            throw ctx.Error($"unknown activation '{Shorten(name)}'", at);
                        kind = k;
                        break;
                    case "alpha": MarkSeen(ref seen, 1, ctx, keyOffset); alpha = r.ReadSingle(); break;
                    case "beta": MarkSeen(ref seen, 2, ctx, keyOffset); beta = r.ReadSingle(); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (kind is null) throw ctx.Error("the activation has no 'kind'", offset);
            ActivationKind resolved = kind.Value;
            return new Activation(resolved, alpha ?? Activation.DefaultAlpha(resolved), beta ?? Activation.DefaultBeta(resolved));
        }

        // ---- typed field helpers -----------------------------------------------------------------------------

        /// <summary>Rejects a key that appears twice in one map (bit = the key's position in the schema).</summary>
        private static void MarkSeen(ref ulong seen, int bit, ModelFileReadContext ctx, int keyOffset)
        {
            ulong mask = 1UL << bit;
            if ((seen & mask) != 0) throw ctx.Error("the key appears twice in one map", keyOffset);
            seen |= mask;
        }

        private static string ReadNonEmptyString(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int at = r.Position;
            string s = r.ReadString();
            if (s.Length == 0) throw ctx.Error("must not be empty", at);
            return s;
        }

        private static int ReadPositiveInt(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int at = r.Position;
            long v = r.ReadInt64();
            if (v <= 0 || v > int.MaxValue) throw ctx.Error($"{v} is not a positive 32-bit integer", at);
            return (int)v;
        }

        private static int ReadNonNegativeInt(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int at = r.Position;
            long v = r.ReadInt64();
            if (v < 0 || v > int.MaxValue) throw ctx.Error($"{v} is not a non-negative 32-bit integer", at);
            return (int)v;
        }

        private static string? ReadStringOrNil(ref MessagePackReader r) => r.TryReadNil() ? null : r.ReadString();

        private static List<string> ReadStringList(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int count = r.ReadArrayHeader();
            var list = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                ctx.PushIndex(i);
                list.Add(r.ReadString());
                ctx.Pop();
            }
            return list;
        }

        private static float[] ReadFloatArray(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int count = r.ReadArrayHeader();
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                ctx.PushIndex(i);
                values[i] = r.ReadSingle();
                ctx.Pop();
            }
            return values;
        }

        /// <summary>A value quoted in an error message, cut short so a hostile string cannot bloat the message.</summary>
        private static string Shorten(string s) => s.Length <= 64 ? s : s.Substring(0, 64) + "...";
    }
}
