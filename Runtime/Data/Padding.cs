// Pads (and truncates) variable-length sequences into one rectangular batch, as Keras's pad_sequences, adding the
// lengths and a mask. Choosing which sequences form a batch is SequenceBatcher's job.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Data
{
    public static class Padding
    {
        /// <summary>
        /// Id sequences → [B, T] with T = <paramref name="maxLength"/> (or the longest sequence when ≤ 0). Defaults are
        /// Post/Post, which keep valid steps at [0, length) as the runtime's sequence lengths expect. Pre-padded batches
        /// run through their mask (<see cref="BatchRunner.RunMasked(ReadOnlySpan{int}, int, int, ReadOnlySpan{float}, Span{float})"/>,
        /// <see cref="Training.SequenceDataset.FromPadded(PaddedBatch{int}, float[], int, bool, float[])"/>) with the same results.
        /// </summary>
        public static PaddedBatch<int> Pad(IReadOnlyList<int[]> sequences, int maxLength = 0, int padValue = 0,
            PaddingSide padding = PaddingSide.Post, TruncationSide truncation = TruncationSide.Post)
        {
            if (sequences is null) throw new ArgumentNullException(nameof(sequences));
            var lengths = new int[sequences.Count];
            for (int b = 0; b < lengths.Length; b++)
            {
                if (sequences[b] is null) ThrowHelper.ThrowArgument(nameof(sequences), $"Sequence {b} is null.");
                lengths[b] = sequences[b].Length;
            }
            return Build(sequences, lengths, 1, maxLength, padValue, padding, truncation);
        }

        /// <summary>Feature sequences (each [length, F] row-major) → [B, T, F]; padded steps hold <paramref name="padValue"/>.</summary>
        public static PaddedBatch<float> PadFeatures(IReadOnlyList<float[]> sequences, int featureCount, int maxLength = 0,
            float padValue = 0f, PaddingSide padding = PaddingSide.Post, TruncationSide truncation = TruncationSide.Post)
        {
            if (sequences is null) throw new ArgumentNullException(nameof(sequences));
            if (featureCount <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(featureCount), "The feature count must be positive.");
            var lengths = new int[sequences.Count];
            for (int b = 0; b < lengths.Length; b++)
            {
                if (sequences[b] is null) ThrowHelper.ThrowArgument(nameof(sequences), $"Sequence {b} is null.");
                if (sequences[b].Length % featureCount != 0)
                    ThrowHelper.ThrowArgument(nameof(sequences), $"Sequence {b} holds {sequences[b].Length} values, not whole steps of {featureCount} features.");
                lengths[b] = sequences[b].Length / featureCount;
            }
            return Build(sequences, lengths, featureCount, maxLength, padValue, padding, truncation);
        }

        private static PaddedBatch<T> Build<T>(IReadOnlyList<T[]> sequences, int[] lengths, int features, int maxLength,
            T padValue, PaddingSide padding, TruncationSide truncation) where T : unmanaged
        {
            int t = maxLength;
            if (t <= 0)
            {
                t = 0;
                foreach (int len in lengths) t = Math.Max(t, len);
            }
            int batch = lengths.Length;
            if ((long)batch * t * features > int.MaxValue)
                ThrowHelper.ThrowArgument(nameof(maxLength), "The padded batch would hold more than 2^31 values.");
            var values = new T[batch * t * features];
            values.AsSpan().Fill(padValue);
            var mask = new float[batch * t];
            var kept = new int[batch];
            for (int b = 0; b < batch; b++)
            {
                int len = Math.Min(lengths[b], t);
                int first = truncation == TruncationSide.Pre ? lengths[b] - len : 0; // first source step kept
                int at = padding == PaddingSide.Pre ? t - len : 0;                   // first destination step
                kept[b] = len;
                sequences[b].AsSpan(first * features, len * features).CopyTo(values.AsSpan((b * t + at) * features));
                mask.AsSpan(b * t + at, len).Fill(1f);
            }
            return new PaddedBatch<T>(values, kept, mask, batch, t, features, padding);
        }
    }
}
