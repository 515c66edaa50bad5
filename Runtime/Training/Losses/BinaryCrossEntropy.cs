// Binary cross-entropy, Keras losses.BinaryCrossentropy, averaged over the C outputs. From probabilities p is clamped to
// [ε, 1−ε] (Keras backend.binary_crossentropy); from logits it is TF's sigmoid_cross_entropy_with_logits form.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Per element, from probabilities: −(t·ln p̃ + (1−t)·ln(1−p̃)) with p̃ = clamp(p, ε, 1−ε), gradient
    /// (p̃ − t)/(p̃(1 − p̃)) inside the clamp and 0 outside (as tf.clip_by_value). From logits x:
    /// max(x, 0) − x·t + ln(1 + e^−|x|), gradient σ(x) − t. Both are averaged over the C outputs of a sample.
    /// </summary>
    public sealed class BinaryCrossEntropy : Loss
    {
        public BinaryCrossEntropy(bool fromLogits = false, float epsilon = LossMath.KerasEpsilon)
        {
            if (!(epsilon >= 0f && epsilon < 0.5f))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(epsilon), $"Epsilon must be in [0, 0.5) (got {epsilon}).");
            FromLogits = fromLogits;
            Epsilon = epsilon;
        }

        /// <summary>Whether predictions are logits (a sigmoid is fused in) rather than probabilities.</summary>
        public bool FromLogits { get; }

        /// <summary>Probability clamp (Keras backend.epsilon(), 1e-7); unused with logits.</summary>
        public float Epsilon { get; }

        public override string Name => "binary_crossentropy";

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale)
        {
            int c = prediction.Length;
            double sum = 0, g = gradScale / c;
            if (FromLogits)
            {
                for (int j = 0; j < c; j++)
                {
                    double x = prediction[j], t = target[j];
                    sum += Math.Max(x, 0.0) - x * t + LossMath.Log1p(Math.Exp(-Math.Abs(x)));
                    dPrediction[j] = (float)(g * (LossMath.Sigmoid(x) - t));
                }
            }
            else
            {
                double lo = Epsilon, hi = 1.0 - Epsilon;
                for (int j = 0; j < c; j++)
                {
                    double p = prediction[j], t = target[j];
                    double pc = p < lo ? lo : (p > hi ? hi : p);
                    sum -= t * Math.Log(pc) + (1.0 - t) * Math.Log(1.0 - pc);
                    dPrediction[j] = p >= lo && p <= hi ? (float)(g * (pc - t) / (pc * (1.0 - pc))) : 0f;
                }
            }
            return sum / c;
        }
    }
}
