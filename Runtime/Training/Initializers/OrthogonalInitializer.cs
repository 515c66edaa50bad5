// keras.initializers.Orthogonal (Saxe et al. 2014): the Q of a QR decomposition of a normal matrix, sign-corrected by
// sign(diag(R)) as Keras / np.linalg.qr do, times gain. QR is Householder in double.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// For a [rows, cols] weight: draw A ~ N(0, 1) of shape [max(rows, cols), min(rows, cols)], take the reduced QR
    /// A = QR, multiply column j of Q by sign(R_jj) (0 counts as +1), transpose when rows &lt; cols, multiply by gain.
    /// So WᵀW = gain²·I when rows ≥ cols and WWᵀ = gain²·I otherwise. The ONNX recurrent R [G·H, H] thus gets
    /// orthonormal columns, the transpose of Keras' recurrent_kernel [H, G·H] with orthonormal rows.
    /// </summary>
    public sealed class OrthogonalInitializer : Initializer
    {
        public OrthogonalInitializer(float gain = 1f)
        {
            if (float.IsNaN(gain) || float.IsInfinity(gain)) ThrowHelper.ThrowArgumentOutOfRange(nameof(gain), $"Gain must be finite (got {gain}).");
            Gain = gain;
        }

        public float Gain { get; }

        public override string Name => "orthogonal";

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            int rows = shape.Rows, cols = shape.Cols;
            if ((long)rows * cols != values.Length || rows == 0 || cols == 0)
                ThrowHelper.ThrowArgument(nameof(shape), $"Orthogonal needs a non-empty [rows, cols] matrix of {values.Length} values, got {shape}.");
            int m = Math.Max(rows, cols), k = Math.Min(rows, cols);

            var a = new double[m * k];   // [m, k] row-major
            for (int i = 0; i < a.Length; i++) a[i] = rng.NextGaussian();
            double[] q = ThinQ(a, m, k);

            double gain = Gain;
            if (rows >= cols)
            {
                for (int i = 0; i < values.Length; i++) values[i] = (float)(gain * q[i]);
            }
            else
            {
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++) values[r * cols + c] = (float)(gain * q[c * k + r]);
            }
        }

        /// <summary>The reduced Q [m, k] (m ≥ k) of A = QR with diag(R) ≥ 0, by Householder reflections.</summary>
        /// <param name="a">[m, k] row-major; overwritten by the reflectors.</param>
        internal static double[] ThinQ(double[] a, int m, int k)
        {
            var tau = new double[k];
            var diag = new double[k];
            for (int j = 0; j < k; j++)
            {
                double norm = 0;
                for (int i = j; i < m; i++) norm += a[i * k + j] * a[i * k + j];
                norm = Math.Sqrt(norm);
                if (norm == 0)
                {
                    tau[j] = 0;
                    diag[j] = 0;
                    continue;
                }
                double alpha = a[j * k + j] >= 0 ? -norm : norm;   // R_jj
                a[j * k + j] -= alpha;                               // v = x − α·e1, stored in place
                double vv = 0;
                for (int i = j; i < m; i++) vv += a[i * k + j] * a[i * k + j];
                tau[j] = vv == 0 ? 0 : 2.0 / vv;
                diag[j] = alpha;
                for (int c = j + 1; c < k; c++)
                {
                    double s = 0;
                    for (int i = j; i < m; i++) s += a[i * k + j] * a[i * k + c];
                    s *= tau[j];
                    for (int i = j; i < m; i++) a[i * k + c] -= s * a[i * k + j];
                }
            }

            var q = new double[m * k];   // Q = H_0 ⋯ H_{k−1} [I_k; 0]
            for (int i = 0; i < k; i++) q[i * k + i] = 1;
            for (int j = k - 1; j >= 0; j--)
            {
                if (tau[j] == 0) continue;
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    for (int i = j; i < m; i++) s += a[i * k + j] * q[i * k + c];
                    s *= tau[j];
                    for (int i = j; i < m; i++) q[i * k + c] -= s * a[i * k + j];
                }
            }
            for (int j = 0; j < k; j++)
            {
                if (diag[j] >= 0) continue;
                for (int i = 0; i < m; i++) q[i * k + j] = -q[i * k + j];
            }
            return q;
        }
    }
}
