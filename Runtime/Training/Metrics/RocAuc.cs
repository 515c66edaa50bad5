// Binary ROC-AUC as the weighted Mann–Whitney statistic: P(score of a positive > score of a negative) + ½·P(tie),
// which equals the trapezoidal area under the ROC curve with tied scores (sklearn roc_auc_score with sample weights).
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Keeps every (score, label, weight) seen since <see cref="Reset"/> (its buffer grows by doubling, then is reused)
    /// and sorts them when <see cref="Result"/> is read. Scores: the single output for C = 1 (probability or logit; only
    /// the order matters) or, for C = 2, p₁ (probabilities) or x₁ − x₀ (logits); positives have label ≥ 0.5 (C = 1) or
    /// class 1. Ties count one half, which is the average-rank form: AUC = (Σ ranks of positives − n₊(n₊+1)/2)/(n₊n₋)
    /// with unit weights. NaN when there is no positive or no negative weight yet. Multi-class AUC is not provided.
    /// </summary>
    public sealed class RocAuc : Metric
    {
        private static readonly IComparer<Entry> s_byScore = new ScoreComparer();
        private Entry[] _entries = new Entry[64];
        private int _count;

        public RocAuc(bool fromLogits = false) { FromLogits = fromLogits; }

        /// <summary>Only matters for C = 2, where logits are turned into the score x₁ − x₀.</summary>
        public bool FromLogits { get; }

        public override string Name => "auc";

        public int Count => _count;

        public override double Result
        {
            get
            {
                Array.Sort(_entries, 0, _count, s_byScore);
                double positives = 0, negatives = 0, area = 0;
                int i = 0;
                while (i < _count)
                {
                    double groupPositive = 0, groupNegative = 0;
                    int j = i;
                    for (; j < _count && s_byScore.Compare(_entries[j], _entries[i]) == 0; j++)
                    {
                        if (_entries[j].Positive) groupPositive += _entries[j].Weight;
                        else groupNegative += _entries[j].Weight;
                    }
                    area += groupPositive * (negatives + 0.5 * groupNegative);
                    positives += groupPositive;
                    negatives += groupNegative;
                    i = j;
                }
                return positives == 0 || negatives == 0 ? double.NaN : area / (positives * negatives);
            }
        }

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            TargetForm form = MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            if (c > 2) ThrowHelper.ThrowArgument(nameof(c), $"ROC-AUC is binary: C must be 1 or 2 (got {c}).");
            if (_count + n > _entries.Length)
            {
                int size = _entries.Length;
                while (size < _count + n) size *= 2;
                Array.Resize(ref _entries, size);
            }
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                float score;
                bool positive;
                if (form == TargetForm.Binary)
                {
                    score = predictions[i];
                    positive = targets[i] >= 0.5f;
                }
                else
                {
                    score = FromLogits ? predictions[2 * i + 1] - predictions[2 * i] : predictions[2 * i + 1];
                    positive = MetricTargets.TrueClass(targets, i, c, form) == 1;
                }
                _entries[_count++] = new Entry(score, w, positive);
            }
        }

        public override void Reset() => _count = 0;

        private readonly struct Entry
        {
            public Entry(float score, float weight, bool positive)
            {
                Score = score;
                Weight = weight;
                Positive = positive;
            }

            public float Score { get; }

            public float Weight { get; }

            public bool Positive { get; }
        }

        private sealed class ScoreComparer : IComparer<Entry>
        {
            // float.CompareTo orders NaN first and equal to itself, so NaN scores form one lowest group.
            public int Compare(Entry x, Entry y) => x.Score.CompareTo(y.Score);
        }
    }
}
