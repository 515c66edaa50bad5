// Keras (sparse_)top_k_categorical_accuracy via tf.math.in_top_k: the true class counts as a hit when fewer than k
// classes score strictly higher, so classes tied at the k-th place are all "in the top k"; a non-finite row is a miss.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class TopKAccuracy : Metric
    {
        private double _hits, _total;

        public TopKAccuracy(int k = 5)
        {
            if (k < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(k), $"k must be at least 1 (got {k}).");
            K = k;
        }

        public int K { get; }

        public override string Name => "top_k_accuracy";

        public override double Result => _total == 0 ? 0 : _hits / _total;

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            TargetForm form = MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            if (form == TargetForm.Binary) ThrowHelper.ThrowArgument(nameof(c), "Top-k accuracy needs at least two classes.");
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                ReadOnlySpan<float> row = predictions.Slice(i * c, c);
                float score = row[MetricTargets.TrueClass(targets, i, c, form)];
                int higher = 0;
                bool finite = true;
                for (int j = 0; j < c && finite; j++)
                {
                    if (!float.IsFinite(row[j])) finite = false;
                    else if (row[j] > score) higher++;
                }
                if (finite && higher < K) _hits += w;
                _total += w;
            }
        }

        public override void Reset()
        {
            _hits = 0;
            _total = 0;
        }
    }
}
