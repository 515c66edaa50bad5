// Settings of an OnnxGraphExecutor: the Loop iteration limit and an optional per-node kernel hook.
// Plain settable properties; the executor copies what it needs when it is built.
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxExecutorOptions
    {
        /// <summary>The default <see cref="MaxLoopIterations"/>.</summary>
        public const long DefaultMaxLoopIterations = 1_000_000;

        private long _maxLoopIterations = DefaultMaxLoopIterations;

        /// <summary>
        /// The most iterations one Loop node may run. A loop that would go further (for example one with no trip count
        /// and a condition that never turns false) stops with an <see cref="OnnxFormatException"/> instead of hanging.
        /// </summary>
        public long MaxLoopIterations
        {
            get => _maxLoopIterations;
            set => _maxLoopIterations = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The limit must be positive.");
        }

        /// <summary>
        /// Called once per node while the executor is built, before the built-in kernels are consulted. A non-null
        /// result replaces the built-in kernel for that node (the hook for mapping recognised nodes onto faster layers).
        /// </summary>
        public OnnxKernelFactory? KernelFactory { get; set; }

        internal OnnxExecutorOptions Clone() => (OnnxExecutorOptions)MemberwiseClone();
    }
}
