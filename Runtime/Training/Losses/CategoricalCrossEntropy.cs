// Categorical cross-entropy over C classes with [N, C] (one-hot or soft) targets, Keras losses.CategoricalCrossentropy:
// from probabilities (normalised by their sum, clamped to [ε, 1−ε]) or from logits (softmax fused, log-sum-exp stable).
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// From logits x: L = −Σ_j t_j·ln softmax(x)_j, gradient (Σ_j t_j)·softmax(x) − t (softmax − t for one-hot targets).
    /// From probabilities p: Keras divides by Σ_j p_j, clamps to [ε, 1−ε] and returns −Σ_j t_j ln q_j; the gradient
    /// includes the normalisation. For softmax outputs that adds the same constant to every class, which the softmax's
    /// backward pass cancels, so the logits receive the same gradient either way.
    /// </summary>
    public sealed class CategoricalCrossEntropy : Loss
    {
        public CategoricalCrossEntropy(bool fromLogits = false, float epsilon = LossMath.KerasEpsilon)
        {
            if (!(epsilon >= 0f && epsilon < 0.5f))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(epsilon), $"Epsilon must be in [0, 0.5) (got {epsilon}).");
            FromLogits = fromLogits;
            Epsilon = epsilon;
        }

        public bool FromLogits { get; }

        public float Epsilon { get; }

        public override string Name => "categorical_crossentropy";

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale) =>
            FromLogits
                ? LossMath.CategoricalFromLogits(prediction, target, dPrediction, gradScale)
                : LossMath.CategoricalFromProbabilities(prediction, target, Epsilon, dPrediction, gradScale);
    }
}
