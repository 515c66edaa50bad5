// Base of Perplexity and BitsPerCharacter: the weighted mean cross-entropy in nats over samples, computed exactly as
// the losses do (LossMath: softmax/log-sum-exp for logits, Keras' normalise-and-clamp for probabilities).
using System;

namespace Recurrent.Training
{
    /// <summary>
    /// Accumulates Σ w·CE_i and Σ w. CE_i is −ln q_k for class ids or one-hot/soft rows (C &gt; 1) and binary
    /// cross-entropy for C = 1, so exp(<see cref="MeanNats"/>) equals exp of the matching loss on the same batch.
    /// </summary>
    public abstract class CrossEntropyMetric : Metric
    {
        private double _sum, _weight;

        protected CrossEntropyMetric(bool fromLogits) { FromLogits = fromLogits; }

        public bool FromLogits { get; }

        /// <summary>The weighted mean cross-entropy in nats (0 before any weight).</summary>
        public double MeanNats => _weight == 0 ? 0 : _sum / _weight;

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            TargetForm form = MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            double eps = LossMath.KerasEpsilon;
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                ReadOnlySpan<float> row = predictions.Slice(i * c, c);
                double ce;
                if (form == TargetForm.Binary)
                {
                    double x = row[0], t = targets[i];
                    if (FromLogits)
                    {
                        ce = Math.Max(x, 0.0) - x * t + LossMath.Log1p(Math.Exp(-Math.Abs(x)));
                    }
                    else
                    {
                        double p = Math.Min(Math.Max(x, eps), 1.0 - eps);
                        ce = -(t * Math.Log(p) + (1.0 - t) * Math.Log(1.0 - p));
                    }
                }
                else if (form == TargetForm.ClassIds)
                {
                    int k = MetricTargets.TrueClass(targets, i, c, form);
                    ce = FromLogits
                        ? LossMath.SparseFromLogits(row, k, Span<float>.Empty, 0)
                        : LossMath.SparseFromProbabilities(row, k, eps, Span<float>.Empty, 0);
                }
                else
                {
                    ReadOnlySpan<float> t = targets.Slice(i * c, c);
                    ce = FromLogits
                        ? LossMath.CategoricalFromLogits(row, t, Span<float>.Empty, 0)
                        : LossMath.CategoricalFromProbabilities(row, t, eps, Span<float>.Empty, 0);
                }
                _sum += w * ce;
                _weight += w;
            }
        }

        public override void Reset()
        {
            _sum = 0;
            _weight = 0;
        }
    }
}
