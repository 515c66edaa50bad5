// Build-time view of one node for its kernel: typed attribute access, input/output count checks, constant inputs
// and subgraph compilation. Every complaint becomes an OnnxFormatException naming op, node, opset and model path.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    /// <summary>Model-wide settings while a plan is built.</summary>
    internal sealed class OnnxBuildEnvironment
    {
        public OnnxBuildEnvironment(long opset, string? modelPath, OnnxExecutorOptions options, OnnxModelSize modelSize)
        {
            Opset = opset;
            ModelPath = modelPath;
            Options = options;
            FoldingBudget = OnnxRunBudget.ForFolding(options, modelSize);
        }

        public long Opset { get; }
        public string? ModelPath { get; }
        public OnnxExecutorOptions Options { get; }
        public string ModelLabel => ModelPath ?? "<in-memory model>";

        /// <summary>What folding the constants of the whole model (subgraphs included) may allocate and compute.</summary>
        public OnnxRunBudget FoldingBudget { get; }
    }

    /// <summary>
    /// Build-time scope of one graph: the names it defines and the constants known so far, chained to the enclosing
    /// graph's scope (subgraphs may read outer values).
    /// </summary>
    internal sealed class OnnxBuildScope
    {
        private readonly HashSet<string> _names;
        private readonly Dictionary<string, OnnxValue> _constants;

        public OnnxBuildScope(OnnxBuildScope? parent, HashSet<string> names, Dictionary<string, OnnxValue> constants)
        {
            Parent = parent;
            _names = names;
            _constants = constants;
        }

        public OnnxBuildScope? Parent { get; }

        public bool Knows(string name)
        {
            for (OnnxBuildScope? s = this; s != null; s = s.Parent)
                if (s._names.Contains(name)) return true;
            return false;
        }

        /// <summary>The constant value of <paramref name="name"/> in the nearest scope defining it, or null.</summary>
        public OnnxValue? Constant(string name)
        {
            for (OnnxBuildScope? s = this; s != null; s = s.Parent)
            {
                if (!s._names.Contains(name)) continue;
                return s._constants.TryGetValue(name, out var v) ? v : null;
            }
            return null;
        }
    }

    internal sealed class OnnxNodeContext
    {
        private readonly OnnxBuildScope _scope;

        public OnnxNodeContext(OnnxNode node, int index, string graphName, OnnxBuildEnvironment env, OnnxBuildScope scope)
        {
            Node = node;
            Index = index;
            GraphName = graphName;
            Environment = env;
            _scope = scope;
        }

        public OnnxNode Node { get; }
        public int Index { get; }
        public string GraphName { get; }
        public OnnxBuildEnvironment Environment { get; }
        public long Opset => Environment.Opset;
        public string OpType => Node.OpType;

        /// <summary>Inputs up to the last named one (trailing "" slots do not count).</summary>
        public int InputCount
        {
            get
            {
                int n = Node.Inputs.Length;
                while (n > 0 && Node.Inputs[n - 1].Length == 0) n--;
                return n;
            }
        }

        public int OutputCount => Node.Outputs.Length;

        public bool HasInput(int i) => Node.Input(i).Length > 0;

        public bool HasOutput(int i) => i < Node.Outputs.Length && Node.Outputs[i].Length > 0;

        public string Describe() => Describe(Node, Index, GraphName, Environment);

        public static string Describe(OnnxNode node, int index, string graphName, OnnxBuildEnvironment env)
        {
            string name = node.Name.Length > 0 ? $"'{node.Name}'" : $"#{index.ToString(CultureInfo.InvariantCulture)} (unnamed)";
            string graph = graphName.Length > 0 ? $" of graph '{graphName}'" : string.Empty;
            string domain = node.Domain.Length > 0 ? $"{node.Domain}." : string.Empty;
            return $"{domain}{node.OpType} node {name}{graph} (opset {env.Opset.ToString(CultureInfo.InvariantCulture)}, model '{env.ModelLabel}')";
        }

        public OnnxFormatException Error(string message) => new OnnxFormatException($"{Describe()}: {message}");

        /// <summary>An error naming this node that keeps <paramref name="inner"/> (the exception it was caused by).</summary>
        public OnnxFormatException Error(string message, Exception inner) => new OnnxFormatException($"{Describe()}: {message}", inner);

        /// <summary>Checks the input count and that the first <paramref name="min"/> slots are named.</summary>
        public void ExpectInputs(int min, int max)
        {
            int n = InputCount;
            if (n < min || n > max)
                throw Error(min == max ? $"expects {min} inputs, got {n}." : $"expects {min} to {max} inputs, got {n}.");
            for (int i = 0; i < min; i++)
                if (!HasInput(i)) throw Error($"required input {i} is empty.");
        }

        public void ExpectOutputs(int min, int max)
        {
            int n = OutputCount;
            if (n < min || n > max)
                throw Error(min == max ? $"expects {min} outputs, got {n}." : $"expects {min} to {max} outputs, got {n}.");
        }

        /// <summary>The build-time constant feeding input <paramref name="i"/>, or null (absent or computed at run time).</summary>
        public OnnxValue? ConstantInput(int i) => HasInput(i) ? _scope.Constant(Node.Inputs[i]) : null;

        public OnnxValue? Constant(string name) => _scope.Constant(name);

        /// <summary>Compiles a subgraph attribute; it sees this graph's values as outer scope.</summary>
        public OnnxGraphPlan CompileSubgraph(string attributeName)
        {
            var a = Attribute(attributeName, OnnxAttributeType.Graph) ?? throw Error($"attribute '{attributeName}' (a graph) is missing.");
            if (a.G is null) throw Error($"attribute '{attributeName}' holds no graph.");
            try
            {
                return OnnxGraphPlan.Build(a.G, Environment, _scope, isMain: false);
            }
            catch (OnnxBudgetExceededException e)
            {
                throw new OnnxBudgetExceededException($"{Describe()}: in subgraph '{attributeName}': {e.Message}", e);
            }
            catch (OnnxFormatException e)
            {
                throw new OnnxFormatException($"{Describe()}: in subgraph '{attributeName}': {e.Message}", e);
            }
        }

        // ---- attributes ----

        /// <summary>The attribute, checked to be of <paramref name="type"/> (UNDEFINED is accepted from IR 1 files).</summary>
        public OnnxAttribute? Attribute(string name, OnnxAttributeType type)
        {
            var a = Node.Attribute(name);
            if (a is null) return null;
            if (a.Type != type && a.Type != OnnxAttributeType.Undefined)
                throw Error($"attribute '{name}' is {a.Type}, expected {type}.");
            return a;
        }

        public bool Has(string name) => Node.Attribute(name) != null;

        public long Int(string name, long defaultValue) => Attribute(name, OnnxAttributeType.Int)?.I ?? defaultValue;

        public long? OptionalInt(string name) => Attribute(name, OnnxAttributeType.Int)?.I;

        public float Float(string name, float defaultValue) => Attribute(name, OnnxAttributeType.Float)?.F ?? defaultValue;

        public float? OptionalFloat(string name) => Attribute(name, OnnxAttributeType.Float)?.F;

        public string String(string name, string defaultValue) => Attribute(name, OnnxAttributeType.String)?.S ?? defaultValue;

        public long[]? Ints(string name) => Attribute(name, OnnxAttributeType.Ints)?.Ints;

        public float[]? Floats(string name) => Attribute(name, OnnxAttributeType.Floats)?.Floats;

        public string[]? Strings(string name) => Attribute(name, OnnxAttributeType.Strings)?.Strings;

        public OnnxTensor? Tensor(string name) => Attribute(name, OnnxAttributeType.Tensor)?.T;

        /// <summary>An int attribute that must lie in [min, max].</summary>
        public long IntInRange(string name, long defaultValue, long min, long max)
        {
            long v = Int(name, defaultValue);
            if (v < min || v > max) throw Error($"attribute '{name}' = {v} is outside [{min}, {max}].");
            return v;
        }

        /// <summary>A 0/1 flag attribute.</summary>
        public bool Flag(string name, bool defaultValue) => IntInRange(name, defaultValue ? 1 : 0, 0, 1) != 0;
    }
}
