// The `inspect` report for an ONNX file: header, graph inputs and outputs (symbolic dimensions by name), node counts by
// op type, initializer parameters, the recurrent nodes' attributes, whether the graph executor runs it and whether it
// maps onto layers. Reading is OnnxReader's, running OnnxGraphExecutor's, mapping OnnxImporter's.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Recurrent.Editor;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal static class OnnxInspector
    {
        private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

        public static string Inspect(string path)
        {
            OnnxModel model = OnnxReader.ReadFile(path);
            OnnxGraph graph = model.Graph;
            var sb = new StringBuilder();

            sb.Append("ONNX model: ").Append(path).Append(" (").Append(ModelPaths.SizeOf(path)).AppendLine(")");
            sb.Append("  IR version: ").AppendLine(model.IrVersion.ToString(s_invariant));
            sb.Append("  opsets: ").AppendLine(Opsets(model));
            string producer = (model.ProducerName + " " + model.ProducerVersion).Trim();
            sb.Append("  producer: ").AppendLine(producer.Length == 0 ? "(none)" : producer);
            if (graph.Name.Length > 0) sb.Append("  graph: '").Append(graph.Name).AppendLine("'");
            foreach (var kv in model.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append("  metadata: ").Append(kv.Key).Append(" = ").AppendLine(CliSession.OneLine(kv.Value));

            var initializers = new HashSet<string>(graph.Initializers.Select(t => t.Name), StringComparer.Ordinal);
            sb.AppendLine("Inputs:");
            int inputs = 0;
            foreach (OnnxValueInfo info in graph.Inputs)
            {
                if (initializers.Contains(info.Name)) continue;  // IR < 4 lists initializers as inputs too
                sb.Append("  ").AppendLine(OnnxText.Describe(info));
                inputs++;
            }
            if (inputs == 0) sb.AppendLine("  (none)");
            sb.AppendLine("Outputs:");
            foreach (OnnxValueInfo info in graph.Outputs) sb.Append("  ").AppendLine(OnnxText.Describe(info));

            AppendNodes(sb, graph);
            AppendInitializers(sb, graph);
            AppendRecurrentNodes(sb, graph);
            AppendExecutorAndMapping(sb, model);
            return sb.ToString();
        }

        private static string Opsets(OnnxModel model)
        {
            if (model.OpsetImports.Count == 0) return "(none)";
            return string.Join(", ", model.OpsetImports
                .OrderBy(kv => kv.Key.Length == 0 ? "" : kv.Key, StringComparer.Ordinal)
                .Select(kv => (kv.Key.Length == 0 ? "ai.onnx" : kv.Key) + " " + kv.Value.ToString(s_invariant)));
        }

        private static void AppendNodes(StringBuilder sb, OnnxGraph graph)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (OnnxNode node in graph.Nodes)
            {
                string op = node.Domain.Length == 0 || node.Domain == "ai.onnx" ? node.OpType : node.Domain + "." + node.OpType;
                counts[op] = counts.TryGetValue(op, out int n) ? n + 1 : 1;
            }
            sb.Append("Nodes: ").Append(graph.Nodes.Length.ToString(s_invariant));
            int nested = 0;
            foreach (OnnxNode node in graph.Nodes) nested += SubgraphNodeCount(node);
            if (nested > 0) sb.Append(" (plus ").Append(nested.ToString(s_invariant)).Append(" in Loop/If/Scan bodies)");
            sb.AppendLine();
            if (counts.Count > 0)
                sb.Append("  ").AppendLine(string.Join(", ", counts
                    .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => kv.Key + " " + kv.Value.ToString(s_invariant))));
        }

        private static int SubgraphNodeCount(OnnxNode node)
        {
            int n = 0;
            foreach (OnnxGraph body in Subgraphs(node))
            {
                n += body.Nodes.Length;
                foreach (OnnxNode inner in body.Nodes) n += SubgraphNodeCount(inner);
            }
            return n;
        }

        private static IEnumerable<OnnxGraph> Subgraphs(OnnxNode node)
        {
            foreach (OnnxAttribute a in node.Attributes)
            {
                if (a.G != null) yield return a.G;
                foreach (OnnxGraph g in a.Graphs) yield return g;
            }
        }

        private static void AppendInitializers(StringBuilder sb, OnnxGraph graph)
        {
            long total = 0;
            var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (OnnxTensor t in graph.Initializers)
            {
                long n = t.ElementCount;
                total += n;
                string type = TensorJson.DTypeName(t.DataType);
                byType[type] = byType.TryGetValue(type, out long m) ? m + n : n;
            }
            sb.Append("Initializers: ").Append(graph.Initializers.Length.ToString(s_invariant)).Append(" tensors, ")
              .Append(total.ToString("N0", s_invariant)).Append(" parameters");
            if (byType.Count > 0)
                sb.Append(" (").Append(string.Join(", ", byType.Select(kv => kv.Key + " " + kv.Value.ToString("N0", s_invariant)))).Append(')');
            sb.AppendLine();
        }

        private static void AppendRecurrentNodes(StringBuilder sb, OnnxGraph graph)
        {
            var lines = new List<string>();
            CollectRecurrent(graph, "", lines, new Dictionary<string, OnnxTensor>(StringComparer.Ordinal));
            sb.AppendLine("Recurrent nodes:");
            if (lines.Count == 0) sb.AppendLine("  (none)");
            foreach (string line in lines) sb.Append("  ").AppendLine(line);
        }

        private static void CollectRecurrent(OnnxGraph graph, string where, List<string> lines, Dictionary<string, OnnxTensor> outerInitializers)
        {
            var initializers = new Dictionary<string, OnnxTensor>(outerInitializers, StringComparer.Ordinal);
            foreach (OnnxTensor t in graph.Initializers) initializers[t.Name] = t;
            foreach (OnnxNode node in graph.Nodes)
            {
                bool defaultDomain = node.Domain.Length == 0 || node.Domain == "ai.onnx";
                if (defaultDomain && (node.OpType == "LSTM" || node.OpType == "GRU" || node.OpType == "RNN"))
                    lines.Add(where + DescribeRecurrent(node, initializers));
                else if (defaultDomain && (node.OpType == "Loop" || node.OpType == "Scan"))
                {
                    foreach (OnnxGraph body in Subgraphs(node))
                        lines.Add(where + $"{node.OpType} '{node.Name}': body of {body.Nodes.Length} nodes ({BodyOps(body)})"
                            + " - a recurrence written as a loop");
                }
                foreach (OnnxGraph body in Subgraphs(node))
                    CollectRecurrent(body, where + $"in {node.OpType} '{node.Name}': ", lines, initializers);
            }
        }

        private static string BodyOps(OnnxGraph body)
        {
            var ops = new SortedSet<string>(StringComparer.Ordinal);
            foreach (OnnxNode n in body.Nodes) ops.Add(n.OpType);
            const int Shown = 8;
            string list = string.Join(", ", ops.Take(Shown));
            return ops.Count > Shown ? list + ", ..." : list;
        }

        private static string DescribeRecurrent(OnnxNode node, Dictionary<string, OnnxTensor> initializers)
        {
            var parts = new List<string>();
            OnnxAttribute? hidden = node.Attribute("hidden_size");
            parts.Add("hidden_size " + (hidden != null ? hidden.I.ToString(s_invariant) : "?"));
            OnnxAttribute? direction = node.Attribute("direction");
            parts.Add("direction " + (direction != null && direction.S.Length > 0 ? direction.S : "forward"));
            OnnxAttribute? layout = node.Attribute("layout");
            parts.Add("layout " + (layout?.I ?? 0).ToString(s_invariant) + ((layout?.I ?? 0) == 1 ? " (batch-major)" : " (time-major)"));
            string w = node.Input(1);
            if (w.Length > 0 && initializers.TryGetValue(w, out OnnxTensor? wt) && wt.Dims.Length == 3)
                parts.Add("input size " + wt.Dims[2].ToString(s_invariant) + ", W " + OnnxText.Shape(wt.Dims));
            else if (w.Length > 0)
                parts.Add("W computed by the graph ('" + w + "')");
            if (node.OpType == "GRU")
                parts.Add("linear_before_reset " + (node.Attribute("linear_before_reset")?.I ?? 0).ToString(s_invariant));
            OnnxAttribute? activations = node.Attribute("activations");
            if (activations != null && activations.Strings.Length > 0) parts.Add("activations " + string.Join(",", activations.Strings));
            OnnxAttribute? clip = node.Attribute("clip");
            if (clip != null) parts.Add("clip " + clip.F.ToString("R", s_invariant));
            if (node.OpType == "LSTM" && (node.Attribute("input_forget")?.I ?? 0) != 0) parts.Add("input_forget");
            if (node.Input(2).Length > 0) parts.Add("bias");
            if (node.Input(4).Length > 0) parts.Add("sequence_lens '" + node.Input(4) + "'");
            if (node.Input(5).Length > 0) parts.Add("initial_h");
            if (node.OpType == "LSTM" && node.Input(6).Length > 0) parts.Add("initial_c");
            if (node.OpType == "LSTM" && node.Input(7).Length > 0) parts.Add("peepholes");
            return $"{node.OpType} {(node.Name.Length > 0 ? "'" + node.Name + "'" : "(unnamed)")}: {string.Join(", ", parts)}";
        }

        private static void AppendExecutorAndMapping(StringBuilder sb, OnnxModel model)
        {
            OnnxGraphExecutor executor;
            try
            {
                executor = new OnnxGraphExecutor(model);
            }
            catch (RecurrentException e)
            {
                sb.Append("Executor: cannot run this graph: ").AppendLine(CliSession.OneLine(e.Message));
                sb.AppendLine("Mapping: not attempted (the graph does not run)");
                return;
            }
            sb.Append("Executor: runs with `recurrent predict` (")
              .Append(executor.FoldedNodeCount.ToString(s_invariant)).Append(" nodes folded at load, ")
              .Append(executor.RuntimeNodeCount.ToString(s_invariant)).AppendLine(" run per call)");

            Model? mapped;
            string reason;
            try
            {
                if (!OnnxImporter.TryMapToModel(executor, out mapped, out reason)) mapped = null;
            }
            catch (Exception e) when (e is RecurrentException || e is ArgumentException || e is InvalidOperationException)
            {
                mapped = null;
                reason = "mapping failed: " + e.Message;
            }
            if (mapped is null)
            {
                sb.Append("Mapping: does not map onto layers: ").Append(CliSession.OneLine(reason))
                  .AppendLine("; run it with `recurrent predict`");
                return;
            }
            sb.AppendLine("Mapping: maps onto layers (`recurrent convert` writes it as a model file):");
            foreach (string line in ModelSummary.Of(mapped).ToText().Split('\n'))
                if (line.TrimEnd('\r').Length > 0) sb.Append("  ").AppendLine(line.TrimEnd('\r'));
            var io = new ModelFileLayout(mapped);
            sb.Append("  As a model file, predict takes ").Append(io.DescribeInput()).Append(" and gives '").Append(io.OutputName)
              .Append("' ").AppendLine(io.DescribeOutput());
        }
    }
}
