// Whole-gesture normalisation invariants (centroid at the origin, larger side or RMS radius 1), the $1 indicative
// angle convention, rotation/scale/translation invariance, and description round trips.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;
using static Recurrent.Tests.Data.StrokeTestData;

namespace Recurrent.Tests.Data
{
    public sealed class StrokeNormalizationTests
    {
        // Normalised coordinates are O(1) and computed in double before the float cast.
        private const double InvariantTolerance = 1e-6;

        // The brief's bound for a rotated, scaled and shifted copy (inputs are rounded to float after transforming).
        private const float RotationTolerance = 1e-5f;

        private static StrokeSettings Normalized(StrokeScaleMode scale = StrokeScaleMode.BoundingBox, bool rotate = false) => new StrokeSettings
        {
            Points = 48,
            ScaleMode = scale,
            RotationInvariant = rotate,
            Features = new List<string> { "x", "y" },
        };

        [Test]
        public void Translation_PutsTheCentroidAtTheOrigin()
        {
            float[] xy = new StrokePreprocessor(Normalized()).Process(Scribble());

            double cx = 0, cy = 0;
            for (int k = 0; k < 48; k++)
            {
                cx += xy[2 * k];
                cy += xy[2 * k + 1];
            }

            Assert.That(cx / 48, Is.EqualTo(0).Within(InvariantTolerance));
            Assert.That(cy / 48, Is.EqualTo(0).Within(InvariantTolerance));
        }

        [Test]
        public void BoundingBoxScale_MakesTheLargerSideOne()
        {
            float[] xy = new StrokePreprocessor(Normalized()).Process(Scribble());

            double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
            for (int k = 0; k < 48; k++)
            {
                minX = Math.Min(minX, xy[2 * k]);
                maxX = Math.Max(maxX, xy[2 * k]);
                minY = Math.Min(minY, xy[2 * k + 1]);
                maxY = Math.Max(maxY, xy[2 * k + 1]);
            }

            Assert.That(Math.Max(maxX - minX, maxY - minY), Is.EqualTo(1).Within(InvariantTolerance));
        }

        [Test]
        public void RmsScale_MakesTheRmsRadiusOne()
        {
            float[] xy = new StrokePreprocessor(Normalized(StrokeScaleMode.RmsRadius)).Process(Scribble());

            double sum = 0;
            for (int k = 0; k < 48; k++) sum += xy[2 * k] * xy[2 * k] + xy[2 * k + 1] * xy[2 * k + 1];

            Assert.That(Math.Sqrt(sum / 48), Is.EqualTo(1).Within(InvariantTolerance));
        }

        [Test]
        public void RotationInvariant_FirstPointLiesOnTheNegativeXAxis()
        {
            // $1 rotates the indicative angle atan2(c − p0) to 0: seen from the first point, the centroid is due +x.
            float[] xy = new StrokePreprocessor(Normalized(rotate: true)).Process(Scribble());

            Assert.That(xy[1], Is.EqualTo(0).Within(InvariantTolerance));
            Assert.That(xy[0], Is.LessThan(0));
        }

        [TestCase(1.234, 3.0)]
        [TestCase(-2.9, 0.25)]
        [TestCase(Math.PI / 2, 1.0)]
        public void RotationInvariant_RotatedScaledShiftedCopy_GivesTheSameFeatures(double angle, double scale)
        {
            StrokePoint[] original = Scribble();
            StrokePoint[] moved = Transform(original, angle, 50, -20, scale, 300, 17);
            var pre = new StrokePreprocessor(Normalized(rotate: true));

            float[] a = pre.Process(original);
            float[] b = pre.Process(moved);

            Assert.That(b, Is.EqualTo(a).Within(RotationTolerance));
        }

        [Test]
        public void WithoutRotationInvariance_RotatedCopyDiffers()
        {
            StrokePoint[] original = Scribble();
            var pre = new StrokePreprocessor(Normalized());

            float[] a = pre.Process(original);
            float[] b = pre.Process(Transform(original, 1.0, 0, 0, 1, 0, 0));

            Assert.That(b, Is.Not.EqualTo(a).Within(0.01f));
        }

        [Test]
        public void Description_RoundTrip_ProcessesIdentically()
        {
            var settings = new StrokeSettings
            {
                Resample = StrokeResampleMode.Time,
                Points = 20,
                ScaleMode = StrokeScaleMode.RmsRadius,
                RotationInvariant = true,
                Features = new List<string> { "dx", "dy", "pen_up" },
            };
            var pre = new StrokePreprocessor(settings);

            StrokePreprocessor loaded = StrokePreprocessor.FromDescription(pre.Describe());

            Assert.That(loaded.Process(Scribble()), Is.EqualTo(pre.Process(Scribble())));
            Assert.That(loaded.FeatureCount, Is.EqualTo(3));
        }

        [Test]
        public void UnknownFeatureName_Throws()
        {
            var settings = new StrokeSettings { Features = new List<string> { "x", "speed" } };

            Assert.That(() => new StrokePreprocessor(settings), Throws.InstanceOf<ArgumentException>().With.Message.Contains("speed"));
        }
    }
}
