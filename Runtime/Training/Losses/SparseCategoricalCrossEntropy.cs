// Categorical cross-entropy with [N] integer class-id targets (stored as floats), Keras
// losses.SparseCategoricalCrossentropy: the one-hot form of CategoricalCrossEntropy without building the one-hot rows.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// From logits: L = lse(x) − x_k, gradient softmax(x) − one_hot(k). From probabilities: q = p/Σp clamped to
    /// [ε, 1−ε], L = −ln q_k (the Keras 3 jax/numpy/torch backend form). A class id must be an integer in [0, C) for
    /// every sample with a non-zero weight; samples with weight 0 (padding) may hold any value, e.g. −1.
    /// </summary>
    public sealed class SparseCategoricalCrossEntropy : Loss
    {
        public SparseCategoricalCrossEntropy(bool fromLogits = false, float epsilon = LossMath.KerasEpsilon)
        {
            if (!(epsilon >= 0f && epsilon < 0.5f))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(epsilon), $"Epsilon must be in [0, 0.5) (got {epsilon}).");
            FromLogits = fromLogits;
            Epsilon = epsilon;
        }

        public bool FromLogits { get; }

        public float Epsilon { get; }

        public override string Name => "sparse_categorical_crossentropy";

        public override int TargetWidth(int classes) => 1;

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale)
        {
            int k = LossMath.ClassId(target[0], prediction.Length);
            if (k < 0) ThrowBadClass(target[0], prediction.Length);
            return FromLogits
                ? LossMath.SparseFromLogits(prediction, k, dPrediction, gradScale)
                : LossMath.SparseFromProbabilities(prediction, k, Epsilon, dPrediction, gradScale);
        }

        private static void ThrowBadClass(float value, int classes) =>
            ThrowHelper.ThrowArgumentOutOfRange("targets",
                $"Class id {value} is not an integer in [0, {classes}); give padded samples weight 0.");
    }
}
