// The fast GEMM: C = A × B with B pre-packed. One driver owns the SIMD width and the tails; the scalar twin is
// GemmReference. Accumulation over k is strictly in order for every output element.
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static unsafe partial class Gemm
    {
        /// <summary>
        /// C[m, n] = (accumulate ? C[m, n] : 0) + Σ_k A[m, k] · B[k, n].
        /// A: [M, K] with row stride <paramref name="lda"/>; C: [M, N] with row stride <paramref name="ldc"/>.
        /// Allocates nothing.
        /// </summary>
        /// <remarks>
        /// Each C element is one accumulator updated in k order, so the result does not depend on the SIMD width or
        /// the blocking: where <see cref="IsFused"/> (net8 on FMA hardware) it equals GemmReference.ForwardFused bit
        /// for bit, otherwise <see cref="GemmReference.Forward(ReadOnlySpan{float}, int, PackedMatrix, Span{float}, int, int, bool)"/>.
        /// </remarks>
        public static void Forward(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate)
        {
            if (m == 0 || b.N == 0) return;
            ThrowHelper.CheckLength(a.Length, (m - 1) * lda + b.K, nameof(a));
            ThrowHelper.CheckLength(c.Length, (m - 1) * ldc + b.N, nameof(c));
#if NET8_0_OR_GREATER
            ForwardNative(a, lda, b, c, ldc, m, accumulate);
#else
            ForwardVector(a, lda, b, c, ldc, m, accumulate);
#endif
        }

#if !NET8_0_OR_GREATER
        /// <summary>Whether <see cref="Forward"/> rounds each multiply-add once; never in the .NET Standard build.</summary>
        public static bool IsFused => false;
#endif

        /// <summary>
        /// The portable path (the whole of the .NET Standard build): Vector&lt;float&gt; with a separate multiply and add,
        /// equal bit for bit to <see cref="GemmReference.Forward"/>. Arguments must already be checked.
        /// </summary>
        internal static void ForwardVector(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate)
        {
            if (Vector.IsHardwareAccelerated && PackedMatrix.PanelWidth % Vector<float>.Count == 0)
                Run<VectorSimd, Vector<float>, N4, N3, N4, N8>(a, lda, b, c, ldc, m, accumulate);
            else
                ForwardScalar(a, lda, b, c, ldc, m, accumulate);
        }

        /// <summary>One float at a time over the packed panels: the fallback where no SIMD is accelerated.</summary>
        internal static void ForwardScalar(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate) =>
            Run<ScalarSimd, float, N4, N3, N4, N8>(a, lda, b, c, ldc, m, accumulate);

        /// <summary>
        /// The blocking driver for one width. One row (the streaming GEMV case) uses the wide kernel TRowCols vectors at
        /// a time, two or three rows TWideCols at a time (independent accumulators hide the FMA latency); more rows use
        /// TTallRows × TTallCols blocks, column blocks outermost so a K × TTallCols·w slice of B stays in cache while
        /// every row block passes over it.
        /// </summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void Run<TSimd, TVec, TTallRows, TTallCols, TWideCols, TRowCols>(ReadOnlySpan<float> a, int lda, PackedMatrix b,
            Span<float> c, int ldc, int m, bool accumulate)
            where TSimd : struct, ISimd<TVec> where TVec : struct
            where TTallRows : struct, IConstant where TTallCols : struct, IConstant
            where TWideCols : struct, IConstant where TRowCols : struct, IConstant
        {
            if (m <= 0 || b.N == 0) return;
            fixed (float* pa = a)
            fixed (float* pc = c)
            fixed (float* pb = b.Panels)
            {
                var p = new Problem(pa, lda, pb + b.PanelStart, b.PanelStride, b.K, pc, ldc, accumulate);
                int w = default(TSimd).Count;
                int vectors = b.N / w;
                switch (m)
                {
                    case 1: WideRows<TSimd, TVec, N1, TRowCols>(p, 0, vectors); break;
                    case 2: WideRows<TSimd, TVec, N2, TWideCols>(p, 0, vectors); break;
                    case 3: WideRows<TSimd, TVec, N3, TWideCols>(p, 0, vectors); break;
                    default:
                        int v = 0;
                        int tallCols = default(TTallCols).Value;
                        for (; v + tallCols <= vectors; v += tallCols)
                            TallColumns<TSimd, TVec, TTallRows, TTallCols>(p, m, v * w);
                        for (; v + 2 <= vectors; v += 2)
                            TallColumns<TSimd, TVec, TTallRows, N2>(p, m, v * w);
                        for (; v < vectors; v++)
                            TallColumns<TSimd, TVec, TTallRows, N1>(p, m, v * w);
                        break;
                }

                int partial = b.N - vectors * w;
                if (partial > 0)
                    PartialColumns<TSimd, TVec>(p, m, vectors * w, partial);
            }
        }

        /// <summary>Rows 0..TRows-1 over the full vectors v0..vectors-1, widest blocks first.</summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void WideRows<TSimd, TVec, TRows, TWideCols>(in Problem p, int v, int vectors)
            where TSimd : struct, ISimd<TVec> where TVec : struct
            where TRows : struct, IConstant where TWideCols : struct, IConstant
        {
            int w = default(TSimd).Count;
            int wide = default(TWideCols).Value;
            for (; v + wide <= vectors; v += wide)
                KernelWide<TSimd, TVec, TRows, TWideCols>(default, p.A, p.Lda, p.Panel(v * w), p.PanelStride, (v * w) & 15, p.K, p.C + v * w, p.Ldc, p.Accumulate);
            if (wide > 4 && v + 4 <= vectors)
            {
                KernelWide<TSimd, TVec, TRows, N4>(default, p.A, p.Lda, p.Panel(v * w), p.PanelStride, (v * w) & 15, p.K, p.C + v * w, p.Ldc, p.Accumulate);
                v += 4;
            }
            if (v + 2 <= vectors)
            {
                KernelWide<TSimd, TVec, TRows, N2>(default, p.A, p.Lda, p.Panel(v * w), p.PanelStride, (v * w) & 15, p.K, p.C + v * w, p.Ldc, p.Accumulate);
                v += 2;
            }
            if (v < vectors)
                KernelWide<TSimd, TVec, TRows, N1>(default, p.A, p.Lda, p.Panel(v * w), p.PanelStride, (v * w) & 15, p.K, p.C + v * w, p.Ldc, p.Accumulate);
        }

        /// <summary>All m rows of TCols full vectors starting at column <paramref name="col"/>: TRows at a time, then 4, 2, 1.</summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void TallColumns<TSimd, TVec, TRows, TCols>(in Problem p, int m, int col)
            where TSimd : struct, ISimd<TVec> where TVec : struct
            where TRows : struct, IConstant where TCols : struct, IConstant
        {
            float* panel = p.Panel(col);
            int column = col & 15;
            int tall = default(TRows).Value;
            int row = 0;
            for (; row + tall <= m; row += tall)
                KernelTall<TSimd, TVec, TRows, TCols>(default, p.A + row * p.Lda, p.Lda, panel, p.PanelStride, column, p.K, p.C + row * p.Ldc + col, p.Ldc, p.Accumulate);
            if (tall > 4 && row + 4 <= m)
            {
                KernelTall<TSimd, TVec, N4, TCols>(default, p.A + row * p.Lda, p.Lda, panel, p.PanelStride, column, p.K, p.C + row * p.Ldc + col, p.Ldc, p.Accumulate);
                row += 4;
            }
            if (tall > 2 && row + 2 <= m)
            {
                KernelTall<TSimd, TVec, N2, TCols>(default, p.A + row * p.Lda, p.Lda, panel, p.PanelStride, column, p.K, p.C + row * p.Ldc + col, p.Ldc, p.Accumulate);
                row += 2;
            }
            if (row < m)
                KernelTall<TSimd, TVec, N1, TCols>(default, p.A + row * p.Lda, p.Lda, panel, p.PanelStride, column, p.K, p.C + row * p.Ldc + col, p.Ldc, p.Accumulate);
        }

        /// <summary>
        /// The last <paramref name="count"/> (&lt; w) columns: one vector computed into a stack tile (the padded panel
        /// columns read as zero), of which only the real columns are copied to C.
        /// </summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void PartialColumns<TSimd, TVec>(in Problem p, int m, int col, int count)
            where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            const int TileRows = 4;
            float* tile = stackalloc float[TileRows * PackedMatrix.PanelWidth];
            int w = default(TSimd).Count;
            float* panel = p.Panel(col);
            int column = col & 15;
            for (int row = 0; row < m;)
            {
                int rows = m - row >= 4 ? 4 : m - row >= 2 ? 2 : 1;
                float* a = p.A + row * p.Lda;
                float* c = p.C + row * p.Ldc + col;
                if (p.Accumulate)
                {
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < count; j++)
                            tile[r * w + j] = c[r * p.Ldc + j];
                }
                switch (rows)
                {
                    case 4: KernelTall<TSimd, TVec, N4, N1>(default, a, p.Lda, panel, p.PanelStride, column, p.K, tile, w, p.Accumulate); break;
                    case 2: KernelTall<TSimd, TVec, N2, N1>(default, a, p.Lda, panel, p.PanelStride, column, p.K, tile, w, p.Accumulate); break;
                    default: KernelTall<TSimd, TVec, N1, N1>(default, a, p.Lda, panel, p.PanelStride, column, p.K, tile, w, p.Accumulate); break;
                }
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < count; j++)
                        c[r * p.Ldc + j] = tile[r * w + j];
                row += rows;
            }
        }

        /// <summary>The operands of one call, pinned, passed by reference through the blocking loops.</summary>
        private readonly struct Problem
        {
            public Problem(float* a, int lda, float* panels, int panelStride, int k, float* c, int ldc, bool accumulate)
            {
                A = a;
                Lda = lda;
                Panels = panels;
                PanelStride = panelStride;
                K = k;
                C = c;
                Ldc = ldc;
                Accumulate = accumulate;
            }

            public readonly float* A;
            public readonly nint Lda;
            public readonly float* Panels;
            public readonly nint PanelStride;
            public readonly int K;
            public readonly float* C;
            public readonly nint Ldc;
            public readonly bool Accumulate;

            /// <summary>The panel holding column <paramref name="col"/>.</summary>
            public float* Panel(int col) => Panels + (col >> 4) * PanelStride;
        }
    }
}
