// Sliding windows on short ramps whose every value names its row and feature, so expected windows are written by hand.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class WindowingTests
    {
        [Test]
        public void Univariate_WindowsAndNextValue_MatchHandWrittenRamp()
        {
            float[] series = { 0, 1, 2, 3, 4, 5 };

            WindowedSeries w = Windowing.Create(series, featureCount: 1, windowLength: 3);

            Assert.That(w.SampleCount, Is.EqualTo(3));
            Assert.That(w.InputShape, Is.EqualTo(new[] { 3, 3, 1 }));
            Assert.That(w.TargetShape, Is.EqualTo(new[] { 3, 1 }));
            Assert.That(w.Inputs, Is.EqualTo(new float[] { 0, 1, 2, 1, 2, 3, 2, 3, 4 }));
            Assert.That(w.Targets, Is.EqualTo(new float[] { 3, 4, 5 }));
        }

        [Test]
        public void HorizonAndStride_CountIsFloorOfRemainingOverStridePlusOne()
        {
            var series = new float[10];
            for (int i = 0; i < series.Length; i++) series[i] = i;

            WindowedSeries w = Windowing.Create(series, 1, windowLength: 3, horizon: 2, stride: 2);

            // floor((10 - 3 - 2) / 2) + 1 = 3 windows starting at rows 0, 2, 4.
            Assert.That(w.SampleCount, Is.EqualTo(3));
            Assert.That(w.WindowStart(2), Is.EqualTo(4));
            Assert.That(w.Inputs, Is.EqualTo(new float[] { 0, 1, 2, 2, 3, 4, 4, 5, 6 }));
            Assert.That(w.Targets, Is.EqualTo(new float[] { 3, 4, 5, 6, 7, 8 }));
        }

        [Test]
        public void Multivariate_TargetFeatures_SelectColumnsInGivenOrder()
        {
            // Row r, feature f holds 10·r + f.
            const int rows = 5, features = 3;
            var series = new float[rows * features];
            for (int r = 0; r < rows; r++)
                for (int f = 0; f < features; f++) series[r * features + f] = 10 * r + f;

            WindowedSeries w = Windowing.Create(series, features, windowLength: 2, horizon: 2, stride: 1, targetFeatures: new[] { 2, 0 });

            Assert.That(w.SampleCount, Is.EqualTo(2));
            Assert.That(w.InputShape, Is.EqualTo(new[] { 2, 2, 3 }));
            Assert.That(w.TargetShape, Is.EqualTo(new[] { 2, 4 }));
            Assert.That(w.Inputs, Is.EqualTo(new float[] { 0, 1, 2, 10, 11, 12, 10, 11, 12, 20, 21, 22 }));
            Assert.That(w.Targets, Is.EqualTo(new float[] { 22, 20, 32, 30, 32, 30, 42, 40 }));
        }

        [Test]
        public void TensorOverload_ReadsFeatureCountFromShape()
        {
            var series = new Tensor(new float[] { 0, 100, 1, 101, 2, 102, 3, 103 }, 4, 2);

            WindowedSeries w = Windowing.Create(series, windowLength: 2, horizon: 1, stride: 1, targetFeatures: new[] { 1 });

            Assert.That(w.FeatureCount, Is.EqualTo(2));
            Assert.That(w.Targets, Is.EqualTo(new float[] { 102, 103 }));
        }

        [Test]
        public void SeriesShorterThanOneWindow_Throws()
        {
            Assert.That(() => Windowing.Create(new float[] { 1, 2, 3 }, 1, windowLength: 3), Throws.InstanceOf<ArgumentException>());
        }
    }
}
