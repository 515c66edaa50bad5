// The right-hand operand of Gemm, packed once at model-build time (weights are read-only afterwards).
// The packed layout is private to Gemm; callers only say what logical [K, N] matrix they mean.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    /// <summary>A read-only [K, N] matrix stored in the layout the GEMM micro-kernel wants.</summary>
    public sealed partial class PackedMatrix
    {
        /// <summary>Rows of the logical matrix (the reduction dimension).</summary>
        public int K { get; }

        /// <summary>Columns of the logical matrix (the output dimension).</summary>
        public int N { get; }

        /// <summary>The logical matrix, row-major [K, N]; kept for the scalar reference and for export.</summary>
        internal float[] RowMajor { get; }

        internal PackedMatrix(int k, int n, float[] rowMajor)
        {
            K = k;
            N = n;
            RowMajor = rowMajor;
            Panels = Pack(rowMajor, k, n);
        }

        /// <summary>Packs a row-major [K, N] matrix.</summary>
        public static PackedMatrix FromRowMajor(ReadOnlySpan<float> b, int k, int n)
        {
            CheckDims(k, n);
            ThrowHelper.CheckLength(b.Length, k * n, nameof(b));
            return new PackedMatrix(k, n, b.Slice(0, k * n).ToArray());
        }

        /// <summary>
        /// Packs the transpose of a row-major [N, K] matrix, i.e. B = Wᵀ for an ONNX weight W [G*H, I], so that
        /// C = A × B computes A × Wᵀ.
        /// </summary>
        public static PackedMatrix FromTransposed(ReadOnlySpan<float> w, int n, int k)
        {
            CheckDims(k, n);
            ThrowHelper.CheckLength(w.Length, k * n, nameof(w));
            var rowMajor = new float[k * n];
            for (int row = 0; row < n; row++)
                for (int col = 0; col < k; col++)
                    rowMajor[col * n + row] = w[row * k + col];
            return new PackedMatrix(k, n, rowMajor);
        }

        /// <summary>
        /// Overwrites the values with a new row-major [K, N] matrix of the same shape, reusing the packed storage
        /// (training repacks updated weights every step without allocating).
        /// </summary>
        internal void Repack(ReadOnlySpan<float> b)
        {
            ThrowHelper.CheckLength(b.Length, K * N, nameof(b));
            b.Slice(0, K * N).CopyTo(RowMajor);
            RepackPanels();
        }

        /// <summary>As <see cref="FromTransposed"/>, into this matrix: B = Wᵀ for W [N, K].</summary>
        internal void RepackTransposed(ReadOnlySpan<float> w)
        {
            ThrowHelper.CheckLength(w.Length, K * N, nameof(w));
            float[] rowMajor = RowMajor;
            int n = N, k = K;
            for (int row = 0; row < n; row++)
                for (int col = 0; col < k; col++)
                    rowMajor[col * n + row] = w[row * k + col];
            RepackPanels();
        }

        private void RepackPanels() => WritePanels(RowMajor, K, N, Panels, PanelStart);

        private static void CheckDims(int k, int n)
        {
            if (k < 0 || n < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(k), "Negative matrix dimension.");
        }
    }
}
