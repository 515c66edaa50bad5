// Time-ordered split boundaries computed by hand (floor of N · fraction, gap taken from the later part).
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class TimeSplitTests
    {
        [Test]
        public void Fractions_GiveConsecutiveRangesCoveringTheSeries()
        {
            TimeSplitRanges split = TimeSplit.Split(100, 0.7, 0.2);

            Assert.That(split.Train, Is.EqualTo(new SeriesRange(0, 70)));
            Assert.That(split.Validation, Is.EqualTo(new SeriesRange(70, 20)));
            Assert.That(split.Test, Is.EqualTo(new SeriesRange(90, 10)));
        }

        [Test]
        public void Gap_DropsRowsAtTheStartOfLaterParts()
        {
            TimeSplitRanges split = TimeSplit.Split(100, 0.7, 0.2, gap: 4);

            Assert.That(split.Train, Is.EqualTo(new SeriesRange(0, 70)));
            Assert.That(split.Validation, Is.EqualTo(new SeriesRange(74, 16)));
            Assert.That(split.Test, Is.EqualTo(new SeriesRange(94, 6)));
        }

        [Test]
        public void ShakespeareNinetyPercent_MatchesNanoGptTrainLength()
        {
            TimeSplitRanges split = TimeSplit.Split(DataFixtures.ShakespeareCharacters, 0.9, 0.1);

            Assert.That(split.Train.Length, Is.EqualTo(DataFixtures.ShakespeareTrainCharacters));
            Assert.That(split.Validation.End, Is.EqualTo(DataFixtures.ShakespeareCharacters));
            Assert.That(split.Test.Length, Is.EqualTo(0));
        }

        [Test]
        public void FloorOfInexactProduct_IsNotOneTooLow()
        {
            // 0.7 · 10 is 7.000000000000001 and 0.3 · 10 is 3.0000000000000004 in binary; 0.29 · 100 = 28.999999999999996.
            Assert.That(TimeSplit.Split(10, 0.7, 0.3).Validation, Is.EqualTo(new SeriesRange(7, 3)));
            Assert.That(TimeSplit.Split(100, 0.29, 0.0).Train.Length, Is.EqualTo(29));
        }

        [Test]
        public void WindowingEachPart_NoWindowReadsAnotherPartsRows()
        {
            var series = new float[50];
            for (int i = 0; i < series.Length; i++) series[i] = i;
            TimeSplitRanges split = TimeSplit.Split(series.Length, 0.6, 0.2, gap: 2);

            WindowedSeries validation = Windowing.Create(split.Validation.Slice(series, 1), 1, windowLength: 4, horizon: 1);

            // Validation rows are [32, 40): every input and target value lies inside them.
            Assert.That(validation.Inputs, Is.All.InRange(32f, 39f));
            Assert.That(validation.Targets, Is.All.InRange(32f, 39f));
            Assert.That(validation.SampleCount, Is.EqualTo(8 - 4 - 1 + 1));
        }

        [Test]
        public void FractionsAboveOne_Throw()
        {
            Assert.That(() => TimeSplit.Split(10, 0.8, 0.3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
