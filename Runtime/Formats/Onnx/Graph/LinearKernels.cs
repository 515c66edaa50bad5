// MatMul (numpy semantics: broadcast batch dims, 1-D operands promoted and dropped) and Gemm (alpha, beta, transA,
// transB, broadcast C) on float tensors, through Recurrent.Kernels.Gemm with B packed once when it is a constant.
using System;
using System.Threading;
using Recurrent.Kernels;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// Packs a right-hand operand and remembers the last one by array identity, so weights that reach a kernel as
    /// run-time values (Loop bodies pass them as loop-carried inputs) are packed once, not once per iteration.
    /// Values are immutable, so identity means equal contents; the swap is atomic, so concurrent runs are safe.
    /// </summary>
    internal sealed class PackedOperandCache
    {
        private sealed class Entry
        {
            public Entry(float[] source, int offset, PackedMatrix packed)
            {
                Source = source;
                Offset = offset;
                Packed = packed;
            }

            public float[] Source { get; }
            public int Offset { get; }
            public PackedMatrix Packed { get; }
        }

        private Entry? _last;

        /// <summary>
        /// The [K, N] operand at <paramref name="offset"/> of <paramref name="source"/> (row-major, or [N, K] when
        /// transposed). Packing a new operand is charged to <paramref name="budget"/> (null while the kernel is built).
        /// </summary>
        public PackedMatrix Get(float[] source, int offset, int k, int n, bool transposed, OnnxRunBudget? budget = null)
        {
            Entry? e = Volatile.Read(ref _last);
            if (e != null && ReferenceEquals(e.Source, source) && e.Offset == offset && e.Packed.K == k && e.Packed.N == n) return e.Packed;
            budget?.Allocate((long)k * n, sizeof(float));
            var span = new ReadOnlySpan<float>(source, offset, k * n);
            PackedMatrix packed = transposed ? PackedMatrix.FromTransposed(span, n, k) : PackedMatrix.FromRowMajor(span, k, n);
            Volatile.Write(ref _last, new Entry(source, offset, packed));
            return packed;
        }
    }

    internal sealed class MatMulKernel : OnnxKernel
    {
        private readonly PackedOperandCache _cache = new PackedOperandCache();

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            var kernel = new MatMulKernel();
            OnnxValue? b = c.ConstantInput(1);
            if (b?.F != null && b.Rank <= 2 && b.Rank >= 1)
                kernel._cache.Get(b.F, 0, b.Dims[0], b.Rank == 2 ? b.Dims[1] : 1, transposed: false); // pack constant weights now
            return kernel;
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue a = inputs[0]!, b = inputs[1]!;
            if (a.F is null || b.F is null) throw new OnnxKernelException($"MatMul supports float tensors, got {a.Describe()} and {b.Describe()}.");
            if (a.Rank == 0 || b.Rank == 0) throw new OnnxKernelException($"MatMul operands must have rank >= 1, got {a.Describe()} and {b.Describe()}.");
            int[] ad = a.Rank == 1 ? new[] { 1, a.Dims[0] } : a.Dims;
            int[] bd = b.Rank == 1 ? new[] { b.Dims[0], 1 } : b.Dims;
            int M = ad[ad.Length - 2], K = ad[ad.Length - 1], N = bd[bd.Length - 1];
            if (bd[bd.Length - 2] != K) throw new OnnxKernelException($"MatMul: inner dimensions differ ({a.Describe()} × {b.Describe()}).");
            int[] aBatch = ad.AsSpan(0, ad.Length - 2).ToArray(), bBatch = bd.AsSpan(0, bd.Length - 2).ToArray();
            int[] batch = OnnxShapes.Broadcast(aBatch, bBatch);

            int outRank = batch.Length + (a.Rank == 1 ? 0 : 1) + (b.Rank == 1 ? 0 : 1);
            var so = new int[outRank];
            Array.Copy(batch, so, batch.Length);
            int at = batch.Length;
            if (a.Rank != 1) so[at++] = M;
            if (b.Rank != 1) so[at] = N;

            int batches = OnnxShapes.Count(batch);
            OnnxRunBudget budget = context.Budget;
            long count = OnnxShapes.Product(OnnxShapes.Product(batches, M), N);
            if (count > OnnxShapes.MaxElements)
                throw new OnnxKernelException($"MatMul of {a.Describe()} and {b.Describe()} would hold more than the 2^28 elements a tensor may hold.");
            budget.Charge(OnnxShapes.Product(count, K)); // multiply-adds
            var y = budget.Floats((int)count);
            if (K == 0 || y.Length == 0)
            {
                outputs[0] = OnnxValue.Floats(y, so);
                return;
            }
            if (OnnxShapes.Count(bBatch) == 1 && OnnxShapes.SameShape(PadLeft(aBatch, batch.Length), batch))
            {
                // One weight matrix for every row of A: a single GEMM over batches·M rows.
                Gemm.Forward(a.F, K, _cache.Get(b.F, 0, K, N, false, budget), y, N, batches * M, accumulate: false);
            }
            else
            {
                int[] ia = OnnxShapes.BroadcastIndex(budget, aBatch, batch), ib = OnnxShapes.BroadcastIndex(budget, bBatch, batch);
                for (int i = 0; i < batches; i++)
                {
                    budget.Allocate((long)K * N, sizeof(float)); // the packed copy of this batch's B
                    PackedMatrix pb = PackedMatrix.FromRowMajor(new ReadOnlySpan<float>(b.F, ib[i] * K * N, K * N), K, N);
                    Gemm.Forward(new ReadOnlySpan<float>(a.F, ia[i] * M * K, M * K), K, pb, new Span<float>(y, i * M * N, M * N), N, M, accumulate: false);
                }
            }
            outputs[0] = OnnxValue.Floats(y, so);
        }

        private static int[] PadLeft(int[] dims, int rank)
        {
            var r = new int[rank];
            for (int i = 0; i < rank; i++) r[i] = i < rank - dims.Length ? 1 : dims[i - (rank - dims.Length)];
            return r;
        }
    }

    /// <summary>Gemm: Y = alpha · A' · B' + beta · C, A' = transA ? Aᵀ : A, B' = transB ? Bᵀ : B, C broadcast to [M, N].</summary>
    internal sealed class GemmKernel : OnnxKernel
    {
        private readonly float _alpha, _beta;
        private readonly bool _transA, _transB;
        private readonly PackedOperandCache _cache = new PackedOperandCache();

        private GemmKernel(float alpha, float beta, bool transA, bool transB)
        {
            _alpha = alpha;
            _beta = beta;
            _transA = transA;
            _transB = transB;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(c.Opset < 11 ? 3 : 2, 3);
            c.ExpectOutputs(1, 1);
            var kernel = new GemmKernel(c.Float("alpha", 1f), c.Float("beta", 1f), c.Flag("transA", false), c.Flag("transB", false));
            OnnxValue? b = c.ConstantInput(1);
            if (b != null)
            {
                if (b.F is null || b.Rank != 2) throw c.Error($"B must be a 2-D float tensor, got {b.Describe()}.");
                int k = kernel._transB ? b.Dims[1] : b.Dims[0], n = kernel._transB ? b.Dims[0] : b.Dims[1];
                kernel._cache.Get(b.F, 0, k, n, kernel._transB); // pack constant weights now
            }
            return kernel;
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue a = inputs[0]!, b = inputs[1]!;
            OnnxValue? cIn = inputs.Length > 2 ? inputs[2] : null;
            if (a.F is null || b.F is null || a.Rank != 2 || b.Rank != 2)
                throw new OnnxKernelException($"Gemm takes 2-D float A and B, got {a.Describe()} and {b.Describe()}.");
            int M = _transA ? a.Dims[1] : a.Dims[0], K = _transA ? a.Dims[0] : a.Dims[1];
            int kb = _transB ? b.Dims[1] : b.Dims[0], N = _transB ? b.Dims[0] : b.Dims[1];
            if (K != kb) throw new OnnxKernelException($"Gemm: inner dimensions differ (A {OnnxShapes.Format(a.Dims)}, B {OnnxShapes.Format(b.Dims)}, transA {_transA}, transB {_transB}).");
            OnnxRunBudget budget = context.Budget;
            long count = OnnxShapes.Product(M, N);
            if (count > OnnxShapes.MaxElements)
                throw new OnnxKernelException($"Gemm of {a.Describe()} and {b.Describe()} would give [{M},{N}], more than the 2^28 elements a tensor may hold.");
            budget.Charge(OnnxShapes.Product(count, K)); // multiply-adds
            float[] aRows = a.F;
            if (_transA)
            {
                aRows = budget.Floats(M * K);
                for (int k = 0; k < K; k++)
                    for (int m = 0; m < M; m++) aRows[m * K + k] = a.F[k * M + m];
            }
            var y = budget.Floats((int)count);
            if (K > 0 && y.Length > 0) Gemm.Forward(aRows, K, _cache.Get(b.F, 0, K, N, _transB, budget), y, N, M, accumulate: false);
            if (_alpha != 1f)
                for (int i = 0; i < y.Length; i++) y[i] *= _alpha;
            var so = new[] { M, N };
            if (cIn != null && _beta != 0f)
            {
                if (cIn.F is null) throw new OnnxKernelException($"Gemm's C must be float, got {cIn.Describe()}.");
                if (!OnnxShapes.SameShape(OnnxShapes.Broadcast(cIn.Dims, so), so))
                    throw new OnnxKernelException($"Gemm's C {OnnxShapes.Format(cIn.Dims)} does not broadcast to [{M},{N}].");
                int[] ic = OnnxShapes.BroadcastIndex(budget, cIn.Dims, so);
                float[] cf = cIn.F;
                if (_beta == 1f) for (int i = 0; i < y.Length; i++) y[i] += cf[ic[i]];
                else for (int i = 0; i < y.Length; i++) y[i] += _beta * cf[ic[i]];
            }
            outputs[0] = OnnxValue.Floats(y, so);
        }
    }
}
