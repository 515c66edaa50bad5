// The whole-gesture frame ($1/$N recognisers, Wobbrock et al. 2007; Anthony & Wobbrock 2010): rotate the indicative
// angle to zero, scale uniformly, move the centroid to the origin. The streaming-safe frame is Map in the main file.
using System;

namespace Recurrent.Data
{
    public sealed partial class StrokePreprocessor
    {
        private void NormalizeGesture(ResampledPath path)
        {
            int n = path.Count;
            double[] x = path.X, y = path.Y;
            double cx = 0, cy = 0;
            for (int i = 0; i < n; i++)
            {
                cx += x[i];
                cy += y[i];
            }
            cx /= n;
            cy /= n;
            for (int i = 0; i < n; i++)
            {
                x[i] -= cx;
                y[i] -= cy;
            }

            if (_settings.RotationInvariant)
            {
                // $1: IndicativeAngle = atan2(c.Y − p0.Y, c.X − p0.X); RotateBy(points, −angle) about the centroid.
                double angle = Math.Atan2(-y[0], -x[0]);
                double cos = Math.Cos(-angle), sin = Math.Sin(-angle);
                for (int i = 0; i < n; i++)
                {
                    double rx = x[i] * cos - y[i] * sin;
                    double ry = x[i] * sin + y[i] * cos;
                    x[i] = rx;
                    y[i] = ry;
                }
            }

            if (_settings.NormalizeScale)
            {
                double size = _settings.ScaleMode == StrokeScaleMode.BoundingBox ? LargerSide(x, y, n) : RmsRadius(x, y, n);
                if (size >= MinScaleSize)
                {
                    for (int i = 0; i < n; i++)
                    {
                        x[i] /= size;
                        y[i] /= size;
                    }
                }
            }

            if (!_settings.NormalizeTranslation)
            {
                for (int i = 0; i < n; i++)
                {
                    x[i] += cx;
                    y[i] += cy;
                }
            }
        }

        private static double LargerSide(double[] x, double[] y, int n)
        {
            double minX = x[0], maxX = x[0], minY = y[0], maxY = y[0];
            for (int i = 1; i < n; i++)
            {
                minX = Math.Min(minX, x[i]);
                maxX = Math.Max(maxX, x[i]);
                minY = Math.Min(minY, y[i]);
                maxY = Math.Max(maxY, y[i]);
            }
            return Math.Max(maxX - minX, maxY - minY);
        }

        private static double RmsRadius(double[] x, double[] y, int n)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[i] * x[i] + y[i] * y[i];
            return Math.Sqrt(sum / n);
        }
    }
}
