// ModelFile, the `preprocessing` section: Recurrent.Data's plain settings (tokenizer, scaler, stroke, window, labels)
// to and from MessagePack, every field, floats as float32 bit for bit. Whether the settings fit the model is decided by
// PreprocessingSettings.FindProblem; this file only maps keys and reports where a problem sits in the file.
using System;
using System.Collections.Generic;
using Recurrent.Data;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        /// <summary>The most entries a preprocessing list (vocabulary, merges, labels, features, targets) may hold.</summary>
        private const int MaxPreprocessingEntries = 1 << 22;

        /// <summary>The preprocessing section as read, with the offsets that later errors point at.</summary>
        private sealed class PreprocessingEntry
        {
            public readonly PreprocessingSettings Settings = new PreprocessingSettings();
            public int Offset;
            public int TokenizerOffset = -1, ScalerOffset = -1, StrokeOffset = -1, WindowOffset = -1, LabelsOffset = -1;

            public int OffsetOf(string part) => part switch
            {
                "tokenizer" => TokenizerOffset,
                "scaler" => ScalerOffset,
                "stroke" => StrokeOffset,
                "window" => WindowOffset,
                "labels" => LabelsOffset,
                _ => Offset,
            };
        }

        // ---- writing -------------------------------------------------------------------------------------------

        /// <summary>Rejects preprocessing that would make the file fail to load (it must fit the model and be well-formed).</summary>
        private static void CheckPreprocessing(Model model, PreprocessingSettings? p)
        {
            if (p is null || p.IsEmpty) return;
            string? problem = p.FindProblem(model.InputKind == ModelInputKind.Tokens, model.InputSize, model.OutputSize, out string part);
            if (problem != null)
                throw new ArgumentException($"The preprocessing does not fit model '{model.Name}': {part}: {problem}.", "options");
        }

        private static void WritePreprocessing(MessagePackWriter w, PreprocessingSettings p)
        {
            w.WriteMapHeader((p.Tokenizer != null ? 1 : 0) + (p.Scaler != null ? 1 : 0) + (p.Stroke != null ? 1 : 0)
                + (p.Window != null ? 1 : 0) + (p.Labels != null ? 1 : 0));
            if (p.Tokenizer != null)
            {
                w.WriteString("tokenizer");
                WriteTokenizer(w, p.Tokenizer);
            }
            if (p.Scaler != null)
            {
                ScalerSettings s = p.Scaler;
                bool standard = s.Kind == FeatureScalerKind.Standard;
                w.WriteString("scaler");
                w.WriteMapHeader(3);
                w.WriteString("kind");
                w.WriteString(ModelFileNames.Of(s.Kind));
                w.WriteString(standard ? "mean" : "min");
                WriteFloatArray(w, standard ? s.Mean : s.Min);
                w.WriteString(standard ? "scale" : "max");
                WriteFloatArray(w, standard ? s.Scale : s.Max);
            }
            if (p.Stroke != null)
            {
                w.WriteString("stroke");
                WriteStroke(w, p.Stroke);
            }
            if (p.Window != null)
            {
                WindowSettings s = p.Window;
                w.WriteString("window");
                w.WriteMapHeader(3);
                w.WriteString("length");
                w.WriteInt32(s.Length);
                w.WriteString("horizon");
                w.WriteInt32(s.Horizon);
                w.WriteString("targets");
                if (s.TargetFeatures is null)
                {
                    w.WriteNil();
                }
                else
                {
                    w.WriteArrayHeader(s.TargetFeatures.Length);
                    foreach (int j in s.TargetFeatures) w.WriteInt32(j);
                }
            }
            if (p.Labels != null)
            {
                w.WriteString("labels");
                WriteStringArray(w, p.Labels);
            }
        }

        private static void WriteTokenizer(MessagePackWriter w, TokenizerSettings t)
        {
            bool merges = t.Algorithm == TokenizerAlgorithm.Bpe || (t.Merges != null && t.Merges.Count > 0);
            w.WriteMapHeader(merges ? 6 : 5);
            w.WriteString("kind");
            w.WriteString(ModelFileNames.Of(t.Algorithm));
            w.WriteString("vocabulary");
            WriteStringArray(w, t.Vocabulary);
            if (merges)
            {
                w.WriteString("merges");
                List<KeyValuePair<string, string>> list = t.Merges ?? new List<KeyValuePair<string, string>>();
                w.WriteArrayHeader(list.Count);
                foreach (KeyValuePair<string, string> pair in list)
                {
                    w.WriteArrayHeader(2);
                    w.WriteString(pair.Key ?? throw new ArgumentException("A BPE merge holds null.", "options"));
                    w.WriteString(pair.Value ?? throw new ArgumentException("A BPE merge holds null.", "options"));
                }
            }
            w.WriteString("unk_token");
            WriteStringOrNil(w, t.UnknownToken);
            w.WriteString("pad_token");
            WriteStringOrNil(w, t.PaddingToken);
            w.WriteString("lowercase");
            w.WriteBoolean(t.Lowercase);
        }

        private static void WriteStroke(MessagePackWriter w, StrokeSettings s)
        {
            w.WriteMapHeader(10);
            w.WriteString("resample");
            w.WriteString(ModelFileNames.Of(s.Resample));
            w.WriteString("points");
            w.WriteInt32(s.Points);
            w.WriteString("spacing");
            w.WriteSingle(s.Spacing);
            w.WriteString("normalization");
            w.WriteString(ModelFileNames.Of(s.Normalization));
            w.WriteString("normalize_translation");
            w.WriteBoolean(s.NormalizeTranslation);
            w.WriteString("normalize_scale");
            w.WriteBoolean(s.NormalizeScale);
            w.WriteString("scale_mode");
            w.WriteString(ModelFileNames.Of(s.ScaleMode));
            w.WriteString("rotation_invariant");
            w.WriteBoolean(s.RotationInvariant);
            w.WriteString("reference_size");
            w.WriteSingle(s.ReferenceSize);
            w.WriteString("features");
            WriteStringArray(w, s.Features);
        }

        // ---- reading -------------------------------------------------------------------------------------------

        private static PreprocessingEntry ReadPreprocessing(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            var e = new PreprocessingEntry { Offset = r.Position };
            PreprocessingSettings p = e.Settings;
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                int at = r.Position;
                switch (key)
                {
                    case "tokenizer": MarkSeen(ref seen, 0, ctx, keyOffset); e.TokenizerOffset = at; p.Tokenizer = ReadTokenizer(ref r, ctx); break;
                    case "scaler": MarkSeen(ref seen, 1, ctx, keyOffset); e.ScalerOffset = at; p.Scaler = ReadScaler(ref r, ctx); break;
                    case "stroke": MarkSeen(ref seen, 2, ctx, keyOffset); e.StrokeOffset = at; p.Stroke = ReadStroke(ref r, ctx); break;
                    case "labels": MarkSeen(ref seen, 3, ctx, keyOffset); e.LabelsOffset = at; p.Labels = ReadBoundedStringList(ref r, ctx); break;
                    case "window": MarkSeen(ref seen, 4, ctx, keyOffset); e.WindowOffset = at; p.Window = ReadWindow(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return e;
        }

        private static TokenizerSettings ReadTokenizer(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int offset = r.Position;
            var t = new TokenizerSettings();
            bool hasKind = false;
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
                        if (!ModelFileNames.TryParseTokenizer(kind, out TokenizerAlgorithm k))
                            throw ctx.Error($"unknown tokenizer '{Shorten(kind)}' (expected char, word or bpe)", at);
                        t.Algorithm = k;
                        hasKind = true;
                        break;
                    case "vocabulary": MarkSeen(ref seen, 1, ctx, keyOffset); t.Vocabulary = ReadBoundedStringList(ref r, ctx); break;
                    case "merges":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int n = ReadBoundedArrayHeader(ref r, ctx);
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
                    case "unk_token": MarkSeen(ref seen, 3, ctx, keyOffset); t.UnknownToken = ReadStringOrNil(ref r); break;
                    case "pad_token": MarkSeen(ref seen, 4, ctx, keyOffset); t.PaddingToken = ReadStringOrNil(ref r); break;
                    case "lowercase": MarkSeen(ref seen, 5, ctx, keyOffset); t.Lowercase = r.ReadBoolean(); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (!hasKind) throw ctx.Error("the tokenizer has no 'kind'", offset);
            return t;
        }

        private static ScalerSettings ReadScaler(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int offset = r.Position;
            var s = new ScalerSettings();
            bool hasKind = false;
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
                        if (!ModelFileNames.TryParseScaler(kind, out FeatureScalerKind k))
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
            bool standard = s.Kind == FeatureScalerKind.Standard;
            float[]? a = standard ? s.Mean : s.Min;
            float[]? b = standard ? s.Scale : s.Max;
            string names = standard ? "'mean' and 'scale'" : "'min' and 'max'";
            if (a is null || b is null) throw ctx.Error($"a {ModelFileNames.Of(s.Kind)} scaler needs {names}", offset);
            if (a.Length != b.Length) throw ctx.Error($"{names} differ in length ({a.Length} and {b.Length})", offset);
            return s;
        }

        /// <summary>Absent keys take the defaults of docs/model-format.md (Recurrent always writes every key).</summary>
        private static StrokeSettings ReadStroke(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            var s = new StrokeSettings
            {
                Resample = StrokeResampleMode.ArcLength, Points = 0, Spacing = 0f, Normalization = StrokeNormalization.Gesture,
                NormalizeTranslation = false, NormalizeScale = false, ScaleMode = StrokeScaleMode.BoundingBox,
                RotationInvariant = false, ReferenceSize = 1f, Features = new List<string>(),
            };
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                int at = r.Position;
                switch (key)
                {
                    case "resample":
                    {
                        MarkSeen(ref seen, 0, ctx, keyOffset);
                        string text = r.ReadString();
                        if (!ModelFileNames.TryParseResampling(text, out StrokeResampleMode mode))
                            throw ctx.Error($"unknown resampling '{Shorten(text)}' (expected none, arc_length or time)", at);
                        s.Resample = mode;
                        break;
                    }
                    case "points": MarkSeen(ref seen, 1, ctx, keyOffset); s.Points = ReadNonNegativeInt(ref r, ctx); break;
                    case "spacing": MarkSeen(ref seen, 2, ctx, keyOffset); s.Spacing = r.ReadSingle(); break;
                    case "normalization":
                    {
                        MarkSeen(ref seen, 3, ctx, keyOffset);
                        string text = r.ReadString();
                        if (!ModelFileNames.TryParseNormalization(text, out StrokeNormalization normalization))
                            throw ctx.Error($"unknown normalization '{Shorten(text)}' (expected gesture or streaming_safe)", at);
                        s.Normalization = normalization;
                        break;
                    }
                    case "normalize_translation": MarkSeen(ref seen, 4, ctx, keyOffset); s.NormalizeTranslation = r.ReadBoolean(); break;
                    case "normalize_scale": MarkSeen(ref seen, 5, ctx, keyOffset); s.NormalizeScale = r.ReadBoolean(); break;
                    case "scale_mode":
                    {
                        MarkSeen(ref seen, 6, ctx, keyOffset);
                        string text = r.ReadString();
                        if (!ModelFileNames.TryParseScaleMode(text, out StrokeScaleMode mode))
                            throw ctx.Error($"unknown scale mode '{Shorten(text)}' (expected bounding_box or rms_radius)", at);
                        s.ScaleMode = mode;
                        break;
                    }
                    case "rotation_invariant": MarkSeen(ref seen, 7, ctx, keyOffset); s.RotationInvariant = r.ReadBoolean(); break;
                    case "reference_size": MarkSeen(ref seen, 8, ctx, keyOffset); s.ReferenceSize = r.ReadSingle(); break;
                    case "features": MarkSeen(ref seen, 9, ctx, keyOffset); s.Features = ReadBoundedStringList(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return s;
        }

        private static WindowSettings ReadWindow(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            var s = new WindowSettings();
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                switch (key)
                {
                    case "length": MarkSeen(ref seen, 0, ctx, keyOffset); s.Length = ReadNonNegativeInt(ref r, ctx); break;
                    case "horizon": MarkSeen(ref seen, 1, ctx, keyOffset); s.Horizon = ReadPositiveInt(ref r, ctx); break;
                    case "targets":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        if (r.TryReadNil())
                        {
                            s.TargetFeatures = null;
                            break;
                        }
                        int n = ReadBoundedArrayHeader(ref r, ctx);
                        var targets = new int[n];
                        for (int j = 0; j < n; j++)
                        {
                            ctx.PushIndex(j);
                            targets[j] = ReadNonNegativeInt(ref r, ctx);
                            ctx.Pop();
                        }
                        s.TargetFeatures = targets;
                        break;
                    }
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return s;
        }

        /// <summary>An array header of at most <see cref="MaxPreprocessingEntries"/> entries.</summary>
        private static int ReadBoundedArrayHeader(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int at = r.Position;
            int n = r.ReadArrayHeader();
            if (n > MaxPreprocessingEntries) throw ctx.Error($"{n} entries are more than the {MaxPreprocessingEntries} a preprocessing list may hold", at);
            return n;
        }

        private static List<string> ReadBoundedStringList(ref MessagePackReader r, ModelFileReadContext ctx)
        {
            int n = ReadBoundedArrayHeader(ref r, ctx);
            var list = new List<string>(n);
            for (int i = 0; i < n; i++)
            {
                ctx.PushIndex(i);
                list.Add(r.ReadString());
                ctx.Pop();
            }
            return list;
        }
    }
}
