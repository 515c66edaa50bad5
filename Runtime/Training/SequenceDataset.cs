// Training data in Keras' batch-major form: inputs [N, T, I] (or token ids [N, T]), optional lengths [N] or step mask
// [N, T], targets per sample [N, C] or per step [N, T, C] (class ids: C = 1), optional sample weights [N]. Plain
// arrays, no copies. Lining samples up into time-major batches (and compacting masked steps) is Trainer's job.
using System;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Training
{
    /// <summary>
    /// A set of sequences with their targets. Padding is described either by <see cref="Lengths"/> (valid steps
    /// [0, length), i.e. post-padding) or by a step <see cref="Mask"/> (any valid steps: pre-padding, post-padding or
    /// holes). With a mask, training follows Keras: a masked step neither updates the recurrent state nor contributes
    /// to the loss or any gradient, so a row behaves exactly as its valid steps run back to back.
    /// </summary>
    public sealed class SequenceDataset
    {
        private readonly int[]? _validSteps;   // [N] nonzero mask entries per sample (mask only)

        private SequenceDataset(int count, int time, int features, float[]? inputs, int[]? tokens, int[]? lengths,
            float[]? mask, float[] targets, int targetWidth, bool targetsPerStep, float[]? sampleWeights)
        {
            if (count < 0 || time <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(count), "Count must be ≥ 0 and time > 0.");
            if (targets is null) throw new ArgumentNullException(nameof(targets));
            if (targetWidth <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(targetWidth), "The target width must be positive (1 for class ids).");
            if (inputs != null) ThrowHelper.CheckExactLength(inputs.Length, count * time * features, nameof(inputs));
            if (tokens != null) ThrowHelper.CheckExactLength(tokens.Length, count * time, nameof(tokens));
            ThrowHelper.CheckExactLength(targets.Length, count * (targetsPerStep ? time : 1) * targetWidth, nameof(targets));
            if (lengths != null && mask != null)
                ThrowHelper.ThrowArgument(nameof(mask), "Give either lengths or a mask, not both (a mask already says which steps are valid).");
            if (lengths != null)
            {
                ThrowHelper.CheckExactLength(lengths.Length, count, nameof(lengths));
                foreach (int l in lengths)
                    if ((uint)l > (uint)time) ThrowHelper.ThrowArgumentOutOfRange(nameof(lengths), $"Length {l} is outside [0, {time}].");
            }
            if (mask != null)
            {
                ThrowHelper.CheckExactLength(mask.Length, count * time, nameof(mask));
                _validSteps = new int[count];
                for (int n = 0; n < count; n++)
                {
                    int valid = 0;
                    for (int t = 0; t < time; t++)
                    {
                        float m = mask[n * time + t];
                        if (float.IsNaN(m)) ThrowHelper.ThrowArgument(nameof(mask), $"mask[{n}, {t}] is NaN; use 1 for valid steps and 0 for padding.");
                        if (m != 0f) valid++;
                    }
                    _validSteps[n] = valid;
                }
            }
            if (sampleWeights != null) ThrowHelper.CheckExactLength(sampleWeights.Length, count, nameof(sampleWeights));
            Count = count;
            Time = time;
            Features = features;
            Inputs = inputs;
            Tokens = tokens;
            Lengths = lengths;
            Mask = mask;
            Targets = targets;
            TargetWidth = targetWidth;
            TargetsPerStep = targetsPerStep;
            SampleWeights = sampleWeights;
        }

        /// <summary>Float features: inputs [N, T, I]; targets [N, C] or, per step, [N, T, C].</summary>
        /// <param name="lengths">[N] valid steps per sample (post-padding), or null.</param>
        /// <param name="sampleWeights">[N] weight of each sample in the loss and metrics, or null for ones.</param>
        /// <param name="mask">[N, T] step mask (nonzero = valid) for pre-padding or holes; not together with lengths.</param>
        public static SequenceDataset FromFeatures(float[] inputs, int count, int time, int features, float[] targets,
            int targetWidth, bool targetsPerStep = false, int[]? lengths = null, float[]? sampleWeights = null, float[]? mask = null)
        {
            if (inputs is null) throw new ArgumentNullException(nameof(inputs));
            if (features <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(features), "The feature count must be positive.");
            return new SequenceDataset(count, time, features, inputs, null, lengths, mask, targets, targetWidth, targetsPerStep, sampleWeights);
        }

        /// <summary>Token ids: tokens [N, T]; targets as for features (class ids as floats with targetWidth 1).</summary>
        /// <param name="lengths">[N] valid steps per sample (post-padding), or null.</param>
        /// <param name="sampleWeights">[N] weight of each sample in the loss and metrics, or null for ones.</param>
        /// <param name="mask">
        /// [N, T] step mask (nonzero = valid) for pre-padding or holes; not together with lengths. Ids at masked steps
        /// are never looked up, so the padding id need not be in the vocabulary.
        /// </param>
        public static SequenceDataset FromTokens(int[] tokens, int count, int time, float[] targets, int targetWidth,
            bool targetsPerStep = false, int[]? lengths = null, float[]? sampleWeights = null, float[]? mask = null)
        {
            if (tokens is null) throw new ArgumentNullException(nameof(tokens));
            return new SequenceDataset(count, time, 0, null, tokens, lengths, mask, targets, targetWidth, targetsPerStep, sampleWeights);
        }

        /// <summary>
        /// Token ids padded by <see cref="Padding.Pad"/> (pre or post, truncated or not). A post-padded batch keeps its
        /// <see cref="PaddedBatch{T}.Lengths"/>; a pre-padded one uses its <see cref="PaddedBatch{T}.Mask"/>. Per-step
        /// targets must be laid out like the padded ids ([N, T, C]): pad them with the same maxLength, padding and
        /// truncation sides (e.g. <see cref="Padding.PadFeatures"/> with C features).
        /// </summary>
        public static SequenceDataset FromPadded(PaddedBatch<int> batch, float[] targets, int targetWidth,
            bool targetsPerStep = false, float[]? sampleWeights = null)
        {
            if (batch is null) throw new ArgumentNullException(nameof(batch));
            if (batch.FeatureCount != 1)
                ThrowHelper.ThrowArgument(nameof(batch), $"Token ids have one value per step; this batch has {batch.FeatureCount}.");
            CheckPaddedTime(batch.TimeSteps);
            bool post = batch.Side == PaddingSide.Post;
            return new SequenceDataset(batch.BatchSize, batch.TimeSteps, 0, null, batch.Values, post ? batch.Lengths : null,
                post ? null : batch.Mask, targets, targetWidth, targetsPerStep, sampleWeights);
        }

        /// <summary>
        /// Feature sequences padded by <see cref="Padding.PadFeatures"/> (pre or post, truncated or not); see the
        /// token overload for how lengths, mask and per-step targets are used.
        /// </summary>
        public static SequenceDataset FromPadded(PaddedBatch<float> batch, float[] targets, int targetWidth,
            bool targetsPerStep = false, float[]? sampleWeights = null)
        {
            if (batch is null) throw new ArgumentNullException(nameof(batch));
            CheckPaddedTime(batch.TimeSteps);
            bool post = batch.Side == PaddingSide.Post;
            return new SequenceDataset(batch.BatchSize, batch.TimeSteps, batch.FeatureCount, batch.Values, null,
                post ? batch.Lengths : null, post ? null : batch.Mask, targets, targetWidth, targetsPerStep, sampleWeights);
        }

        public int Count { get; }
        public int Time { get; }
        /// <summary>Features per step (0 for token data).</summary>
        public int Features { get; }
        /// <summary>[N, T, I] float features, or null for token data.</summary>
        public float[]? Inputs { get; }
        /// <summary>[N, T] token ids, or null for feature data.</summary>
        public int[]? Tokens { get; }
        /// <summary>[N] valid steps per sample (valid steps are [0, length)), or null.</summary>
        public int[]? Lengths { get; }
        /// <summary>[N, T] step mask, nonzero = valid (any pattern), or null. Never set together with <see cref="Lengths"/>.</summary>
        public float[]? Mask { get; }
        public float[] Targets { get; }
        public int TargetWidth { get; }
        public bool TargetsPerStep { get; }
        public float[]? SampleWeights { get; }

        /// <summary>Valid steps of a sample: its length, its count of nonzero mask entries, or <see cref="Time"/>.</summary>
        public int Length(int sample) => _validSteps != null ? _validSteps[sample] : Lengths is null ? Time : Lengths[sample];

        /// <summary>Whether step <paramref name="step"/> of <paramref name="sample"/> is valid (not padding).</summary>
        public bool IsValid(int sample, int step) =>
            Mask != null ? Mask[sample * Time + step] != 0f : Lengths is null || step < Lengths[sample];

        /// <summary>A contiguous range of samples (copies, mask included), e.g. a time-ordered train/validation split.</summary>
        public SequenceDataset Slice(int start, int count)
        {
            if (start < 0 || count < 0 || start + count > Count) ThrowHelper.ThrowArgumentOutOfRange(nameof(start), "Range outside the dataset.");
            int steps = TargetsPerStep ? Time : 1;
            float[]? inputs = Inputs is null ? null : Inputs.AsSpan(start * Time * Features, count * Time * Features).ToArray();
            int[]? tokens = Tokens is null ? null : Tokens.AsSpan(start * Time, count * Time).ToArray();
            int[]? lengths = Lengths is null ? null : Lengths.AsSpan(start, count).ToArray();
            float[]? mask = Mask is null ? null : Mask.AsSpan(start * Time, count * Time).ToArray();
            float[] targets = Targets.AsSpan(start * steps * TargetWidth, count * steps * TargetWidth).ToArray();
            float[]? weights = SampleWeights is null ? null : SampleWeights.AsSpan(start, count).ToArray();
            return new SequenceDataset(count, Time, Features, inputs, tokens, lengths, mask, targets, TargetWidth, TargetsPerStep, weights);
        }

        private static void CheckPaddedTime(int time)
        {
            if (time <= 0)
                ThrowHelper.ThrowArgument("batch", "The padded batch has no time steps (every sequence was empty); give maxLength > 0.");
        }
    }
}
