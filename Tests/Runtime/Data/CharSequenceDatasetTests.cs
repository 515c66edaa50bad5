// Language-model windows over a stream whose token at position p is p itself, so offsets and shifts read directly.
#nullable enable
using System.Linq;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class CharSequenceDatasetTests
    {
        private static int[] Stream(int n) => Enumerable.Range(0, n).ToArray();

        [TestCase(CharSequenceOrder.Random)]
        [TestCase(CharSequenceOrder.Sequential)]
        [TestCase(CharSequenceOrder.Shuffled)]
        [TestCase(CharSequenceOrder.Stateful)]
        public void Targets_AreInputsShiftedByOne(CharSequenceOrder order)
        {
            var data = new CharSequenceDataset(Stream(1000), batchSize: 4, sequenceLength: 16, order, seed: 5);
            var x = new int[4 * 16];
            var y = new int[4 * 16];

            for (int batch = 0; batch < data.BatchesPerEpoch; batch++)
            {
                data.GetBatch(1, batch, x, y);
                for (int b = 0; b < 4; b++)
                {
                    for (int t = 0; t < 16; t++)
                    {
                        Assert.That(y[b * 16 + t], Is.EqualTo(x[b * 16 + t] + 1));
                        if (t > 0) Assert.That(x[b * 16 + t], Is.EqualTo(x[b * 16 + t - 1] + 1), "windows are contiguous");
                    }
                }
            }
        }

        [Test]
        public void Stateful_RowContinuesWhereItStoppedInThePreviousBatch()
        {
            // N = 1001 → L = (1001 − 1) / 4 = 250 per stream, 250 / 16 = 15 batches.
            var data = new CharSequenceDataset(Stream(1001), batchSize: 4, sequenceLength: 16, CharSequenceOrder.Stateful);
            var x = new int[64];
            var y = new int[64];
            var lastTarget = new int[4];

            Assert.That(data.StreamLength, Is.EqualTo(250));
            Assert.That(data.BatchesPerEpoch, Is.EqualTo(15));
            for (int batch = 0; batch < data.BatchesPerEpoch; batch++)
            {
                data.GetBatch(0, batch, x, y);
                for (int b = 0; b < 4; b++)
                {
                    if (batch == 0) Assert.That(x[b * 16], Is.EqualTo(b * 250), "row b starts stream b");
                    else Assert.That(x[b * 16], Is.EqualTo(lastTarget[b]), $"row {b} of batch {batch}");
                    lastTarget[b] = y[b * 16 + 15];
                }
            }
        }

        [Test]
        public void Sequential_CoversNonOverlappingWindowsInOrder()
        {
            var data = new CharSequenceDataset(Stream(100), batchSize: 2, sequenceLength: 10, CharSequenceOrder.Sequential);
            var offsets = new int[2];

            // (100 − 1) / 10 = 9 windows → 4 full batches of 2.
            Assert.That(data.BatchesPerEpoch, Is.EqualTo(4));
            data.GetOffsets(0, 3, offsets);
            Assert.That(offsets, Is.EqualTo(new[] { 60, 70 }));
        }

        [Test]
        public void Shuffled_EachEpochIsAPermutationOfTheSequentialWindows()
        {
            var data = new CharSequenceDataset(Stream(161), batchSize: 4, sequenceLength: 10, CharSequenceOrder.Shuffled, seed: 9);
            var offsets = new int[4];

            var seen = Enumerable.Range(0, data.BatchesPerEpoch).SelectMany(batch =>
            {
                data.GetOffsets(2, batch, offsets);
                return offsets.ToArray();
            }).OrderBy(o => o);

            Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 16).Select(w => w * 10)));
        }

        [Test]
        public void Random_IsDeterministicPerSeedEpochAndBatch_AndStaysInRange()
        {
            var a = new CharSequenceDataset(Stream(500), 8, 20, CharSequenceOrder.Random, seed: 1);
            var b = new CharSequenceDataset(Stream(500), 8, 20, CharSequenceOrder.Random, seed: 1);
            var first = new int[8];
            var again = new int[8];
            var other = new int[8];

            a.GetOffsets(3, 2, first);
            a.GetOffsets(0, 0, other);
            b.GetOffsets(3, 2, again);

            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
            Assert.That(first, Is.All.InRange(0, 500 - 20 - 1));
        }
    }
}
