// Batches for language-model training on one long token stream: inputs [B, T] and targets shifted by one step.
// Any (epoch, batch) is generated on demand and deterministically from the seed; tokenizing is the tokenizers' job.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>(input, next-token target) windows of length T over a token stream, B rows per batch.</summary>
    /// <remarks>
    /// Row b of a batch at stream offset o has inputs <c>tokens[o .. o + T)</c> and targets <c>tokens[o + 1 .. o + T]</c>.
    /// Offsets per order: Random <c>o ∈ [0, N − T − 1]</c> uniform per (seed, epoch, batch); Sequential/Shuffled
    /// <c>o = w · T</c> for windows w in <c>[0, (N − 1) / T)</c>; Stateful <c>o = b · L + k · T</c> with stream length
    /// <c>L = (N − 1) / B</c> and <c>L / T</c> batches per epoch (the same every epoch; reset state at batch 0).
    /// </remarks>
    public sealed class CharSequenceDataset
    {
        private readonly int[] _tokens;

        public CharSequenceDataset(int[] tokens, int batchSize, int sequenceLength, CharSequenceOrder order, ulong seed = 0)
        {
            if (tokens is null) throw new ArgumentNullException(nameof(tokens));
            if (batchSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(batchSize), "The batch size must be positive.");
            if (sequenceLength <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(sequenceLength), "The sequence length must be positive.");
            _tokens = tokens;
            BatchSize = batchSize;
            SequenceLength = sequenceLength;
            Order = order;
            Seed = seed;
            int n = tokens.Length;
            switch (order)
            {
                case CharSequenceOrder.Random:
                    if (n < sequenceLength + 1) ThrowTooShort(n, sequenceLength + 1);
                    BatchesPerEpoch = Math.Max(1, (n - 1) / (batchSize * sequenceLength));
                    break;
                case CharSequenceOrder.Sequential:
                case CharSequenceOrder.Shuffled:
                    WindowCount = (n - 1) / sequenceLength;
                    BatchesPerEpoch = WindowCount / batchSize;
                    if (BatchesPerEpoch == 0) ThrowTooShort(n, batchSize * sequenceLength + 1);
                    break;
                case CharSequenceOrder.Stateful:
                    StreamLength = (n - 1) / batchSize;
                    BatchesPerEpoch = StreamLength / sequenceLength;
                    if (BatchesPerEpoch == 0) ThrowTooShort(n, batchSize * sequenceLength + 1);
                    break;
                default:
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(order), $"Unknown order {order}.");
                    break;
            }
        }

        /// <summary>B.</summary>
        public int BatchSize { get; }

        /// <summary>T.</summary>
        public int SequenceLength { get; }

        public CharSequenceOrder Order { get; }

        public ulong Seed { get; }

        public int TokenCount => _tokens.Length;

        /// <summary>Random: (N − 1) / (B · T), a nominal epoch; the others: every full batch of the epoch.</summary>
        public int BatchesPerEpoch { get; }

        /// <summary>Sequential and Shuffled: the non-overlapping windows (the last incomplete batch's are unused).</summary>
        public int WindowCount { get; }

        /// <summary>Stateful: L, the length of each of the B parallel streams.</summary>
        public int StreamLength { get; }

        /// <summary>Writes the stream offset of each row of batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
        public void GetOffsets(int epoch, int batch, Span<int> offsets)
        {
            if ((uint)batch >= (uint)BatchesPerEpoch)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(batch), $"Batch {batch} is not in [0, {BatchesPerEpoch}).");
            ThrowHelper.CheckLength(offsets.Length, BatchSize, nameof(offsets));
            int b0 = BatchSize, t = SequenceLength;
            switch (Order)
            {
                case CharSequenceOrder.Random:
                {
                    var random = new DeterministicRandom(DataSeeds.Derive(Seed, epoch, batch));
                    int span = _tokens.Length - t; // offsets 0 .. N − T − 1
                    for (int b = 0; b < b0; b++) offsets[b] = random.NextInt(span);
                    break;
                }
                case CharSequenceOrder.Sequential:
                    for (int b = 0; b < b0; b++) offsets[b] = (batch * b0 + b) * t;
                    break;
                case CharSequenceOrder.Shuffled:
                {
                    // The permutation of an epoch is rebuilt on demand: O(windows) per call, independent of call order.
                    var order = new int[WindowCount];
                    for (int w = 0; w < order.Length; w++) order[w] = w;
                    DataSeeds.Shuffle(order, new DeterministicRandom(DataSeeds.Derive(Seed, epoch)));
                    for (int b = 0; b < b0; b++) offsets[b] = order[batch * b0 + b] * t;
                    break;
                }
                default:
                    for (int b = 0; b < b0; b++) offsets[b] = b * StreamLength + batch * t;
                    break;
            }
        }

        /// <summary>Fills inputs [B, T] and targets [B, T] (targets = inputs shifted one step ahead in the stream).</summary>
        public void GetBatch(int epoch, int batch, Span<int> inputs, Span<int> targets)
        {
            int t = SequenceLength;
            ThrowHelper.CheckLength(inputs.Length, BatchSize * t, nameof(inputs));
            ThrowHelper.CheckLength(targets.Length, BatchSize * t, nameof(targets));
            Span<int> offsets = BatchSize <= 256 ? stackalloc int[BatchSize] : new int[BatchSize];
            GetOffsets(epoch, batch, offsets);
            for (int b = 0; b < BatchSize; b++)
            {
                _tokens.AsSpan(offsets[b], t).CopyTo(inputs.Slice(b * t, t));
                _tokens.AsSpan(offsets[b] + 1, t).CopyTo(targets.Slice(b * t, t));
            }
        }

        private static void ThrowTooShort(int n, int needed) =>
            ThrowHelper.ThrowArgument("tokens", $"A stream of {n} tokens is too short; this layout needs at least {needed}.");
    }
}
