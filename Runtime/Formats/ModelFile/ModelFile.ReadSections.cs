// ModelFile, decoding part 2: tensor maps (weights and optimizer slots, data left in place until the build step),
// preprocessing, metadata and optimizer state. Same rules as part 1: typed, located errors, unknown keys skipped.
using System;
using System.Collections.Generic;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        /// <summary>The most dimensions a stored tensor may have.</summary>
        private const int MaxRank = 8;

        private static List<TensorEntry> ReadTensorList(ref MessagePackReader r, ModelFileReadContext ctx, bool slots)
        {
            int count = r.ReadArrayHeader();
            var list = new List<TensorEntry>(count);
            for (int i = 0; i < count; i++)
            {
                ctx.PushIndex(i);
                list.Add(ReadTensor(ref r, ctx, i, slots));
                ctx.Pop();
            }
            return list;
        }

        private static TensorEntry ReadTensor(ref MessagePackReader r, ModelFileReadContext ctx, int index, bool slot)
        {
            var e = new TensorEntry { Index = index, Offset = r.Position };
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                int at = r.Position;
                switch (key)
                {
                    case "name": MarkSeen(ref seen, 0, ctx, keyOffset); e.Name = ReadNonEmptyString(ref r, ctx); break;
                    case "dtype":
                        MarkSeen(ref seen, 1, ctx, keyOffset);
                        string dtype = r.ReadString();
                        if (dtype == "float32") e.Float16 = false;
                        else if (dtype == "float16") e.Float16 = true;
                        else throw ctx.Error($"unsupported dtype '{Shorten(dtype)}' (expected float32 or float16)", at);
                        break;
                    case "shape":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int rank = r.ReadArrayHeader();
                        if (rank > MaxRank) throw ctx.Error($"rank {rank} is more than the {MaxRank} dimensions a tensor may have", at);
                        var shape = new int[rank];
                        for (int d = 0; d < rank; d++)
                        {
                            ctx.PushIndex(d);
                            shape[d] = ReadNonNegativeInt(ref r, ctx);
                            ctx.Pop();
                        }
                        e.Shape = shape;
                        break;
                    }
                    case "data":
                    {
                        MarkSeen(ref seen, 3, ctx, keyOffset);
                        ReadOnlySpan<byte> data = r.ReadBytes();
                        e.DataOffset = r.Position - data.Length;
                        e.DataLength = data.Length;
                        break;
                    }
                    case "weight" when slot: MarkSeen(ref seen, 4, ctx, keyOffset); e.Weight = ReadNonEmptyString(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (e.Name is null) throw ctx.Error("the tensor has no 'name'", e.Offset);
            if (e.Float16 is null) throw ctx.Error("the tensor has no 'dtype'", e.Offset);
            if (e.Shape is null) throw ctx.Error("the tensor has no 'shape'", e.Offset);
            if (e.DataOffset < 0) throw ctx.Error("the tensor has no 'data'", e.Offset);
            if (slot && e.Weight is null) throw ctx.Error("the optimizer slot has no 'weight'", e.Offset);
            return e;
        }

        private static ModelPreprocessing ReadPreprocessing(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            var p = new ModelPreprocessing();
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                switch (key)
                {
                    case "tokenizer": MarkSeen(ref seen, 0, ctx, keyOffset); p.Tokenizer = ReadTokenizer(ref r, ctx); break;
                    case "scaler": MarkSeen(ref seen, 1, ctx, keyOffset); p.Scaler = ReadScaler(ref r, ctx); break;
                    case "stroke": MarkSeen(ref seen, 2, ctx, keyOffset); p.Stroke = ReadStroke(ref r, ctx); break;
                    case "labels": MarkSeen(ref seen, 3, ctx, keyOffset); p.Labels = ReadStringList(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return p;
        }

        private static TokenizerConfig ReadTokenizer(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int offset = r.Position;
            var t = new TokenizerConfig();
            bool hasKind = false;
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                int at = r.Position;
                switch (key)
                {
                    case "kind":
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        string kind = r.ReadString();
                        if (!ModelFileNames.TryParseTokenizer(kind, out TokenizerKind k))
                            throw ctx.Error($"unknown tokenizer '{Shorten(kind)}' (expected char, word or bpe)", at);
                        t.Kind = k;
                        hasKind = true;
                        break;
                    case "vocabulary": MarkSeen(ref seen, 1, ctx, keyOffset); t.Vocabulary = ReadStringList(ref r, ctx); break;
                    case "merges":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int n = r.ReadArrayHeader();
                        var merges = new List<KeyValuePair<string, string>>(n);
                        for (int m = 0; m < n; m++)
                        {
                            ctx.PushIndex(m);
                            int pairAt = r.Position;
                            if (r.ReadArrayHeader() != 2) throw ctx.Error("a merge must be a pair [left, right]", pairAt);
                            string left = r.ReadString();
                            merges.Add(new KeyValuePair<string, string>(left, r.ReadString()));
                            ctx.Pop();
                        }
                        t.Merges = merges;
                        break;
                    }
                    case "unk_token": MarkSeen(ref seen, 3, ctx, keyOffset); t.UnkToken = ReadStringOrNil(ref r); break;
                    case "pad_token": MarkSeen(ref seen, 4, ctx, keyOffset); t.PadToken = ReadStringOrNil(ref r); break;
                    case "lowercase": MarkSeen(ref seen, 5, ctx, keyOffset); t.Lowercase = r.ReadBoolean(); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (!hasKind) throw ctx.Error("the tokenizer has no 'kind'", offset);
            return t;
        }

        private static ScalerConfig ReadScaler(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int offset = r.Position;
            var s = new ScalerConfig();
            bool hasKind = false;
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                int at = r.Position;
                switch (key)
                {
                    case "kind":
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        string kind = r.ReadString();
                        if (!ModelFileNames.TryParseScaler(kind, out ScalerKind k))
                            throw ctx.Error($"unknown scaler '{Shorten(kind)}' (expected standard or minmax)", at);
                        s.Kind = k;
                        hasKind = true;
                        break;
                    case "mean": MarkSeen(ref seen, 1, ctx, keyOffset); s.Mean = ReadFloatArray(ref r, ctx); break;
                    case "scale": MarkSeen(ref seen, 2, ctx, keyOffset); s.Scale = ReadFloatArray(ref r, ctx); break;
                    case "min": MarkSeen(ref seen, 3, ctx, keyOffset); s.Min = ReadFloatArray(ref r, ctx); break;
                    case "max": MarkSeen(ref seen, 4, ctx, keyOffset); s.Max = ReadFloatArray(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (!hasKind) throw ctx.Error("the scaler has no 'kind'", offset);
            float[]? a = s.Kind == ScalerKind.Standard ? s.Mean : s.Min;
            float[]? b = s.Kind == ScalerKind.Standard ? s.Scale : s.Max;
            string names = s.Kind == ScalerKind.Standard ? "'mean' and 'scale'" : "'min' and 'max'";
            if (a is null || b is null) throw ctx.Error($"a {ModelFileNames.Of(s.Kind)} scaler needs {names}", offset);
            if (a.Length != b.Length) throw ctx.Error($"{names} differ in length ({a.Length} and {b.Length})", offset);
            return s;
        }

        private static StrokeConfig ReadStroke(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            var s = new StrokeConfig();
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                int at = r.Position;
                switch (key)
                {
                    case "resample":
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        string resample = r.ReadString();
                        if (!ModelFileNames.TryParseResampling(resample, out StrokeResampling k))
                            throw ctx.Error($"unknown resampling '{Shorten(resample)}' (expected arc_length or time)", at);
                        s.Resample = k;
                        break;
                    case "points": MarkSeen(ref seen, 1, ctx, keyOffset); s.Points = ReadNonNegativeInt(ref r, ctx); break;
                    case "normalize_translation": MarkSeen(ref seen, 2, ctx, keyOffset); s.NormalizeTranslation = r.ReadBoolean(); break;
                    case "normalize_scale": MarkSeen(ref seen, 3, ctx, keyOffset); s.NormalizeScale = r.ReadBoolean(); break;
                    case "rotation_invariant": MarkSeen(ref seen, 4, ctx, keyOffset); s.RotationInvariant = r.ReadBoolean(); break;
                    case "features": MarkSeen(ref seen, 5, ctx, keyOffset); s.Features = ReadStringList(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return s;
        }

        private static void ReadMetadata(ref MessagePackReader r, ModelFileReadContext ctx, Dictionary<string, string> metadata)
        {
            int count = r.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                if (metadata.ContainsKey(key)) throw ctx.Error("the key appears twice in one map", keyOffset);
                metadata.Add(key, r.ReadString());
                ctx.Pop();
            }
        }

        private static OptimizerState ReadOptimizer(ref MessagePackReader r, ModelFileReadContext ctx, out List<TensorEntry>? slots)
        {
            var o = new OptimizerState();
            slots = null;
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                int keyOffset = r.Position;
                string key = r.ReadString();
                ctx.Push(key);
                int at = r.Position;
                switch (key)
                {
                    case "kind": MarkSeen(ref seen, 0, ctx, keyOffset); o.Kind = r.ReadString(); break;
                    case "step":
                        MarkSeen(ref seen, 1, ctx, keyOffset);
                        o.Step = r.ReadInt64();
                        if (o.Step < 0) throw ctx.Error($"step {o.Step} is negative", at);
                        break;
                    case "hyperparameters":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int n = r.ReadMapHeader();
                        for (int h = 0; h < n; h++)
                        {
                            int nameOffset = r.Position;
                            string name = r.ReadString();
                            ctx.Push(name);
                            if (o.Hyperparameters.ContainsKey(name)) throw ctx.Error("the key appears twice in one map", nameOffset);
                            o.Hyperparameters.Add(name, r.ReadDouble());
                            ctx.Pop();
                        }
                        break;
                    }
                    case "slots": MarkSeen(ref seen, 3, ctx, keyOffset); slots = ReadTensorList(ref r, ctx, slots: true); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return o;
        }
    }
}
