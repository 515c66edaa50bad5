// Training data in Keras' batch-major form: inputs [N, T, I] (or token ids [N, T]), optional lengths [N], targets per
// sample [N, C] or per step [N, T, C] (class ids: C = 1), optional sample weights [N]. Plain arrays, no copies.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class SequenceDataset
    {
        private SequenceDataset(int count, int time, int features, float[]? inputs, int[]? tokens, int[]? lengths,
            float[] targets, int targetWidth, bool targetsPerStep, float[]? sampleWeights)
        {
            if (count < 0 || time <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(count), "Count must be ≥ 0 and time > 0.");
            if (inputs != null) ThrowHelper.CheckExactLength(inputs.Length, count * time * features, nameof(inputs));
            if (tokens != null) ThrowHelper.CheckExactLength(tokens.Length, count * time, nameof(tokens));
            ThrowHelper.CheckExactLength(targets.Length, count * (targetsPerStep ? time : 1) * targetWidth, nameof(targets));
            if (lengths != null)
            {
                ThrowHelper.CheckExactLength(lengths.Length, count, nameof(lengths));
                foreach (int l in lengths)
                    if ((uint)l > (uint)time) ThrowHelper.ThrowArgumentOutOfRange(nameof(lengths), $"Length {l} is outside [0, {time}].");
            }
            if (sampleWeights != null) ThrowHelper.CheckExactLength(sampleWeights.Length, count, nameof(sampleWeights));
            Count = count;
            Time = time;
            Features = features;
            Inputs = inputs;
            Tokens = tokens;
            Lengths = lengths;
            Targets = targets;
            TargetWidth = targetWidth;
            TargetsPerStep = targetsPerStep;
            SampleWeights = sampleWeights;
        }

        /// <summary>Float features: inputs [N, T, I]; targets [N, C] or, per step, [N, T, C].</summary>
        public static SequenceDataset FromFeatures(float[] inputs, int count, int time, int features, float[] targets,
            int targetWidth, bool targetsPerStep = false, int[]? lengths = null, float[]? sampleWeights = null) =>
            new SequenceDataset(count, time, features, inputs, null, lengths, targets, targetWidth, targetsPerStep, sampleWeights);

        /// <summary>Token ids: tokens [N, T]; targets as for features (class ids as floats with targetWidth 1).</summary>
        public static SequenceDataset FromTokens(int[] tokens, int count, int time, float[] targets, int targetWidth,
            bool targetsPerStep = false, int[]? lengths = null, float[]? sampleWeights = null) =>
            new SequenceDataset(count, time, 0, null, tokens, lengths, targets, targetWidth, targetsPerStep, sampleWeights);

        public int Count { get; }
        public int Time { get; }
        /// <summary>Features per step (0 for token data).</summary>
        public int Features { get; }
        public float[]? Inputs { get; }
        public int[]? Tokens { get; }
        public int[]? Lengths { get; }
        public float[] Targets { get; }
        public int TargetWidth { get; }
        public bool TargetsPerStep { get; }
        public float[]? SampleWeights { get; }

        public int Length(int sample) => Lengths is null ? Time : Lengths[sample];

        /// <summary>A contiguous range of samples (copies), e.g. a time-ordered train/validation split.</summary>
        public SequenceDataset Slice(int start, int count)
        {
            if (start < 0 || count < 0 || start + count > Count) ThrowHelper.ThrowArgumentOutOfRange(nameof(start), "Range outside the dataset.");
            int steps = TargetsPerStep ? Time : 1;
            float[]? inputs = Inputs is null ? null : Inputs.AsSpan(start * Time * Features, count * Time * Features).ToArray();
            int[]? tokens = Tokens is null ? null : Tokens.AsSpan(start * Time, count * Time).ToArray();
            int[]? lengths = Lengths is null ? null : Lengths.AsSpan(start, count).ToArray();
            float[] targets = Targets.AsSpan(start * steps * TargetWidth, count * steps * TargetWidth).ToArray();
            float[]? weights = SampleWeights is null ? null : SampleWeights.AsSpan(start, count).ToArray();
            return new SequenceDataset(count, Time, Features, inputs, tokens, lengths, targets, TargetWidth, TargetsPerStep, weights);
        }
    }
}
