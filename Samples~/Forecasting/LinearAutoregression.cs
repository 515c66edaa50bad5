// The baseline: y = c + Σ_k a_k·x_{t−k} fitted by ordinary least squares (normal equations in double, Cholesky), and
// the best any linear forecaster on the same lags can do with unlimited data. Sample-only; the models never see it.
using System;

namespace Recurrent.Samples.Forecasting
{
    internal sealed class LinearAutoregression
    {
        private readonly double[] _coefficients;   // [lags + 1]: one per lag, then the intercept

        private LinearAutoregression(double[] coefficients) => _coefficients = coefficients;

        /// <summary>Least squares on windows [n, lags] → targets [n].</summary>
        public static LinearAutoregression Fit(float[] windows, float[] targets, int n, int lags)
        {
            int p = lags + 1;
            var ata = new double[p * p];
            var aty = new double[p];
            var row = new double[p];
            for (int s = 0; s < n; s++)
            {
                for (int k = 0; k < lags; k++) row[k] = windows[s * lags + k];
                row[lags] = 1;
                for (int i = 0; i < p; i++)
                {
                    aty[i] += row[i] * targets[s];
                    for (int j = 0; j <= i; j++) ata[i * p + j] += row[i] * row[j];
                }
            }
            for (int i = 0; i < p; i++)
                for (int j = 0; j < i; j++) ata[j * p + i] = ata[i * p + j];
            return new LinearAutoregression(SolveCholesky(ata, aty, p));
        }

        public double Predict(ReadOnlySpan<float> window)
        {
            double y = _coefficients[window.Length];
            for (int k = 0; k < window.Length; k++) y += _coefficients[k] * window[k];
            return y;
        }

        public double MeanSquaredError(float[] windows, float[] targets, int n)
        {
            int lags = _coefficients.Length - 1;
            double sum = 0;
            for (int s = 0; s < n; s++)
            {
                double e = Predict(windows.AsSpan(s * lags, lags)) - targets[s];
                sum += e * e;
            }
            return sum / n;
        }

        /// <summary>
        /// Expected MSE of the best linear forecaster of x_T from x_0 … x_{T−1} with unlimited training data (the Wiener
        /// predictor), for x_t = a·sin(ω1 t + φ) + b·cos(ω2 t + φ·ω2/ω1) + σ·N(0, 1) with the phase φ uniform. In the
        /// basis u(t) = [sin ω1t, cos ω1t, sin ω2t, cos ω2t] the signal is u(t)·c with E[c] = 0 and Cov(c) =
        /// diag(a²/2, a²/2, b²/2, b²/2) (the two frequencies are uncorrelated over a period), so with U = [u(0); …; u(T−1)]:
        /// MSE = σ² + u(T)ᵀΣu(T) − kᵀ(UΣUᵀ + σ²I)⁻¹k, k = UΣu(T). A fitted AR adds its estimation error on top.
        /// </summary>
        public static double BestLinearMse(int lags, double omega1, double a, double omega2, double b, double sigma)
        {
            double[] U(int t) => new[] { Math.Sin(omega1 * t), Math.Cos(omega1 * t), Math.Sin(omega2 * t), Math.Cos(omega2 * t) };
            double[] variance = { a * a / 2, a * a / 2, b * b / 2, b * b / 2 };
            double Cov(double[] u, double[] v)
            {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += u[j] * variance[j] * v[j];
                return sum;
            }
            var basis = new double[lags][];
            for (int t = 0; t < lags; t++) basis[t] = U(t);
            double[] target = U(lags);
            var c = new double[lags * lags];
            var k = new double[lags];
            for (int i = 0; i < lags; i++)
            {
                k[i] = Cov(basis[i], target);
                for (int j = 0; j < lags; j++) c[i * lags + j] = Cov(basis[i], basis[j]) + (i == j ? sigma * sigma : 0);
            }
            double[] weights = SolveCholesky(c, k, lags);
            double explained = 0;
            for (int i = 0; i < lags; i++) explained += k[i] * weights[i];
            return sigma * sigma + Cov(target, target) - explained;
        }

        /// <summary>Solves A·x = b for symmetric positive definite A [p, p] (a tiny ridge keeps it definite).</summary>
        private static double[] SolveCholesky(double[] a, double[] b, int p)
        {
            var l = new double[p * p];
            double ridge = 1e-9 * Trace(a, p) / p;
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    double sum = a[i * p + j] + (i == j ? ridge : 0);
                    for (int k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
                    l[i * p + j] = i == j ? Math.Sqrt(sum) : sum / l[j * p + j];
                }
            }
            var y = new double[p];
            for (int i = 0; i < p; i++)
            {
                double sum = b[i];
                for (int k = 0; k < i; k++) sum -= l[i * p + k] * y[k];
                y[i] = sum / l[i * p + i];
            }
            var x = new double[p];
            for (int i = p - 1; i >= 0; i--)
            {
                double sum = y[i];
                for (int k = i + 1; k < p; k++) sum -= l[k * p + i] * x[k];
                x[i] = sum / l[i * p + i];
            }
            return x;
        }

        private static double Trace(double[] a, int p)
        {
            double t = 0;
            for (int i = 0; i < p; i++) t += a[i * p + i];
            return t;
        }
    }
}
