// The executor's internal op contract: a kernel is built once per node (attributes validated, constant weights
// prepared) and then run any number of times, from any thread. The run context carries the scope for If/Loop and
// the run's budget, which kernels charge before they allocate or loop.
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    /// <summary>One node's prepared operation. Implementations keep no per-run state.</summary>
    internal abstract class OnnxKernel
    {
        /// <summary>
        /// Computes the node. <paramref name="inputs"/>[i] is null for an omitted optional input; the kernel sets every
        /// <paramref name="outputs"/>[i] the node names (it may leave unnamed ones null).
        /// </summary>
        public abstract void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs);

        /// <summary>Whether a node whose inputs are all constants may be evaluated once at build time.</summary>
        public virtual bool Foldable => true;
    }

    /// <summary>What a running kernel may reach: the options, the value scope (for subgraphs) and the run's budget.</summary>
    internal sealed class OnnxRunContext
    {
        public OnnxRunContext(OnnxExecutorOptions options, OnnxValueScope scope, OnnxRunBudget budget)
        {
            Options = options;
            Scope = scope;
            Budget = budget;
        }

        public OnnxExecutorOptions Options { get; }

        public OnnxValueScope Scope { get; }

        /// <summary>Every allocation proportional to a tensor goes through it; heavy loops charge their work first.</summary>
        public OnnxRunBudget Budget { get; }
    }

    /// <summary>
    /// The values visible while one graph (or subgraph iteration) runs: its own computed values, then its plan's
    /// constants, then the enclosing scope (ONNX subgraphs see outer-scope values).
    /// </summary>
    internal sealed class OnnxValueScope
    {
        private readonly Dictionary<string, OnnxValue> _values = new Dictionary<string, OnnxValue>();
        private readonly IReadOnlyDictionary<string, OnnxValue> _constants;
        private readonly OnnxValueScope? _parent;

        public OnnxValueScope(IReadOnlyDictionary<string, OnnxValue> constants, OnnxValueScope? parent)
        {
            _constants = constants;
            _parent = parent;
        }

        public bool TryGet(string name, out OnnxValue value)
        {
            for (OnnxValueScope? s = this; s != null; s = s._parent)
            {
                if (s._values.TryGetValue(name, out value!)) return true;
                if (s._constants.TryGetValue(name, out value!)) return true;
            }
            value = null!;
            return false;
        }

        public void Set(string name, OnnxValue value) => _values[name] = value;

        public void Remove(string name) => _values.Remove(name);
    }
}
