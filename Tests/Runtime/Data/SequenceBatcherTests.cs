// Epoch batching: every sample exactly once, seed determinism, reshuffling between epochs, dropping the partial batch
// and length bucketing.
#nullable enable
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class SequenceBatcherTests
    {
        [TestCase(23, 5, false)]
        [TestCase(20, 5, false)]
        [TestCase(7, 10, false)]
        [TestCase(23, 5, true)]
        public void Epoch_CoversEverySampleExactlyOnce(int samples, int batchSize, bool bucketed)
        {
            SequenceBatcher batcher = bucketed
                ? SequenceBatcher.Bucketed(Lengths(samples), batchSize, seed: 7, poolBatches: 2)
                : new SequenceBatcher(samples, batchSize, seed: 7);

            for (int epoch = 0; epoch < 3; epoch++)
            {
                List<int[]> batches = batcher.GetEpoch(epoch);
                Assert.That(batches.Count, Is.EqualTo((samples + batchSize - 1) / batchSize));
                Assert.That(batches.SelectMany(b => b).OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, samples)), "epoch " + epoch);
                Assert.That(batches.Count(b => b.Length != batchSize), Is.LessThanOrEqualTo(1));
            }
        }

        [Test]
        public void SameSeed_SameBatches_OtherSeedOrEpoch_Different()
        {
            var a = new SequenceBatcher(50, 8, seed: 42);
            var b = new SequenceBatcher(50, 8, seed: 42);
            var c = new SequenceBatcher(50, 8, seed: 43);

            Assert.That(b.GetEpoch(3), Is.EqualTo(a.GetEpoch(3)));
            Assert.That(c.GetEpoch(3), Is.Not.EqualTo(a.GetEpoch(3)));
            Assert.That(a.GetEpoch(4), Is.Not.EqualTo(a.GetEpoch(3)));
        }

        [Test]
        public void NoShuffle_KeepsSampleOrder()
        {
            var batcher = new SequenceBatcher(7, 3, seed: 1, shuffle: false);

            Assert.That(batcher.GetEpoch(5), Is.EqualTo(new[] { new[] { 0, 1, 2 }, new[] { 3, 4, 5 }, new[] { 6 } }));
        }

        [Test]
        public void DropLast_RemovesThePartialBatch()
        {
            var batcher = new SequenceBatcher(23, 5, seed: 3, dropLast: true);

            List<int[]> batches = batcher.GetEpoch(0);

            Assert.That(batcher.BatchesPerEpoch, Is.EqualTo(4));
            Assert.That(batches.Count, Is.EqualTo(4));
            Assert.That(batches.All(b => b.Length == 5), Is.True);
        }

        [Test]
        public void Bucketed_WholeEpochPool_BatchesHoldConsecutiveLengths()
        {
            // Lengths are a permutation of 0..39, so sorted batches of 8 hold exactly the lengths 8k .. 8k + 7.
            int[] lengths = Enumerable.Range(0, 40).Select(i => (i * 17) % 40).ToArray();
            SequenceBatcher batcher = SequenceBatcher.Bucketed(lengths, 8, seed: 11);

            foreach (int[] batch in batcher.GetEpoch(0))
            {
                int[] l = batch.Select(i => lengths[i]).OrderBy(x => x).ToArray();
                Assert.That(l[l.Length - 1] - l[0], Is.EqualTo(7));
                Assert.That(l[0] % 8, Is.EqualTo(0));
            }
        }

        private static int[] Lengths(int n) => Enumerable.Range(0, n).Select(i => 1 + (i * 7) % 11).ToArray();
    }
}
