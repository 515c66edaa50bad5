// Padding and truncation on both sides against hand-written batches, with lengths and masks; plus one-hot encoding.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class PaddingTests
    {
        private static readonly int[][] s_sequences = { new[] { 1, 2, 3, 4, 5 }, new[] { 6, 7 }, new int[0] };

        [Test]
        public void PostPaddingPostTruncation_KeepsFirstStepsAtTheStart()
        {
            PaddedBatch<int> batch = Padding.Pad(s_sequences, maxLength: 3, padValue: 0, PaddingSide.Post, TruncationSide.Post);

            Assert.That(batch.Values, Is.EqualTo(new[] { 1, 2, 3, 6, 7, 0, 0, 0, 0 }));
            Assert.That(batch.Lengths, Is.EqualTo(new[] { 3, 2, 0 }));
            Assert.That(batch.Mask, Is.EqualTo(new float[] { 1, 1, 1, 1, 1, 0, 0, 0, 0 }));
        }

        [Test]
        public void PrePaddingPreTruncation_KeepsLastStepsAtTheEnd()
        {
            PaddedBatch<int> batch = Padding.Pad(s_sequences, maxLength: 3, padValue: -1, PaddingSide.Pre, TruncationSide.Pre);

            Assert.That(batch.Values, Is.EqualTo(new[] { 3, 4, 5, -1, 6, 7, -1, -1, -1 }));
            Assert.That(batch.Lengths, Is.EqualTo(new[] { 3, 2, 0 }));
            Assert.That(batch.Mask, Is.EqualTo(new float[] { 1, 1, 1, 0, 1, 1, 0, 0, 0 }));
        }

        [Test]
        public void PrePaddingPostTruncation_MixesSides()
        {
            PaddedBatch<int> batch = Padding.Pad(s_sequences, maxLength: 4, padValue: 9, PaddingSide.Pre, TruncationSide.Post);

            Assert.That(batch.Values, Is.EqualTo(new[] { 1, 2, 3, 4, 9, 9, 6, 7, 9, 9, 9, 9 }));
        }

        [Test]
        public void NoMaxLength_PadsToTheLongest()
        {
            PaddedBatch<int> batch = Padding.Pad(s_sequences);

            Assert.That(batch.TimeSteps, Is.EqualTo(5));
            Assert.That(batch.Values, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0 }));
        }

        [Test]
        public void Features_PadWholeSteps()
        {
            float[][] sequences = { new float[] { 1, 10, 2, 20, 3, 30 }, new float[] { 4, 40 } };

            PaddedBatch<float> batch = Padding.PadFeatures(sequences, featureCount: 2, maxLength: 2, padValue: 0f,
                PaddingSide.Post, TruncationSide.Pre);

            Assert.That(batch.Values, Is.EqualTo(new float[] { 2, 20, 3, 30, 4, 40, 0, 0 }));
            Assert.That(batch.FeatureCount, Is.EqualTo(2));
            Assert.That(batch.Lengths, Is.EqualTo(new[] { 2, 1 }));
        }

        [Test]
        public void OneHot_EncodesRowsAndDecodesByArgmax()
        {
            float[] rows = OneHot.Encode(new[] { 2, 0, 1 }, 3);

            Assert.That(rows, Is.EqualTo(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }));
            Assert.That(OneHot.Decode(rows, 3), Is.EqualTo(new[] { 2, 0, 1 }));
            Assert.That(() => OneHot.Encode(new[] { 3 }, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
