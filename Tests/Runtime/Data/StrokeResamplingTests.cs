// Resampling checked against geometry worked out by hand: equal arc spacing on lines and corners, pen-up jumps that
// add no length, time spacing that skips pauses, and the pen features.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;
using static Recurrent.Tests.Data.StrokeTestData;

namespace Recurrent.Tests.Data
{
    public sealed class StrokeResamplingTests
    {
        // Interpolation in double, output in float: coordinates up to ~100 keep ~1e-5 absolute accuracy.
        private const float CoordinateTolerance = 1e-5f;

        // Float outputs of coordinates ~100: a point on a segment satisfies |a p| + |p b| − |a b| ≈ 0 to ~1e-5.
        private const double OnSegmentTolerance = 1e-4;

        // Path positions recovered from float coordinates of magnitude ~100.
        private const double PathPositionTolerance = 1e-3;

        [Test]
        public void ArcLength_OnUnevenStraightLine_PointsAreEquallySpaced()
        {
            StrokePoint[] line = { P(0, 0), P(1, 0), P(1.5f, 0), P(7, 0), P(10, 0) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.ArcLength, 10, "x", "y"));

            float[] xy = pre.Process(line);

            Assert.That(xy.Length, Is.EqualTo(20));
            for (int k = 0; k < 10; k++)
            {
                Assert.That(xy[2 * k], Is.EqualTo(10f * k / 9).Within(CoordinateTolerance), "x of point " + k);
                Assert.That(xy[2 * k + 1], Is.EqualTo(0f));
            }
        }

        [Test]
        public void ArcLength_AroundACorner_FollowsThePath()
        {
            // (0,0) → (3,0) → (3,4): length 7, so 8 points land every unit of path.
            StrokePoint[] corner = { P(0, 0), P(3, 0), P(3, 4) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.ArcLength, 8, "x", "y"));

            float[] xy = pre.Process(corner);

            Assert.That(xy, Is.EqualTo(new float[] { 0, 0, 1, 0, 2, 0, 3, 0, 3, 1, 3, 2, 3, 3, 3, 4 }).Within(CoordinateTolerance));
        }

        [Test]
        public void ArcLength_OnMultistrokeScribble_OutputsAreEquallySpacedAlongThePath()
        {
            // Independent check: locate each output point on the input polyline (the first segment at or after the
            // previous one that it lies on) and measure its path position; position k must be k · L / (N − 1).
            StrokePoint[] scribble = Scribble();
            const int n = 41;
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.ArcLength, n, "x", "y"));

            float[] xy = pre.Process(scribble);

            var start = new double[scribble.Length]; // path position of each input point (jumps add nothing)
            for (int i = 1; i < scribble.Length; i++)
                start[i] = start[i - 1] + (scribble[i].StrokeId == scribble[i - 1].StrokeId ? Distance(scribble[i - 1], scribble[i].X, scribble[i].Y) : 0);
            double total = start[scribble.Length - 1];
            int segment = 1;
            for (int k = 0; k < n; k++)
            {
                double position = k == 0 ? 0 : double.NaN;
                for (int i = segment; k > 0 && i < scribble.Length; i++)
                {
                    if (scribble[i].StrokeId != scribble[i - 1].StrokeId) continue;
                    double along = Distance(scribble[i - 1], xy[2 * k], xy[2 * k + 1]);
                    double rest = Distance(scribble[i], xy[2 * k], xy[2 * k + 1]);
                    double length = start[i] - start[i - 1];
                    if (along + rest - length < OnSegmentTolerance)
                    {
                        position = start[i - 1] + along;
                        segment = i;
                        break;
                    }
                }
                Assert.That(position, Is.EqualTo(total * k / (n - 1)).Within(PathPositionTolerance), "output point " + k);
            }
        }

        [Test]
        public void Multistroke_JumpAddsNoLength_AndMarksPen()
        {
            // Stroke 0: (0,0) → (4,0); stroke 1: (0,2) → (4,2). Drawn length 8; 5 points at 0, 2, 4, 6, 8.
            StrokePoint[] twoBars = { P(0, 0, 0, 0), P(4, 0, 10, 0), P(0, 2, 50, 1), P(4, 2, 60, 1) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.ArcLength, 5, "x", "y", "dx", "dy", "pen", "pen_up"));

            float[] f = pre.Process(twoBars);

            Assert.That(f, Is.EqualTo(new float[]
            {
                0, 0, 0, 0, 1, 0,
                2, 0, 2, 0, 1, 0,
                4, 0, 2, 0, 1, 0,
                2, 2, -2, 2, 0, 1,
                4, 2, 2, 0, 1, 0,
            }).Within(CoordinateTolerance));
        }

        [Test]
        public void Time_SpacesByDrawingTime_SkippingPenUpPauses()
        {
            // 10 ms per stroke, a 40 ms pause between them: drawing time 20 ms, points every 5 ms.
            StrokePoint[] twoBars = { P(0, 0, 0, 0), P(2, 0, 10, 0), P(0, 5, 50, 1), P(2, 5, 60, 1) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.Time, 5, "x", "y"));

            float[] xy = pre.Process(twoBars);

            Assert.That(xy, Is.EqualTo(new float[] { 0, 0, 1, 0, 2, 0, 1, 5, 2, 5 }).Within(CoordinateTolerance));
        }

        [Test]
        public void Time_UnevenSpeed_PlacesMorePointsWhereDrawingWasSlow()
        {
            // 1 unit in the first 30 ms, 9 units in the next 10 ms: time samples at 0, 10, 20, 30, 40 ms.
            StrokePoint[] line = { P(0, 0, 0), P(1, 0, 30), P(10, 0, 40) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.Time, 5, "x"));

            Assert.That(pre.Process(line), Is.EqualTo(new float[] { 0, 1f / 3, 2f / 3, 1, 10 }).Within(CoordinateTolerance));
        }

        [Test]
        public void NoResampling_KeepsPointsAndMarksStrokeStarts()
        {
            StrokePoint[] points = { P(1, 1, 0, 7), P(2, 1, 1, 7), P(5, 5, 2, 9) };
            var pre = new StrokePreprocessor(Raw(StrokeResampleMode.None, 0, "x", "pen"));

            Assert.That(pre.Process(points), Is.EqualTo(new float[] { 1, 1, 2, 1, 5, 0 }));
        }

        [Test]
        public void Dot_GivesCopiesOfThePoint_WithoutDividingByZero()
        {
            StrokePoint[] dot = { P(5, 5), P(5, 5, 16) };
            var settings = new StrokeSettings { Points = 4, Features = new List<string> { "x", "y", "dx", "dy", "pen" } };
            var pre = new StrokePreprocessor(settings);

            float[] f = pre.Process(dot);

            Assert.That(f, Is.EqualTo(new float[] { 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }));
        }

        private static double Distance(StrokePoint a, double x, double y) => Math.Sqrt((a.X - x) * (a.X - x) + (a.Y - y) * (a.Y - y));

        // A hostile (or mistaken) Spacing, coordinates or times must not resample without end: 1 unit of path at a
        // spacing of 1e-12 would be 10^12 points. The preprocessor refuses before emitting them.
        [TestCase(StrokeResampleMode.ArcLength, 1e-12f, 1f, 0.0)]
        [TestCase(StrokeResampleMode.ArcLength, 0.01f, 3e30f, 0.0)]
        [TestCase(StrokeResampleMode.Time, 1e-9f, 0f, 1e6)]
        public void TinySpacing_OrHugeSegments_FailClearly_WithoutRunningAway(StrokeResampleMode mode, float spacing, float far, double time)
        {
            var settings = new StrokeSettings
            {
                Resample = mode, Points = 0, Spacing = spacing, Normalization = StrokeNormalization.StreamingSafe,
                NormalizeTranslation = false, NormalizeScale = false, Features = new List<string> { "x", "y" },
            };
            var pre = new StrokePreprocessor(settings);
            StrokePoint[] points = { new StrokePoint(0, 0, 0, 0), new StrokePoint(far, 0, time, 0) };
            if (mode == StrokeResampleMode.ArcLength && far == 0) points[1] = new StrokePoint(1, 0, 0, 0);

            long bytes = AllocationCounter.Measure(() =>
                Assert.That(() => pre.Process(points), Throws.ArgumentException.With.Message.Contains("more than")));
            Assert.That(bytes, Is.LessThan(1 << 20), "refused before the points were made");

            var stream = pre.CreateStream();
            stream.Add(points[0]);
            Assert.That(() => stream.Add(points[1]), Throws.ArgumentException.With.Message.Contains("Spacing"));
        }
    }
}
