// Matrix products the backward passes need, built on the forward GEMM: C += Aᵀ·B (weight gradients summed over
// all time steps and batch rows at once) and C (+)= A·B with B given row-major (input and state gradients).
// Packing storage is reused between steps, so training steps do not allocate once shapes are stable.
using System;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    /// <summary>Reusable packed operand: repacks new values into the same storage while the shape stays the same.</summary>
    internal sealed class PackedOperand
    {
        private PackedMatrix? _matrix;

        /// <summary>B = b, row-major [k, n].</summary>
        public PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n)
        {
            if (_matrix is null || _matrix.K != k || _matrix.N != n) _matrix = PackedMatrix.FromRowMajor(b, k, n);
            else _matrix.Repack(b);
            return _matrix;
        }

        /// <summary>B = wᵀ for w row-major [n, k].</summary>
        public PackedMatrix PackTransposed(ReadOnlySpan<float> w, int n, int k)
        {
            if (_matrix is null || _matrix.K != k || _matrix.N != n) _matrix = PackedMatrix.FromTransposed(w, n, k);
            else _matrix.RepackTransposed(w);
            return _matrix;
        }
    }

    /// <summary>Scratch for <see cref="TrainingGemm.AccumulateTransA"/>.</summary>
    internal sealed class TransAScratch
    {
        public float[] Transposed = Array.Empty<float>();
        public readonly PackedOperand B = new PackedOperand();
    }

    internal static class TrainingGemm
    {
        /// <summary>
        /// C[M, N] += Aᵀ·B with A [K, M] (row stride <paramref name="lda"/>) and B row-major [K, N]; C row stride N.
        /// </summary>
        public static void AccumulateTransA(ReadOnlySpan<float> a, int lda, int k, int m, ReadOnlySpan<float> b, int n, Span<float> c,
            TransAScratch scratch)
        {
            if (k == 0 || m == 0 || n == 0) return;
            if (scratch.Transposed.Length < m * k) scratch.Transposed = new float[m * k];
            var at = scratch.Transposed.AsSpan(0, m * k);
            for (int row = 0; row < k; row++)
            {
                var src = a.Slice(row * lda, m);
                for (int col = 0; col < m; col++) at[col * k + row] = src[col];
            }
            Gemm.Forward(at, k, scratch.B.Pack(b, k, n), c, n, m, accumulate: true);
        }
    }
}
