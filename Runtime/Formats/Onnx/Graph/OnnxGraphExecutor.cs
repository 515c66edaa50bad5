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
        private readonly OnnxModelSize _modelSize;

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
            _modelSize = MeasureModel(model.Graph);
            _plan = OnnxGraphPlan.Build(model.Graph, new OnnxBuildEnvironment(opset, model.Path, opts, _modelSize), outer: null, isMain: true);
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

        /// <summary>Elements and bytes of the model's own tensors: the base of the automatic run budgets.</summary>
        internal long ModelElements => _modelSize.Elements;

        /// <inheritdoc cref="ModelElements"/>
        internal long ModelBytes => _modelSize.Bytes;

        /// <summary>
        /// Runs the graph. Every entry of <see cref="Inputs"/> must be given, with its declared element type and rank;
        /// dimensions are free (a symbolic or exported dimension takes the value given here). The run is held to the
        /// budgets of <see cref="OnnxExecutorOptions.MaxRunAllocatedBytes"/> and <see cref="OnnxExecutorOptions.MaxRunWork"/>.
        /// </summary>
        /// <exception cref="ArgumentException">An input is missing, unknown, or of another type or rank than declared.</exception>
        /// <exception cref="OnnxBudgetExceededException">The run would pass its allocation or work budget (the message names the node).</exception>
        /// <exception cref="OnnxFormatException">A node cannot compute its values (bad shapes, indices or values; the message names the node).</exception>
        public OnnxGraphOutputs Run(IReadOnlyDictionary<string, OnnxValue> inputs)
        {
            if (inputs is null) throw new ArgumentNullException(nameof(inputs));
            var scope = _plan.NewScope(null);
            long inputBytes = 0, inputElements = 0;
            foreach (var info in _plan.Inputs)
            {
                if (!inputs.TryGetValue(info.Name, out var value) || value is null)
                    throw new ArgumentException($"Input '{info.Name}' ({info}) is missing.", nameof(inputs));
                CheckInput(info, value);
                scope.Set(info.Name, value);
                inputElements += SizeOf(value, out long bytes);
                inputBytes += bytes;
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

            var budget = OnnxRunBudget.ForRun(_plan.Options, _modelSize, inputBytes, inputElements);
            OnnxValue[] values = _plan.Run(scope, budget);
            var names = new string[values.Length];
            for (int i = 0; i < names.Length; i++) names[i] = _plan.Outputs[i].Name;
            return new OnnxGraphOutputs(names, values, budget.AllocatedBytes, budget.Work);
        }

        /// <summary>Elements of an input tensor and their bytes as the executor stores them.</summary>
        private static long SizeOf(OnnxValue value, out long bytes)
        {
            long n = value.ElementCount;
            bytes = n * OnnxRunBudget.ElementBytes(value.ElementType);
            return n;
        }

        /// <summary>Initializers and Constant-node values of the graph and all its subgraphs (saturating sums).</summary>
        private static OnnxModelSize MeasureModel(OnnxGraph graph)
        {
            long elements = 0, bytes = 0;
            var pending = new Stack<OnnxGraph>();
            pending.Push(graph);
            while (pending.Count > 0)
            {
                OnnxGraph g = pending.Pop();
                foreach (var t in g.Initializers) Add(t, ref elements, ref bytes);
                foreach (var node in g.Nodes)
                {
                    foreach (var a in node.Attributes)
                    {
                        // Null arrays only come from IR built in code (the reader never leaves one).
                        if (a.G != null) pending.Push(a.G);
                        if (a.Graphs != null)
                            foreach (var sub in a.Graphs) pending.Push(sub);
                        if (node.OpType != "Constant") continue;
                        if (a.T != null) Add(a.T, ref elements, ref bytes);
                        Add(a.Floats?.Length ?? 0, sizeof(float), ref elements, ref bytes);
                        Add(a.Ints?.Length ?? 0, sizeof(long), ref elements, ref bytes);
                    }
                }
            }
            return new OnnxModelSize(elements, bytes);
        }

        private static void Add(OnnxTensor t, ref long elements, ref long bytes)
        {
            long n = 1;
            foreach (long d in t.Dims) n = d <= 0 ? 0 : OnnxShapes.Product(n, d);
            Add(n, t.DataType == OnnxDataType.Float16 || t.DataType == OnnxDataType.BFloat16 ? sizeof(float) : OnnxRunBudget.ElementBytes(t.DataType),
                ref elements, ref bytes);
        }

        private static void Add(long n, int elementBytes, ref long elements, ref long bytes)
        {
            elements = elements > long.MaxValue - n ? long.MaxValue : elements + n;
            long b = OnnxShapes.Product(n, elementBytes);
            bytes = bytes > long.MaxValue - b ? long.MaxValue : bytes + b;
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
