// A reference no learned model can beat in expectation: it knows f(t) = sin(0.1 t) + 0.5 cos(0.05 t) and fits only
// the offset τ of each window by least squares, then predicts f(τ + T). Sample-only; the models never see it.
using System;

namespace Recurrent.Samples.Forecasting
{
    internal static class PhaseFitReference
    {
        private const int GridPerUnit = 100;   // τ on a grid of 0.01 over one period of f (40π)

        private static readonly int s_gridCount = (int)Math.Ceiling(40 * Math.PI * GridPerUnit);
        // f at 0.01·i for i < gridCount + 100·T: f(τ_j + k) = s_table[j + 100·k] without any trigonometry in the search.
        private static readonly double[] s_table = BuildTable();

        /// <summary>Test MSE of the per-window phase fit over windows [count, T] → targets [count].</summary>
        public static double Mse(float[] windows, float[] targets, int count)
        {
            int T = ForecastSeries.Window;
            double sum = 0;
            for (int s = 0; s < count; s++)
            {
                int bestJ = 0;
                double bestErr = double.MaxValue;
                for (int j = 0; j < s_gridCount; j++)
                {
                    double err = 0;
                    for (int k = 0; k < T && err < bestErr; k++)
                    {
                        double d = windows[s * T + k] - s_table[j + GridPerUnit * k];
                        err += d * d;
                    }
                    if (err < bestErr) { bestErr = err; bestJ = j; }
                }
                double e = s_table[bestJ + GridPerUnit * T] - targets[s];
                sum += e * e;
            }
            return sum / count;
        }

        private static double[] BuildTable()
        {
            var table = new double[s_gridCount + GridPerUnit * (ForecastSeries.Window + 1)];
            for (int i = 0; i < table.Length; i++) table[i] = ForecastSeries.Signal((double)i / GridPerUnit);
            return table;
        }
    }
}
