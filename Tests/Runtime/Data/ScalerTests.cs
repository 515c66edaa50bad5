// Scalers against hand-computed statistics: means and population standard deviations of small columns, min/max,
// the constant-feature rule, inverse ∘ transform = identity, and description round trips.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class ScalerTests
    {
        // Float transform then inverse loses at most a few ulps of values of magnitude ~10.
        private const float RoundTripTolerance = 1e-5f;

        // Columns: (1, 2, 3, 4) mean 2.5, population std sqrt(1.25); (10, 10, 10, 10) constant; (-2, 0, 2, 8) mean 2,
        // deviations (-4, -2, 0, 6), variance (16 + 4 + 0 + 36) / 4 = 14.
        private static readonly float[] s_data = { 1, 10, -2, 2, 10, 0, 3, 10, 2, 4, 10, 8 };

        [Test]
        public void StandardFit_MeansAndPopulationStd_MatchHandComputation()
        {
            StandardScaler scaler = StandardScaler.Fit(s_data, 3);

            Assert.That(scaler.Mean, Is.EqualTo(new[] { 2.5f, 10f, 2f }));
            Assert.That(scaler.Scale[0], Is.EqualTo((float)Math.Sqrt(1.25)));
            Assert.That(scaler.Scale[1], Is.EqualTo(1f), "a constant feature divides by 1");
            Assert.That(scaler.Scale[2], Is.EqualTo((float)Math.Sqrt(14.0)));
        }

        [Test]
        public void StandardTransform_CentersAndScalesEachColumn()
        {
            StandardScaler scaler = StandardScaler.Fit(s_data, 3);

            float[] z = scaler.Transform(s_data);

            Assert.That(z[0], Is.EqualTo((float)(-1.5 / Math.Sqrt(1.25))).Within(RoundTripTolerance));
            Assert.That(z[1], Is.EqualTo(0f));
            Assert.That(z[11], Is.EqualTo((float)(6 / Math.Sqrt(14.0))).Within(RoundTripTolerance));
        }

        [Test]
        public void MinMaxFit_MapsColumnRangesOntoUnitInterval()
        {
            MinMaxScaler scaler = MinMaxScaler.Fit(s_data, 3);

            float[] z = scaler.Transform(s_data);

            Assert.That(scaler.Min, Is.EqualTo(new[] { 1f, 10f, -2f }));
            Assert.That(scaler.Max, Is.EqualTo(new[] { 4f, 10f, 8f }));
            Assert.That(z, Is.EqualTo(new[] { 0f, 0f, 0f, 1f / 3, 0f, 0.2f, 2f / 3, 0f, 0.4f, 1f, 0f, 1f }).Within(RoundTripTolerance));
        }

        [TestCase(FeatureScalerKind.Standard)]
        [TestCase(FeatureScalerKind.MinMax)]
        public void InverseOfTransform_IsIdentity(FeatureScalerKind kind)
        {
            IFeatureScaler scaler = Fit(kind, s_data);
            var z = new float[s_data.Length];
            var back = new float[s_data.Length];

            scaler.Transform(s_data, z);
            scaler.InverseTransform(z, back);

            Assert.That(back, Is.EqualTo(s_data).Within(RoundTripTolerance));
        }

        [TestCase(FeatureScalerKind.Standard)]
        [TestCase(FeatureScalerKind.MinMax)]
        public void Description_RoundTrip_TransformsIdentically(FeatureScalerKind kind)
        {
            IFeatureScaler scaler = Fit(kind, s_data);

            IFeatureScaler loaded = FeatureScaler.FromDescription(scaler.Describe());
            var a = new float[s_data.Length];
            var b = new float[s_data.Length];
            scaler.Transform(s_data, a);
            loaded.Transform(s_data, b);

            Assert.That(loaded.Describe().Kind, Is.EqualTo(kind));
            Assert.That(b, Is.EqualTo(a));
        }

        [Test]
        public void InverseTransformColumns_UndoesOnlyTheListedFeatures()
        {
            StandardScaler scaler = StandardScaler.Fit(s_data, 3);
            // Targets holding features 2 then 0 of rows 0 and 3.
            float[] raw = { -2, 1, 8, 4 };
            var z = new float[4];
            var back = new float[4];

            scaler.TransformColumns(raw, z, new[] { 2, 0 });
            scaler.InverseTransformColumns(z, back, new[] { 2, 0 });

            Assert.That(z[0], Is.EqualTo((float)(-4 / Math.Sqrt(14.0))).Within(RoundTripTolerance));
            Assert.That(back, Is.EqualTo(raw).Within(RoundTripTolerance));
        }

        [Test]
        public void FitOnTrainOnly_ValidationOutsideRangeMapsOutsideUnitInterval()
        {
            MinMaxScaler scaler = MinMaxScaler.Fit(new float[] { 0, 10 }, 1);

            Assert.That(scaler.Transform(new float[] { 20, -5 }), Is.EqualTo(new[] { 2f, -0.5f }));
        }

        private static IFeatureScaler Fit(FeatureScalerKind kind, float[] data) =>
            kind == FeatureScalerKind.Standard ? StandardScaler.Fit(data, 3) : (IFeatureScaler)MinMaxScaler.Fit(data, 3);
    }
}
