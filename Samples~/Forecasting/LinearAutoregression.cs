// The baseline: y = c + Σ_k a_k·x_{t−k} fitted by ordinary least squares (normal equations in double, Cholesky).
// Sample-only code; the recurrent models never see it.
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
