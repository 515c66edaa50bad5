// Keras binary_accuracy: every one of the N·C outputs is its own yes/no decision (multi-label), p > threshold
// against label ≥ 0.5, weighted by its sample's weight.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class BinaryAccuracy : Metric
    {
        private double _correct, _total;

        public BinaryAccuracy(float threshold = 0.5f, bool fromLogits = false)
        {
            if (!(threshold >= 0f && threshold <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(threshold), $"Threshold must be in [0, 1] (got {threshold}).");
            Threshold = threshold;
            FromLogits = fromLogits;
        }

        public float Threshold { get; }

        public bool FromLogits { get; }

        public override string Name => "binary_accuracy";

        public override double Result => _total == 0 ? 0 : _correct / _total;

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            if (c > 1 && targets.Length != n * c)
                ThrowHelper.ThrowArgument(nameof(targets), $"Binary accuracy needs N·C = {n * c} labels, got {targets.Length}.");
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                for (int j = i * c; j < (i + 1) * c; j++)
                    if (MetricTargets.PredictedPositive(predictions[j], FromLogits, Threshold) == (targets[j] >= 0.5f)) _correct += w;
                _total += (double)w * c;
            }
        }

        public override void Reset()
        {
            _correct = 0;
            _total = 0;
        }
    }
}
