// Resampling to a fixed number of points, evenly spaced in path length or drawing time over the whole gesture.
// Fixed-spacing (live) resampling is SpacingResampler.
using System;

namespace Recurrent.Data
{
    public sealed partial class StrokePreprocessor
    {
        /// <summary>
        /// Points at parameter u_k = total · k / (count − 1) (u_last = total exactly). The parameter accumulates segment
        /// lengths (or non-negative time steps) within strokes only; target u lies on the first segment (i − 1, i) with
        /// s[i − 1] &lt; u ≤ s[i], which always has positive extent and so never spans a pen-up jump.
        /// </summary>
        private static void ResampleCount(ReadOnlySpan<StrokePoint> points, double[] x, double[] y, int count, bool byTime, ResampledPath output)
        {
            int n = points.Length;
            var s = new double[n];
            double total = byTime ? Accumulate(points, x, y, true, s) : 0;
            if (total <= 0) total = Accumulate(points, x, y, false, s);
            if (total <= 0)
            {
                for (int k = 0; k < count; k++) output.Add(x[0], y[0], points[0].StrokeId);
                return;
            }
            output.Add(x[0], y[0], points[0].StrokeId);
            int i = 1;
            for (int k = 1; k < count; k++)
            {
                double u = k == count - 1 ? total : total * k / (count - 1);
                while (s[i] < u) i++;
                double f = (u - s[i - 1]) / (s[i] - s[i - 1]);
                output.Add(x[i - 1] + f * (x[i] - x[i - 1]), y[i - 1] + f * (y[i] - y[i - 1]), points[i].StrokeId);
            }
        }

        private static double Accumulate(ReadOnlySpan<StrokePoint> points, double[] x, double[] y, bool byTime, double[] s)
        {
            s[0] = 0;
            for (int i = 1; i < points.Length; i++)
            {
                double d = 0;
                if (points[i].StrokeId == points[i - 1].StrokeId)
                    d = byTime ? Math.Max(0, points[i].Time - points[i - 1].Time) : SpacingResampler.Hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
                s[i] = s[i - 1] + d;
            }
            return s[points.Length - 1];
        }
    }
}
