// The OnnxFormatException a graph run throws when it would pass its allocation or work budget. It names the node;
// the budget itself (limits, automatic defaults) lives in OnnxExecutorOptions and the executor's OnnxRunBudget.

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// A run of <see cref="OnnxGraphExecutor"/> stopped before a node would allocate or compute more than the run's
    /// budget (<see cref="OnnxExecutorOptions.MaxRunAllocatedBytes"/>, <see cref="OnnxExecutorOptions.MaxRunWork"/>).
    /// A hostile or corrupted file (a Conv padded to millions, an Expand to billions) ends here quickly instead of running
    /// for minutes; a legitimate model that needs more can be run again with higher limits. The message names the node.
    /// </summary>
    public sealed class OnnxBudgetExceededException : OnnxFormatException
    {
        public OnnxBudgetExceededException(string message, OnnxBudgetKind budget, long limit, long required)
            : base(message)
        {
            Budget = budget;
            Limit = limit;
            Required = required;
        }

        /// <summary>The same budget failure with more context in front (the node, the enclosing If / Loop node).</summary>
        internal OnnxBudgetExceededException(string message, OnnxBudgetExceededException inner)
            : base(message, inner)
        {
            Budget = inner.Budget;
            Limit = inner.Limit;
            Required = inner.Required;
        }

        /// <summary>Which budget ran out.</summary>
        public OnnxBudgetKind Budget { get; }

        /// <summary>The limit in force for the run (bytes, or operations).</summary>
        public long Limit { get; }

        /// <summary>What the run would have reached had the node gone ahead (saturates at <see cref="long.MaxValue"/>).</summary>
        public long Required { get; }
    }
}
