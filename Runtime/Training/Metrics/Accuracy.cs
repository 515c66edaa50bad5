// Accuracy as Keras picks it for "accuracy": argmax of the predictions against class ids or the argmax of one-hot
// rows (categorical/sparse_categorical_accuracy); for one output, binary_accuracy with a threshold.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Weighted fraction of samples whose predicted class (first maximum on ties) equals the true class. With C = 1 a
    /// sample is predicted positive when p &gt; threshold (σ(x) &gt; threshold for logits) and is positive when its
    /// label ≥ 0.5.
    /// </summary>
    public sealed class Accuracy : Metric
    {
        private double _correct, _total;

        public Accuracy(float threshold = 0.5f, bool fromLogits = false)
        {
            if (!(threshold >= 0f && threshold <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(threshold), $"Threshold must be in [0, 1] (got {threshold}).");
            Threshold = threshold;
            FromLogits = fromLogits;
        }

        public float Threshold { get; }

        public bool FromLogits { get; }

        public override string Name => "accuracy";

        public override double Result => _total == 0 ? 0 : _correct / _total;

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            TargetForm form = MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                bool hit;
                if (form == TargetForm.Binary)
                    hit = MetricTargets.PredictedPositive(predictions[i], FromLogits, Threshold) == (targets[i] >= 0.5f);
                else
                    hit = LossMath.ArgMax(predictions.Slice(i * c, c)) == MetricTargets.TrueClass(targets, i, c, form);
                if (hit) _correct += w;
                _total += w;
            }
        }

        public override void Reset()
        {
            _correct = 0;
            _total = 0;
        }
    }
}
