// Runs a decoded ONNX model node by node on the CPU: validates every node when built, folds constant subgraphs
// once, then executes with shapes taken from the actual inputs. Mapping onto fast layers is left to callers.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// An ONNX graph interpreter for the operators recurrent models use (default domain, opsets 6 to 25). Building it
    /// checks every node (unsupported op, bad attribute or input count → <see cref="OnnxFormatException"/> naming the op,
    /// node, opset and model path). <see cref="Run"/> is thread-safe: the executor holds no per-run state.
    /// </summary>
    public sealed class OnnxGraphExecutor
    {
        /// <summary>
        /// Oldest and newest default-domain opsets accepted. Recurrent exporters emit 6 to 22; opsets 23 to 25 changed the
        /// supported operators only by adding element types (float4/8, int2/4), which are rejected where they appear.
        /// </summary>
        public const long MinOpset = 1, MaxOpset = 25;

        private readonly OnnxGraphPlan _plan;

        public OnnxGraphExecutor(OnnxModel model, OnnxExecutorOptions? options = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            var opts = (options ?? new OnnxExecutorOptions()).Clone();
            long opset = model.Opset;
            string label = model.Path ?? "<in-memory model>";
            if (opset < MinOpset)
                throw new OnnxFormatException($"Model '{label}' imports no default-domain (ai.onnx) opset.");
            if (opset > MaxOpset)
                throw new OnnxFormatException(
                    $"Model '{label}' uses default-domain opset {opset.ToString(CultureInfo.InvariantCulture)}; the graph executor implements opsets up to {MaxOpset}.");
            _plan = OnnxGraphPlan.Build(model.Graph, new OnnxBuildEnvironment(opset, model.Path, opts), outer: null, isMain: true);
        }

        public OnnxModel Model { get; }

        /// <summary>The inputs <see cref="Run"/> needs (graph inputs that are not initializers), in graph order.</summary>
        public IReadOnlyList<OnnxValueInfo> Inputs => _plan.Inputs;

        /// <summary>The graph outputs, in the order <see cref="Run"/> returns them.</summary>
        public IReadOnlyList<OnnxValueInfo> Outputs => _plan.Outputs;

        /// <summary>Nodes of the main graph evaluated once at build time because all their inputs were constants.</summary>
        public int FoldedNodeCount => _plan.FoldedNodeCount;

        /// <summary>Nodes of the main graph that run on every <see cref="Run"/>.</summary>
        public int RuntimeNodeCount => _plan.Steps.Length;

        /// <summary>The nodes left to run after constant folding, in execution (topological) order.</summary>
        internal IEnumerable<OnnxNode> RuntimeNodes
        {
            get
            {
                foreach (var step in _plan.Steps) yield return step.Node;
            }
        }

        /// <summary>An initializer or folded value of the main graph.</summary>
        internal bool TryGetConstant(string name, out OnnxValue value) => _plan.Constants.TryGetValue(name, out value!);

        /// <summary>
        /// Runs the graph. Every entry of <see cref="Inputs"/> must be given, with its declared element type and rank;
        /// dimensions are free (a symbolic or exported dimension takes the value given here).
        /// </summary>
        public OnnxGraphOutputs Run(IReadOnlyDictionary<string, OnnxValue> inputs)
        {
            if (inputs is null) throw new ArgumentNullException(nameof(inputs));
            var scope = _plan.NewScope(null);
            foreach (var info in _plan.Inputs)
            {
                if (!inputs.TryGetValue(info.Name, out var value) || value is null)
                    throw new ArgumentException($"Input '{info.Name}' ({info}) is missing.", nameof(inputs));
                CheckInput(info, value);
                scope.Set(info.Name, value);
            }
            foreach (var kv in inputs)
            {
                bool known = false;
                foreach (var info in _plan.Inputs)
                    if (info.Name == kv.Key) known = true;
                if (!known)
                    throw new ArgumentException(
                        _plan.Constants.ContainsKey(kv.Key) || IsInitializer(kv.Key)
                            ? $"'{kv.Key}' is an initializer (a constant of the model) and cannot be fed."
                            : $"The graph has no input '{kv.Key}' (inputs: {string.Join(", ", InputNames())}).", nameof(inputs));
            }

            OnnxValue[] values = _plan.Run(scope);
            var names = new string[values.Length];
            for (int i = 0; i < names.Length; i++) names[i] = _plan.Outputs[i].Name;
            return new OnnxGraphOutputs(names, values);
        }

        private static void CheckInput(OnnxValueInfo info, OnnxValue value)
        {
            if (value.IsSequence)
                throw new ArgumentException($"Input '{info.Name}' must be a tensor, got {value.Describe()}.");
            var declared = info.ElementType == OnnxDataType.Float16 || info.ElementType == OnnxDataType.BFloat16
                ? OnnxDataType.Float : info.ElementType;
            if (declared != OnnxDataType.Undefined && declared != value.ElementType)
                throw new ArgumentException($"Input '{info.Name}' is declared {info.ElementType}, got {value.Describe()}.");
            if (info.Rank >= 0 && info.Rank != value.Rank)
                throw new ArgumentException($"Input '{info.Name}' is declared with rank {info.Rank} ({info}), got {value.Describe()}.");
        }

        private bool IsInitializer(string name)
        {
            foreach (var t in Model.Graph.Initializers)
                if (t.Name == name) return true;
            return false;
        }

        private IEnumerable<string> InputNames()
        {
            foreach (var i in _plan.Inputs) yield return i.Name;
        }
    }
}
