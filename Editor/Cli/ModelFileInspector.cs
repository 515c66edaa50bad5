// The `inspect` report for a Recurrent model file: the layer table (ModelSummary), how predict's JSON maps onto the
// model, weight storage types, metadata, preprocessing and optimizer state. Reading and validation are ModelFile's;
// only the per-tensor dtype, which the loaded model no longer carries, is read here from the file's weights list.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Recurrent.Data;
using Recurrent.Editor;
using Recurrent.Formats;
using Recurrent.Formats.MessagePack;
using Recurrent.Ops;

namespace Recurrent.Cli
{
    internal static class ModelFileInspector
    {
        private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

        public static string Inspect(string path)
        {
            ModelFileContents contents = ModelFile.Load(path);
            Model model = contents.Model;
            var io = new ModelFileLayout(model);
            var sb = new StringBuilder();

            sb.Append("Recurrent model file: ").Append(path).Append(" (").Append(ModelPaths.SizeOf(path))
              .Append(", format version ").Append(contents.Version.ToString(s_invariant)).AppendLine(")");
            sb.Append(ModelSummary.Of(model).ToText());
            sb.Append("Predict: input ").Append(io.DescribeInput()).Append(" plus optional 'lengths' [B]; output '")
              .Append(io.OutputName).Append("' ").AppendLine(io.DescribeOutput());
            sb.Append("Streaming: ").AppendLine(StreamingText(model));
            sb.Append("Weights: ").AppendLine(WeightTypes(File.ReadAllBytes(path), model));

            sb.AppendLine("Metadata:");
            if (contents.Metadata.Count == 0) sb.AppendLine("  (none)");
            foreach (var kv in contents.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append("  ").Append(kv.Key).Append(" = ").AppendLine(CliSession.OneLine(kv.Value));

            AppendPreprocessing(sb, contents.Preprocessing);

            OptimizerState? optimizer = contents.Optimizer;
            sb.Append("Optimizer state: ");
            if (optimizer is null) sb.AppendLine("none");
            else
            {
                sb.Append(optimizer.Kind.Length == 0 ? "(unnamed)" : optimizer.Kind).Append(", step ").Append(optimizer.Step.ToString(s_invariant))
                  .Append(", ").Append(optimizer.Slots.Count.ToString(s_invariant)).Append(" slots");
                if (optimizer.Hyperparameters.Count > 0)
                    sb.Append(" (").Append(string.Join(", ", optimizer.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                        .Select(kv => kv.Key + " " + kv.Value.ToString("R", s_invariant)))).Append(')');
                sb.AppendLine();
            }
            return sb.ToString();
        }

        private static string StreamingText(Model model)
        {
            foreach (Layer layer in model.Layers)
                if (layer is RecurrentLayer r && r.Direction != RecurrentDirection.Forward)
                    return $"no (layer '{layer.Name}' runs {r.Direction.ToString().ToLowerInvariant()}; streaming needs forward-only layers)";
            return "yes (every recurrent layer runs forward in time)";
        }

        /// <summary>"6 tensors, all float32" or "6 tensors: float16 4, float32 2", read from the file's weight list.</summary>
        private static string WeightTypes(byte[] bytes, Model model)
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var reader = new MessagePackReader(bytes);
            int keys = reader.ReadMapHeader();
            for (int k = 0; k < keys; k++)
            {
                string key = reader.ReadString();
                if (key != "weights")
                {
                    reader.Skip();
                    continue;
                }
                int tensors = reader.ReadArrayHeader();
                for (int t = 0; t < tensors; t++)
                {
                    int fields = reader.ReadMapHeader();
                    string dtype = "?";
                    for (int f = 0; f < fields; f++)
                    {
                        string field = reader.ReadString();
                        if (field == "dtype") dtype = reader.ReadString();
                        else reader.Skip();
                    }
                    counts[dtype] = counts.TryGetValue(dtype, out int n) ? n + 1 : 1;
                }
            }
            int total = counts.Values.Sum();
            string bytesText = (model.ParameterCount * 4 / 1024.0).ToString("0.0", s_invariant);
            if (counts.Count == 1) return $"{total} tensors, all {counts.Keys.First()} on disk ({bytesText} KiB as float32 in memory)";
            return $"{total} tensors: {string.Join(", ", counts.Select(kv => kv.Key + " " + kv.Value.ToString(s_invariant)))} on disk ({bytesText} KiB as float32 in memory)";
        }

        private static void AppendPreprocessing(StringBuilder sb, PreprocessingSettings? p)
        {
            if (p is null || p.IsEmpty)
            {
                sb.AppendLine("Preprocessing: none");
                return;
            }
            sb.AppendLine("Preprocessing:");
            if (p.Tokenizer is TokenizerSettings t)
            {
                sb.Append("  tokenizer: ").Append(t.Algorithm.ToString().ToLowerInvariant()).Append(", vocabulary ").Append(t.Vocabulary.Count.ToString(s_invariant));
                if (t.Algorithm == TokenizerAlgorithm.Bpe) sb.Append(", ").Append(t.Merges.Count.ToString(s_invariant)).Append(" merges");
                if (t.UnknownToken != null) sb.Append(", unk '").Append(t.UnknownToken).Append('\'');
                if (t.PaddingToken != null) sb.Append(", pad '").Append(t.PaddingToken).Append('\'');
                if (t.Lowercase) sb.Append(", lowercase");
                sb.AppendLine();
            }
            if (p.Scaler is ScalerSettings s)
            {
                sb.Append("  scaler: ").Append(s.Kind == FeatureScalerKind.MinMax ? "min-max" : "standard").Append(", ")
                  .Append(s.FeatureCount.ToString(s_invariant)).AppendLine(" features");
            }
            if (p.Stroke is StrokeSettings st)
            {
                sb.Append("  stroke: ");
                if (st.Resample == StrokeResampleMode.None) sb.Append("points as recorded");
                else if (st.Points > 0) sb.Append(st.Points.ToString(s_invariant)).Append(" points resampled by ");
                else sb.Append("a point every ").Append(st.Spacing.ToString(s_invariant)).Append(st.Resample == StrokeResampleMode.Time ? " ms" : " units").Append(" by ");
                if (st.Resample != StrokeResampleMode.None) sb.Append(st.Resample == StrokeResampleMode.Time ? "time" : "arc length");
                var flags = new List<string>();
                if (st.NormalizeTranslation) flags.Add("translation");
                if (st.NormalizeScale) flags.Add("scale");
                if (flags.Count > 0)
                    sb.Append(", normalized for ").Append(string.Join(" and ", flags))
                      .Append(st.Normalization == StrokeNormalization.StreamingSafe ? " (streaming-safe)" : " (whole gesture)");
                if (st.RotationInvariant) sb.Append(", rotation invariant");
                if (st.Features.Count > 0) sb.Append(", features ").Append(string.Join(", ", st.Features));
                sb.AppendLine();
            }
            if (p.Window is WindowSettings win)
            {
                sb.Append("  window: ").Append(win.Length > 0 ? win.Length.ToString(s_invariant) + " steps" : "any length")
                  .Append(", horizon ").Append(win.Horizon.ToString(s_invariant));
                if (win.TargetFeatures != null)
                    sb.Append(", targets ").Append(string.Join(", ", win.TargetFeatures.Select(j => j.ToString(s_invariant))));
                sb.AppendLine();
            }
            if (p.Labels is List<string> labels)
            {
                const int Shown = 10;
                sb.Append("  labels: ").Append(labels.Count.ToString(s_invariant));
                if (labels.Count > 0)
                    sb.Append(" (").Append(string.Join(", ", labels.Take(Shown))).Append(labels.Count > Shown ? ", ...)" : ")");
                sb.AppendLine();
            }
        }
    }
}
