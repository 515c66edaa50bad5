// Settings of an OnnxGraphExecutor: the Loop iteration limit, the per-run allocation and work budgets (and the
// automatic rule behind their defaults) and an optional per-node kernel hook. The executor copies them when built.
using System;

namespace Recurrent.Formats.Onnx
{
    /// <summary>Settings of an <see cref="OnnxGraphExecutor"/>: limits that keep a hostile graph from hanging or exhausting memory, and the kernel hook.</summary>
    public sealed class OnnxExecutorOptions
    {
        /// <summary>The default <see cref="MaxLoopIterations"/>.</summary>
        public const long DefaultMaxLoopIterations = 1_000_000;

        /// <summary>The fixed part of the automatic <see cref="MaxRunAllocatedBytes"/>: 64 MiB.</summary>
        public const long AutomaticBytesFloor = 64L << 20;

        /// <summary>The automatic <see cref="MaxRunAllocatedBytes"/> grows by this many bytes per byte of the model's tensors.</summary>
        public const int AutomaticBytesPerModelByte = 64;

        /// <summary>
        /// The automatic <see cref="MaxRunAllocatedBytes"/> grows by this many bytes per byte of inputs: every time step and
        /// batch row of the input makes each layer produce its outputs, gates and scratch.
        /// </summary>
        public const int AutomaticBytesPerInputByte = 1024;

        /// <summary>The fixed part of the automatic <see cref="MaxRunWork"/>: 2^26 operations (well under a second).</summary>
        public const long AutomaticWorkFloor = 1L << 26;

        /// <summary>
        /// The automatic <see cref="MaxRunWork"/> grows by this factor times (1 + model elements) · (1 + input elements): a
        /// recurrent model does about one multiply-add per weight per time step and batch row, and the inputs hold at
        /// least one element per step and row.
        /// </summary>
        public const int AutomaticWorkPerWeightAndInput = 4;

        private long _maxLoopIterations = DefaultMaxLoopIterations;
        private long? _maxRunAllocatedBytes, _maxRunWork;

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
        /// The most bytes of tensor data (outputs, intermediates, index scratch) one <see cref="OnnxGraphExecutor.Run"/>
        /// may allocate in total, If / Loop bodies included. It is checked before each allocation, so a hostile graph (an
        /// Expand or ConstantOfShape to hundreds of millions of elements, a Conv whose padding was raised to millions)
        /// stops with an <see cref="OnnxBudgetExceededException"/> naming the node instead of taking the memory.
        /// Null (the default) derives the limit from the model and the inputs on every run:
        /// <see cref="AutomaticBytesFloor"/> + <see cref="AutomaticBytesPerModelByte"/> × bytes of the model's initializers
        /// and constants + <see cref="AutomaticBytesPerInputByte"/> × bytes of the inputs (64 MiB + 64 × model + 1024 ×
        /// inputs). Constant folding when the executor is built uses the same rule with no inputs. Every run reports its
        /// use in <see cref="OnnxGraphOutputs.AllocatedBytes"/>. The real exported models in the tests use at most 15% of
        /// it on their reference inputs, but what a model allocates per input byte depends on its layers: a bidirectional
        /// 64-unit LSTM pair over a one-feature series allocates about 1,800 bytes per input byte, so a large batch of it
        /// needs a larger limit (<see cref="long.MaxValue"/> turns the check off).
        /// </summary>
        public long? MaxRunAllocatedBytes
        {
            get => _maxRunAllocatedBytes;
            set => _maxRunAllocatedBytes = value is null || value.Value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The limit must be positive (or null for the automatic one).");
        }

        /// <summary>
        /// The most work one <see cref="OnnxGraphExecutor.Run"/> may do, in estimated operations: multiply-adds of MatMul,
        /// Gemm, Conv and recurrent nodes, one per element written, one per node executed (Loop iterations included).
        /// It is checked before each node's heavy loop, so a graph whose attributes ask for hours of arithmetic stops in
        /// milliseconds with an <see cref="OnnxBudgetExceededException"/> naming the node.
        /// Null (the default) derives the limit on every run: <see cref="AutomaticWorkFloor"/> +
        /// <see cref="AutomaticWorkPerWeightAndInput"/> × (1 + elements of the model's initializers and constants) ×
        /// (1 + elements of the inputs). Every run reports its use in <see cref="OnnxGraphOutputs.Work"/>.
        /// </summary>
        public long? MaxRunWork
        {
            get => _maxRunWork;
            set => _maxRunWork = value is null || value.Value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The limit must be positive (or null for the automatic one).");
        }

        /// <summary>The automatic <see cref="MaxRunAllocatedBytes"/> for a model of <paramref name="modelBytes"/> and inputs of <paramref name="inputBytes"/>.</summary>
        public static long AutomaticAllocatedBytes(long modelBytes, long inputBytes) =>
            Saturate(AutomaticBytesFloor, Saturate(Multiply(AutomaticBytesPerModelByte, Math.Max(0, modelBytes)),
                Multiply(AutomaticBytesPerInputByte, Math.Max(0, inputBytes))));

        /// <summary>The automatic <see cref="MaxRunWork"/> for a model of <paramref name="modelElements"/> and inputs of <paramref name="inputElements"/>.</summary>
        public static long AutomaticWork(long modelElements, long inputElements) =>
            Saturate(AutomaticWorkFloor, Multiply(AutomaticWorkPerWeightAndInput,
                Multiply(Saturate(1, Math.Max(0, modelElements)), Saturate(1, Math.Max(0, inputElements)))));

        private static long Saturate(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        private static long Multiply(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

        /// <summary>
        /// Called once per node while the executor is built, before the built-in kernels are consulted. A non-null
        /// result replaces the built-in kernel for that node (the hook for mapping recognised nodes onto faster layers).
        /// A replacement kernel counts as one operation per run against <see cref="MaxRunWork"/>; what it allocates and
        /// computes is its own to bound.
        /// </summary>
        public OnnxKernelFactory? KernelFactory { get; set; }

        internal OnnxExecutorOptions Clone() => (OnnxExecutorOptions)MemberwiseClone();
    }
}
