// Scalar twins of Gemm: the textbook triple loop, each output summed over k in order, with a separate multiply and
// add (Forward) or one fused multiply-add per step (ForwardFused, twin of the FMA widths; net8, as 2.1 lacks MathF.FMA).
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static class GemmReference
    {
        /// <summary>
        /// C[m, n] = (accumulate ? C[m, n] : 0) + Σ_k A[m, k] · B[k, n], k ascending.
        /// A: [M, K] with row stride lda; B: row-major [K, N]; C: [M, N] with row stride ldc.
        /// </summary>
        public static void Forward(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int k, int n,
            Span<float> c, int ldc, int m, bool accumulate)
        {
            if (m == 0 || n == 0) return;
            ThrowHelper.CheckLength(a.Length, (m - 1) * lda + k, nameof(a));
            ThrowHelper.CheckLength(b.Length, k * n, nameof(b));
            ThrowHelper.CheckLength(c.Length, (m - 1) * ldc + n, nameof(c));
            for (int row = 0; row < m; row++)
            {
                for (int col = 0; col < n; col++)
                {
                    float sum = accumulate ? c[row * ldc + col] : 0f;
                    for (int i = 0; i < k; i++)
                        sum += a[row * lda + i] * b[i * n + col];
                    c[row * ldc + col] = sum;
                }
            }
        }

        public static void Forward(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate) =>
            Forward(a, lda, b.RowMajor, b.K, b.N, c, ldc, m, accumulate);

#if NET8_0_OR_GREATER
        /// <summary>
        /// As <see cref="Forward(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, int, Span{float}, int, int, bool)"/>
        /// but each step is one fused multiply-add, sum = fma(A[m, k], B[k, n], sum): what Gemm computes where
        /// <see cref="Gemm.IsFused"/>.
        /// </summary>
        public static void ForwardFused(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int k, int n,
            Span<float> c, int ldc, int m, bool accumulate)
        {
            if (m == 0 || n == 0) return;
            ThrowHelper.CheckLength(a.Length, (m - 1) * lda + k, nameof(a));
            ThrowHelper.CheckLength(b.Length, k * n, nameof(b));
            ThrowHelper.CheckLength(c.Length, (m - 1) * ldc + n, nameof(c));
            for (int row = 0; row < m; row++)
            {
                for (int col = 0; col < n; col++)
                {
                    float sum = accumulate ? c[row * ldc + col] : 0f;
                    for (int i = 0; i < k; i++)
                        sum = MathF.FusedMultiplyAdd(a[row * lda + i], b[i * n + col], sum);
                    c[row * ldc + col] = sum;
                }
            }
        }

        public static void ForwardFused(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate) =>
            ForwardFused(a, lda, b.RowMajor, b.K, b.N, c, ldc, m, accumulate);
#endif
    }
}
