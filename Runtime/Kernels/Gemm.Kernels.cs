// The register-blocked micro-kernels of Gemm, written once against ISimd and specialised per width and shape.
// The row/vector counts are type arguments (IConstant), so the JIT folds every guard and keeps only live accumulators.
using System.Runtime.CompilerServices;

namespace Recurrent.Kernels
{
    public static unsafe partial class Gemm
    {
        // Each accumulator c{row}{vector} starts at 0 or C and takes A[row, i] · B[i, column] for i = 0, 1, ..., k-1 in
        // order, one multiply-add at a time: the result depends only on whether the width's multiply-add is fused.

        /// <summary>Up to 8 rows × 4 column vectors: each k loads the B vectors once, then broadcasts A row by row.</summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void KernelTall<TSimd, TVec, TRows, TCols>(TSimd s, float* a, nint lda, float* panel, nint panelStride,
            int column, nint k, float* c, nint ldc, bool accumulate)
            where TSimd : struct, ISimd<TVec> where TVec : struct where TRows : struct, IConstant where TCols : struct, IConstant
        {
            TRows rows = default;
            TCols cols = default;
            int w = s.Count;
            float* b0 = ColumnVector(panel, panelStride, column);
            float* b1 = cols.Value > 1 ? ColumnVector(panel, panelStride, column + w) : null;
            float* b2 = cols.Value > 2 ? ColumnVector(panel, panelStride, column + 2 * w) : null;
            float* b3 = cols.Value > 3 ? ColumnVector(panel, panelStride, column + 3 * w) : null;
            float* a0 = a;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            float* a3 = a2 + lda;
            float* a4 = a3 + lda;
            float* a5 = a4 + lda;
            float* a6 = a5 + lda;
            float* a7 = a6 + lda;
            TVec c00 = s.Zero, c01 = s.Zero, c02 = s.Zero, c03 = s.Zero;
            TVec c10 = s.Zero, c11 = s.Zero, c12 = s.Zero, c13 = s.Zero;
            TVec c20 = s.Zero, c21 = s.Zero, c22 = s.Zero, c23 = s.Zero;
            TVec c30 = s.Zero, c31 = s.Zero, c32 = s.Zero, c33 = s.Zero;
            TVec c40 = s.Zero, c41 = s.Zero, c42 = s.Zero, c43 = s.Zero;
            TVec c50 = s.Zero, c51 = s.Zero, c52 = s.Zero, c53 = s.Zero;
            TVec c60 = s.Zero, c61 = s.Zero, c62 = s.Zero, c63 = s.Zero;
            TVec c70 = s.Zero, c71 = s.Zero, c72 = s.Zero, c73 = s.Zero;
            if (accumulate)
            {
                c00 = s.Load(c);
                if (cols.Value > 1) c01 = s.Load(c + w);
                if (cols.Value > 2) c02 = s.Load(c + 2 * w);
                if (cols.Value > 3) c03 = s.Load(c + 3 * w);
                if (rows.Value > 1) c10 = s.Load(c + ldc);
                if (rows.Value > 1 && cols.Value > 1) c11 = s.Load(c + ldc + w);
                if (rows.Value > 1 && cols.Value > 2) c12 = s.Load(c + ldc + 2 * w);
                if (rows.Value > 1 && cols.Value > 3) c13 = s.Load(c + ldc + 3 * w);
                if (rows.Value > 2) c20 = s.Load(c + 2 * ldc);
                if (rows.Value > 2 && cols.Value > 1) c21 = s.Load(c + 2 * ldc + w);
                if (rows.Value > 2 && cols.Value > 2) c22 = s.Load(c + 2 * ldc + 2 * w);
                if (rows.Value > 2 && cols.Value > 3) c23 = s.Load(c + 2 * ldc + 3 * w);
                if (rows.Value > 3) c30 = s.Load(c + 3 * ldc);
                if (rows.Value > 3 && cols.Value > 1) c31 = s.Load(c + 3 * ldc + w);
                if (rows.Value > 3 && cols.Value > 2) c32 = s.Load(c + 3 * ldc + 2 * w);
                if (rows.Value > 3 && cols.Value > 3) c33 = s.Load(c + 3 * ldc + 3 * w);
                if (rows.Value > 4) c40 = s.Load(c + 4 * ldc);
                if (rows.Value > 4 && cols.Value > 1) c41 = s.Load(c + 4 * ldc + w);
                if (rows.Value > 4 && cols.Value > 2) c42 = s.Load(c + 4 * ldc + 2 * w);
                if (rows.Value > 4 && cols.Value > 3) c43 = s.Load(c + 4 * ldc + 3 * w);
                if (rows.Value > 5) c50 = s.Load(c + 5 * ldc);
                if (rows.Value > 5 && cols.Value > 1) c51 = s.Load(c + 5 * ldc + w);
                if (rows.Value > 5 && cols.Value > 2) c52 = s.Load(c + 5 * ldc + 2 * w);
                if (rows.Value > 5 && cols.Value > 3) c53 = s.Load(c + 5 * ldc + 3 * w);
                if (rows.Value > 6) c60 = s.Load(c + 6 * ldc);
                if (rows.Value > 6 && cols.Value > 1) c61 = s.Load(c + 6 * ldc + w);
                if (rows.Value > 6 && cols.Value > 2) c62 = s.Load(c + 6 * ldc + 2 * w);
                if (rows.Value > 6 && cols.Value > 3) c63 = s.Load(c + 6 * ldc + 3 * w);
                if (rows.Value > 7) c70 = s.Load(c + 7 * ldc);
                if (rows.Value > 7 && cols.Value > 1) c71 = s.Load(c + 7 * ldc + w);
                if (rows.Value > 7 && cols.Value > 2) c72 = s.Load(c + 7 * ldc + 2 * w);
                if (rows.Value > 7 && cols.Value > 3) c73 = s.Load(c + 7 * ldc + 3 * w);
            }

            for (nint i = 0, bi = 0; i < k; i++, bi += PackedMatrix.PanelWidth)
            {
                TVec v0 = s.Load(b0 + bi);
                TVec v1 = cols.Value > 1 ? s.Load(b1 + bi) : default;
                TVec v2 = cols.Value > 2 ? s.Load(b2 + bi) : default;
                TVec v3 = cols.Value > 3 ? s.Load(b3 + bi) : default;
                TVec x0 = s.Broadcast(a0[i]);
                c00 = s.MultiplyAdd(x0, v0, c00);
                if (cols.Value > 1) c01 = s.MultiplyAdd(x0, v1, c01);
                if (cols.Value > 2) c02 = s.MultiplyAdd(x0, v2, c02);
                if (cols.Value > 3) c03 = s.MultiplyAdd(x0, v3, c03);
                if (rows.Value > 1)
                {
                    TVec x1 = s.Broadcast(a1[i]);
                    c10 = s.MultiplyAdd(x1, v0, c10);
                    if (cols.Value > 1) c11 = s.MultiplyAdd(x1, v1, c11);
                    if (cols.Value > 2) c12 = s.MultiplyAdd(x1, v2, c12);
                    if (cols.Value > 3) c13 = s.MultiplyAdd(x1, v3, c13);
                }
                if (rows.Value > 2)
                {
                    TVec x2 = s.Broadcast(a2[i]);
                    c20 = s.MultiplyAdd(x2, v0, c20);
                    if (cols.Value > 1) c21 = s.MultiplyAdd(x2, v1, c21);
                    if (cols.Value > 2) c22 = s.MultiplyAdd(x2, v2, c22);
                    if (cols.Value > 3) c23 = s.MultiplyAdd(x2, v3, c23);
                }
                if (rows.Value > 3)
                {
                    TVec x3 = s.Broadcast(a3[i]);
                    c30 = s.MultiplyAdd(x3, v0, c30);
                    if (cols.Value > 1) c31 = s.MultiplyAdd(x3, v1, c31);
                    if (cols.Value > 2) c32 = s.MultiplyAdd(x3, v2, c32);
                    if (cols.Value > 3) c33 = s.MultiplyAdd(x3, v3, c33);
                }
                if (rows.Value > 4)
                {
                    TVec x4 = s.Broadcast(a4[i]);
                    c40 = s.MultiplyAdd(x4, v0, c40);
                    if (cols.Value > 1) c41 = s.MultiplyAdd(x4, v1, c41);
                    if (cols.Value > 2) c42 = s.MultiplyAdd(x4, v2, c42);
                    if (cols.Value > 3) c43 = s.MultiplyAdd(x4, v3, c43);
                }
                if (rows.Value > 5)
                {
                    TVec x5 = s.Broadcast(a5[i]);
                    c50 = s.MultiplyAdd(x5, v0, c50);
                    if (cols.Value > 1) c51 = s.MultiplyAdd(x5, v1, c51);
                    if (cols.Value > 2) c52 = s.MultiplyAdd(x5, v2, c52);
                    if (cols.Value > 3) c53 = s.MultiplyAdd(x5, v3, c53);
                }
                if (rows.Value > 6)
                {
                    TVec x6 = s.Broadcast(a6[i]);
                    c60 = s.MultiplyAdd(x6, v0, c60);
                    if (cols.Value > 1) c61 = s.MultiplyAdd(x6, v1, c61);
                    if (cols.Value > 2) c62 = s.MultiplyAdd(x6, v2, c62);
                    if (cols.Value > 3) c63 = s.MultiplyAdd(x6, v3, c63);
                }
                if (rows.Value > 7)
                {
                    TVec x7 = s.Broadcast(a7[i]);
                    c70 = s.MultiplyAdd(x7, v0, c70);
                    if (cols.Value > 1) c71 = s.MultiplyAdd(x7, v1, c71);
                    if (cols.Value > 2) c72 = s.MultiplyAdd(x7, v2, c72);
                    if (cols.Value > 3) c73 = s.MultiplyAdd(x7, v3, c73);
                }
            }

            s.Store(c, c00);
            if (cols.Value > 1) s.Store(c + w, c01);
            if (cols.Value > 2) s.Store(c + 2 * w, c02);
            if (cols.Value > 3) s.Store(c + 3 * w, c03);
            if (rows.Value > 1) s.Store(c + ldc, c10);
            if (rows.Value > 1 && cols.Value > 1) s.Store(c + ldc + w, c11);
            if (rows.Value > 1 && cols.Value > 2) s.Store(c + ldc + 2 * w, c12);
            if (rows.Value > 1 && cols.Value > 3) s.Store(c + ldc + 3 * w, c13);
            if (rows.Value > 2) s.Store(c + 2 * ldc, c20);
            if (rows.Value > 2 && cols.Value > 1) s.Store(c + 2 * ldc + w, c21);
            if (rows.Value > 2 && cols.Value > 2) s.Store(c + 2 * ldc + 2 * w, c22);
            if (rows.Value > 2 && cols.Value > 3) s.Store(c + 2 * ldc + 3 * w, c23);
            if (rows.Value > 3) s.Store(c + 3 * ldc, c30);
            if (rows.Value > 3 && cols.Value > 1) s.Store(c + 3 * ldc + w, c31);
            if (rows.Value > 3 && cols.Value > 2) s.Store(c + 3 * ldc + 2 * w, c32);
            if (rows.Value > 3 && cols.Value > 3) s.Store(c + 3 * ldc + 3 * w, c33);
            if (rows.Value > 4) s.Store(c + 4 * ldc, c40);
            if (rows.Value > 4 && cols.Value > 1) s.Store(c + 4 * ldc + w, c41);
            if (rows.Value > 4 && cols.Value > 2) s.Store(c + 4 * ldc + 2 * w, c42);
            if (rows.Value > 4 && cols.Value > 3) s.Store(c + 4 * ldc + 3 * w, c43);
            if (rows.Value > 5) s.Store(c + 5 * ldc, c50);
            if (rows.Value > 5 && cols.Value > 1) s.Store(c + 5 * ldc + w, c51);
            if (rows.Value > 5 && cols.Value > 2) s.Store(c + 5 * ldc + 2 * w, c52);
            if (rows.Value > 5 && cols.Value > 3) s.Store(c + 5 * ldc + 3 * w, c53);
            if (rows.Value > 6) s.Store(c + 6 * ldc, c60);
            if (rows.Value > 6 && cols.Value > 1) s.Store(c + 6 * ldc + w, c61);
            if (rows.Value > 6 && cols.Value > 2) s.Store(c + 6 * ldc + 2 * w, c62);
            if (rows.Value > 6 && cols.Value > 3) s.Store(c + 6 * ldc + 3 * w, c63);
            if (rows.Value > 7) s.Store(c + 7 * ldc, c70);
            if (rows.Value > 7 && cols.Value > 1) s.Store(c + 7 * ldc + w, c71);
            if (rows.Value > 7 && cols.Value > 2) s.Store(c + 7 * ldc + 2 * w, c72);
            if (rows.Value > 7 && cols.Value > 3) s.Store(c + 7 * ldc + 3 * w, c73);
        }

        /// <summary>Up to 3 rows × 8 column vectors (the GEMV shape): each k broadcasts A once, then streams B vector by vector.</summary>
        [MethodImpl(KernelMethod.Hot)]
        private static void KernelWide<TSimd, TVec, TRows, TCols>(TSimd s, float* a, nint lda, float* panel, nint panelStride,
            int column, nint k, float* c, nint ldc, bool accumulate)
            where TSimd : struct, ISimd<TVec> where TVec : struct where TRows : struct, IConstant where TCols : struct, IConstant
        {
            TRows rows = default;
            TCols cols = default;
            int w = s.Count;
            float* b0 = ColumnVector(panel, panelStride, column);
            float* b1 = cols.Value > 1 ? ColumnVector(panel, panelStride, column + w) : null;
            float* b2 = cols.Value > 2 ? ColumnVector(panel, panelStride, column + 2 * w) : null;
            float* b3 = cols.Value > 3 ? ColumnVector(panel, panelStride, column + 3 * w) : null;
            float* b4 = cols.Value > 4 ? ColumnVector(panel, panelStride, column + 4 * w) : null;
            float* b5 = cols.Value > 5 ? ColumnVector(panel, panelStride, column + 5 * w) : null;
            float* b6 = cols.Value > 6 ? ColumnVector(panel, panelStride, column + 6 * w) : null;
            float* b7 = cols.Value > 7 ? ColumnVector(panel, panelStride, column + 7 * w) : null;
            float* a0 = a;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            TVec c00 = s.Zero, c01 = s.Zero, c02 = s.Zero, c03 = s.Zero, c04 = s.Zero, c05 = s.Zero, c06 = s.Zero, c07 = s.Zero;
            TVec c10 = s.Zero, c11 = s.Zero, c12 = s.Zero, c13 = s.Zero, c14 = s.Zero, c15 = s.Zero, c16 = s.Zero, c17 = s.Zero;
            TVec c20 = s.Zero, c21 = s.Zero, c22 = s.Zero, c23 = s.Zero, c24 = s.Zero, c25 = s.Zero, c26 = s.Zero, c27 = s.Zero;
            if (accumulate)
            {
                c00 = s.Load(c);
                if (cols.Value > 1) c01 = s.Load(c + w);
                if (cols.Value > 2) c02 = s.Load(c + 2 * w);
                if (cols.Value > 3) c03 = s.Load(c + 3 * w);
                if (cols.Value > 4) c04 = s.Load(c + 4 * w);
                if (cols.Value > 5) c05 = s.Load(c + 5 * w);
                if (cols.Value > 6) c06 = s.Load(c + 6 * w);
                if (cols.Value > 7) c07 = s.Load(c + 7 * w);
                if (rows.Value > 1) c10 = s.Load(c + ldc);
                if (rows.Value > 1 && cols.Value > 1) c11 = s.Load(c + ldc + w);
                if (rows.Value > 1 && cols.Value > 2) c12 = s.Load(c + ldc + 2 * w);
                if (rows.Value > 1 && cols.Value > 3) c13 = s.Load(c + ldc + 3 * w);
                if (rows.Value > 1 && cols.Value > 4) c14 = s.Load(c + ldc + 4 * w);
                if (rows.Value > 1 && cols.Value > 5) c15 = s.Load(c + ldc + 5 * w);
                if (rows.Value > 1 && cols.Value > 6) c16 = s.Load(c + ldc + 6 * w);
                if (rows.Value > 1 && cols.Value > 7) c17 = s.Load(c + ldc + 7 * w);
                if (rows.Value > 2) c20 = s.Load(c + 2 * ldc);
                if (rows.Value > 2 && cols.Value > 1) c21 = s.Load(c + 2 * ldc + w);
                if (rows.Value > 2 && cols.Value > 2) c22 = s.Load(c + 2 * ldc + 2 * w);
                if (rows.Value > 2 && cols.Value > 3) c23 = s.Load(c + 2 * ldc + 3 * w);
                if (rows.Value > 2 && cols.Value > 4) c24 = s.Load(c + 2 * ldc + 4 * w);
                if (rows.Value > 2 && cols.Value > 5) c25 = s.Load(c + 2 * ldc + 5 * w);
                if (rows.Value > 2 && cols.Value > 6) c26 = s.Load(c + 2 * ldc + 6 * w);
                if (rows.Value > 2 && cols.Value > 7) c27 = s.Load(c + 2 * ldc + 7 * w);
            }

            for (nint i = 0, bi = 0; i < k; i++, bi += PackedMatrix.PanelWidth)
            {
                TVec x0 = s.Broadcast(a0[i]);
                TVec x1 = rows.Value > 1 ? s.Broadcast(a1[i]) : default;
                TVec x2 = rows.Value > 2 ? s.Broadcast(a2[i]) : default;
                TVec v0 = s.Load(b0 + bi);
                c00 = s.MultiplyAdd(x0, v0, c00);
                if (rows.Value > 1) c10 = s.MultiplyAdd(x1, v0, c10);
                if (rows.Value > 2) c20 = s.MultiplyAdd(x2, v0, c20);
                if (cols.Value > 1)
                {
                    TVec v1 = s.Load(b1 + bi);
                    c01 = s.MultiplyAdd(x0, v1, c01);
                    if (rows.Value > 1) c11 = s.MultiplyAdd(x1, v1, c11);
                    if (rows.Value > 2) c21 = s.MultiplyAdd(x2, v1, c21);
                }
                if (cols.Value > 2)
                {
                    TVec v2 = s.Load(b2 + bi);
                    c02 = s.MultiplyAdd(x0, v2, c02);
                    if (rows.Value > 1) c12 = s.MultiplyAdd(x1, v2, c12);
                    if (rows.Value > 2) c22 = s.MultiplyAdd(x2, v2, c22);
                }
                if (cols.Value > 3)
                {
                    TVec v3 = s.Load(b3 + bi);
                    c03 = s.MultiplyAdd(x0, v3, c03);
                    if (rows.Value > 1) c13 = s.MultiplyAdd(x1, v3, c13);
                    if (rows.Value > 2) c23 = s.MultiplyAdd(x2, v3, c23);
                }
                if (cols.Value > 4)
                {
                    TVec v4 = s.Load(b4 + bi);
                    c04 = s.MultiplyAdd(x0, v4, c04);
                    if (rows.Value > 1) c14 = s.MultiplyAdd(x1, v4, c14);
                    if (rows.Value > 2) c24 = s.MultiplyAdd(x2, v4, c24);
                }
                if (cols.Value > 5)
                {
                    TVec v5 = s.Load(b5 + bi);
                    c05 = s.MultiplyAdd(x0, v5, c05);
                    if (rows.Value > 1) c15 = s.MultiplyAdd(x1, v5, c15);
                    if (rows.Value > 2) c25 = s.MultiplyAdd(x2, v5, c25);
                }
                if (cols.Value > 6)
                {
                    TVec v6 = s.Load(b6 + bi);
                    c06 = s.MultiplyAdd(x0, v6, c06);
                    if (rows.Value > 1) c16 = s.MultiplyAdd(x1, v6, c16);
                    if (rows.Value > 2) c26 = s.MultiplyAdd(x2, v6, c26);
                }
                if (cols.Value > 7)
                {
                    TVec v7 = s.Load(b7 + bi);
                    c07 = s.MultiplyAdd(x0, v7, c07);
                    if (rows.Value > 1) c17 = s.MultiplyAdd(x1, v7, c17);
                    if (rows.Value > 2) c27 = s.MultiplyAdd(x2, v7, c27);
                }
            }

            s.Store(c, c00);
            if (cols.Value > 1) s.Store(c + w, c01);
            if (cols.Value > 2) s.Store(c + 2 * w, c02);
            if (cols.Value > 3) s.Store(c + 3 * w, c03);
            if (cols.Value > 4) s.Store(c + 4 * w, c04);
            if (cols.Value > 5) s.Store(c + 5 * w, c05);
            if (cols.Value > 6) s.Store(c + 6 * w, c06);
            if (cols.Value > 7) s.Store(c + 7 * w, c07);
            if (rows.Value > 1) s.Store(c + ldc, c10);
            if (rows.Value > 1 && cols.Value > 1) s.Store(c + ldc + w, c11);
            if (rows.Value > 1 && cols.Value > 2) s.Store(c + ldc + 2 * w, c12);
            if (rows.Value > 1 && cols.Value > 3) s.Store(c + ldc + 3 * w, c13);
            if (rows.Value > 1 && cols.Value > 4) s.Store(c + ldc + 4 * w, c14);
            if (rows.Value > 1 && cols.Value > 5) s.Store(c + ldc + 5 * w, c15);
            if (rows.Value > 1 && cols.Value > 6) s.Store(c + ldc + 6 * w, c16);
            if (rows.Value > 1 && cols.Value > 7) s.Store(c + ldc + 7 * w, c17);
            if (rows.Value > 2) s.Store(c + 2 * ldc, c20);
            if (rows.Value > 2 && cols.Value > 1) s.Store(c + 2 * ldc + w, c21);
            if (rows.Value > 2 && cols.Value > 2) s.Store(c + 2 * ldc + 2 * w, c22);
            if (rows.Value > 2 && cols.Value > 3) s.Store(c + 2 * ldc + 3 * w, c23);
            if (rows.Value > 2 && cols.Value > 4) s.Store(c + 2 * ldc + 4 * w, c24);
            if (rows.Value > 2 && cols.Value > 5) s.Store(c + 2 * ldc + 5 * w, c25);
            if (rows.Value > 2 && cols.Value > 6) s.Store(c + 2 * ldc + 6 * w, c26);
            if (rows.Value > 2 && cols.Value > 7) s.Store(c + 2 * ldc + 7 * w, c27);
        }

        /// <summary>Address of B[0, column] given the panel that holds column 0 of the block (column may run past 16).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float* ColumnVector(float* panel, nint panelStride, int column) =>
            panel + (column >> 4) * panelStride + (column & (PackedMatrix.PanelWidth - 1));

        /// <summary>A compile-time count: a struct whose Value the JIT folds to a constant in each instantiation.</summary>
        internal interface IConstant
        {
            int Value { get; }
        }

        internal struct N1 : IConstant { public int Value => 1; }
        internal struct N2 : IConstant { public int Value => 2; }
        internal struct N3 : IConstant { public int Value => 3; }
        internal struct N4 : IConstant { public int Value => 4; }
        internal struct N8 : IConstant { public int Value => 8; }
    }
}
