// The engine-free core of the model inspector: layers, output shapes and parameter counts of a Model, as rows and as
// a Keras-style text table. Unity's inspector and the command-line tool only render it.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Recurrent.Editor
{
    public sealed class ModelSummary
    {
        private ModelSummary(Model model, IReadOnlyList<LayerSummary> layers)
        {
            Model = model;
            Layers = layers;
        }

        public Model Model { get; }

        public IReadOnlyList<LayerSummary> Layers { get; }

        public long TotalParameters => Model.ParameterCount;

        /// <summary>Weights in bytes as float32.</summary>
        public long WeightBytes => TotalParameters * sizeof(float);

        public static ModelSummary Of(Model model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            var rows = new List<LayerSummary>(model.Layers.Count);
            for (int i = 0; i < model.Layers.Count; i++)
            {
                var layer = model.Layers[i];
                var weights = new List<string>();
                foreach (var w in layer.Weights) weights.Add(w.Name + " " + w.Shape);
                rows.Add(new LayerSummary(i, layer.Name, layer.Kind, layer.Describe(), layer.InputSize, layer.OutputSize,
                    layer.ReturnsSequences, layer.ParameterCount, weights));
            }
            return new ModelSummary(model, rows);
        }

        /// <summary>
        /// A fixed-width table: layer, description, output shape ("(B, T, O)" or "(B, O)") and parameters, then totals.
        /// </summary>
        public string ToText()
        {
            var culture = CultureInfo.InvariantCulture;
            var header = new[] { "Layer", "Type", "Output shape", "Params" };
            var cells = new List<string[]> { header };
            bool sequence = true;
            foreach (var row in Layers)
            {
                if (!row.ReturnsSequences) sequence = false;
                string shape = sequence ? $"(B, T, {row.OutputSize})" : $"(B, {row.OutputSize})";
                cells.Add(new[] { row.Name, row.Description, shape, row.Parameters.ToString("N0", culture) });
            }
            var widths = new int[header.Length];
            foreach (var c in cells)
                for (int i = 0; i < c.Length; i++) widths[i] = Math.Max(widths[i], c[i].Length);

            var sb = new StringBuilder();
            sb.Append("Model \"").Append(Model.Name).Append("\": input ")
              .Append(Model.InputKind == ModelInputKind.Tokens ? "(B, T) token ids < " + Model.InputSize : "(B, T, " + Model.InputSize + ")")
              .AppendLine();
            int total = 0;
            foreach (var w in widths) total += w + 2;
            for (int r = 0; r < cells.Count; r++)
            {
                for (int i = 0; i < header.Length; i++)
                {
                    string v = cells[r][i];
                    if (i == header.Length - 1) sb.Append(v.PadLeft(widths[i]));
                    else sb.Append(v.PadRight(widths[i] + 2));
                }
                sb.AppendLine();
                if (r == 0) sb.Append('-', total).AppendLine();
            }
            sb.Append('-', total).AppendLine();
            sb.Append("Total parameters: ").Append(TotalParameters.ToString("N0", culture))
              .Append(" (").Append((WeightBytes / 1024.0).ToString("0.0", culture)).AppendLine(" KiB as float32)");
            return sb.ToString();
        }

        public override string ToString() => ToText();
    }
}
