// Splits N independent samples into batches of sample indices, reshuffled every epoch from a seed, optionally bucketed
// by length so each batch needs little padding. Gathering and padding the samples is the caller's (Padding's) job.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Batches of sample indices per epoch; epoch e's batches depend only on (seed, e).</summary>
    /// <remarks>
    /// Plain: shuffle all indices (Fisher–Yates on DeterministicRandom), cut into batches in order. Bucketed: shuffle,
    /// cut the order into pools of <c>poolBatches · batchSize</c> samples (one pool = the whole epoch when 0), sort each
    /// pool stably by length, cut it into batches, then shuffle the batch order. Every sample appears exactly once per
    /// epoch, except the final partial batch when <c>dropLast</c> is set.
    /// </remarks>
    public sealed class SequenceBatcher
    {
        private readonly int[]? _lengths;
        private readonly int _poolBatches;

        public SequenceBatcher(int sampleCount, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false)
            : this(sampleCount, batchSize, seed, shuffle, dropLast, null, 0)
        {
        }

        private SequenceBatcher(int sampleCount, int batchSize, ulong seed, bool shuffle, bool dropLast, int[]? lengths, int poolBatches)
        {
            if (sampleCount < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(sampleCount), "The sample count must not be negative.");
            if (batchSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(batchSize), "The batch size must be positive.");
            if (poolBatches < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(poolBatches), "The pool size must not be negative.");
            SampleCount = sampleCount;
            BatchSize = batchSize;
            Seed = seed;
            Shuffle = shuffle;
            DropLast = dropLast;
            _lengths = lengths;
            _poolBatches = poolBatches;
        }

        /// <summary>Batches drawn from pools sorted by <paramref name="lengths"/> (one per sample); see the remarks.</summary>
        public static SequenceBatcher Bucketed(int[] lengths, int batchSize, ulong seed, int poolBatches = 0, bool dropLast = false)
        {
            if (lengths is null) throw new ArgumentNullException(nameof(lengths));
            return new SequenceBatcher(lengths.Length, batchSize, seed, true, dropLast, (int[])lengths.Clone(), poolBatches);
        }

        public int SampleCount { get; }

        public int BatchSize { get; }

        public ulong Seed { get; }

        public bool Shuffle { get; }

        public bool DropLast { get; }

        public bool IsBucketed => _lengths != null;

        public int BatchesPerEpoch => DropLast ? SampleCount / BatchSize : (SampleCount + BatchSize - 1) / BatchSize;

        /// <summary>The batches of epoch <paramref name="epoch"/> (fresh arrays of sample indices).</summary>
        public List<int[]> GetEpoch(int epoch)
        {
            var order = new int[SampleCount];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            var random = new DeterministicRandom(DataSeeds.Derive(Seed, epoch));
            if (Shuffle) DataSeeds.Shuffle(order, random);

            var batches = new List<int[]>(BatchesPerEpoch + 1);
            if (_lengths is null)
            {
                Cut(order, 0, order.Length, batches);
            }
            else
            {
                int pool = _poolBatches == 0 ? Math.Max(order.Length, 1) : _poolBatches * BatchSize;
                var rank = new int[order.Length];
                for (int i = 0; i < order.Length; i++) rank[order[i]] = i;
                int[] lengths = _lengths;
                for (int start = 0; start < order.Length; start += pool)
                {
                    int count = Math.Min(pool, order.Length - start);
                    // Stable by construction: equal lengths keep their shuffled order.
                    Array.Sort(order, start, count, Comparer<int>.Create((a, b) =>
                        lengths[a] != lengths[b] ? lengths[a].CompareTo(lengths[b]) : rank[a].CompareTo(rank[b])));
                    Cut(order, start, count, batches);
                }
                ShuffleBatches(batches, random);
            }

            if (DropLast)
            {
                for (int i = batches.Count - 1; i >= 0; i--)
                {
                    if (batches[i].Length < BatchSize) batches.RemoveAt(i);
                }
            }
            return batches;
        }

        private void Cut(int[] order, int start, int count, List<int[]> batches)
        {
            for (int b = 0; b < count; b += BatchSize)
            {
                int n = Math.Min(BatchSize, count - b);
                batches.Add(order.AsSpan(start + b, n).ToArray());
            }
        }

        private static void ShuffleBatches(List<int[]> batches, DeterministicRandom random)
        {
            for (int i = batches.Count - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                int[] tmp = batches[i];
                batches[i] = batches[j];
                batches[j] = tmp;
            }
        }
    }
}
