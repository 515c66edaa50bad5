// Hand-built gestures for the stroke tests and a helper to run a preprocessor with chosen settings.
#nullable enable
using System;
using System.Collections.Generic;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    internal static class StrokeTestData
    {
        /// <summary>Settings with no normalisation, so outputs are resampled raw coordinates.</summary>
        public static StrokeSettings Raw(StrokeResampleMode mode, int points, params string[] features) => new StrokeSettings
        {
            Resample = mode,
            Points = points,
            NormalizeTranslation = false,
            NormalizeScale = false,
            Features = new List<string>(features),
        };

        /// <summary>A three-stroke scribble with uneven point spacing (deterministic).</summary>
        public static StrokePoint[] Scribble()
        {
            var points = new List<StrokePoint>();
            double t = 1000;
            for (int stroke = 0; stroke < 3; stroke++)
            {
                for (int i = 0; i < 15 + 4 * stroke; i++)
                {
                    double a = 0.3 * i + stroke;
                    float x = (float)(40 * stroke + 25 * Math.Cos(a) + 3 * i);
                    float y = (float)(60 + 18 * Math.Sin(1.7 * a) - 2 * stroke * i);
                    t += 8 + (i % 3) * 5;
                    points.Add(new StrokePoint(x, y, t, stroke));
                }
                t += 150;
            }
            return points.ToArray();
        }

        /// <summary>The points rotated by angle about (cx, cy), then scaled by s and shifted by (tx, ty).</summary>
        public static StrokePoint[] Transform(StrokePoint[] points, double angle, double cx, double cy, double s, double tx, double ty)
        {
            var result = new StrokePoint[points.Length];
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            for (int i = 0; i < points.Length; i++)
            {
                double x = points[i].X - cx, y = points[i].Y - cy;
                double rx = cx + x * cos - y * sin, ry = cy + x * sin + y * cos;
                result[i] = new StrokePoint((float)(rx * s + tx), (float)(ry * s + ty), points[i].Time, points[i].StrokeId);
            }
            return result;
        }

        public static StrokePoint P(float x, float y, double t = 0, int stroke = 0) => new StrokePoint(x, y, t, stroke);
    }
}
