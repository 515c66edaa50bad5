// A weighted confusion matrix (rows = true class, columns = predicted class) and the per-class and macro precision,
// recall and F1 derived from it, as sklearn.metrics defines them (zero_division = 0).
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Counts are sums of sample weights. With C = 1 the matrix is 2×2 (negative, positive) from p &gt; threshold and
    /// label ≥ 0.5. Precision_k = TP/(TP+FP), recall_k = TP/(TP+FN), F1_k = 2TP/(2TP+FP+FN), each 0 when its
    /// denominator is 0. Macro averages are the unweighted means over the classes that occur in the targets or the
    /// predictions (sklearn's default labels). <see cref="Result"/> is the accuracy (trace / total).
    /// </summary>
    public sealed class ConfusionMatrix : Metric
    {
        private double[] _counts = Array.Empty<double>();   // [K, K]
        private int _classes;
        private bool _binary;

        /// <param name="classCount">K; 0 infers it from the first batch (C, or 2 when C = 1).</param>
        public ConfusionMatrix(int classCount = 0, float threshold = 0.5f, bool fromLogits = false)
        {
            if (classCount < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(classCount), $"Class count must not be negative (got {classCount}).");
            if (!(threshold >= 0f && threshold <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(threshold), $"Threshold must be in [0, 1] (got {threshold}).");
            Threshold = threshold;
            FromLogits = fromLogits;
            if (classCount > 0) Allocate(classCount);
        }

        public float Threshold { get; }

        public bool FromLogits { get; }

        public override string Name => "confusion_matrix";

        /// <summary>K (0 until known).</summary>
        public int ClassCount => _classes;

        /// <summary>Whether the matrix was filled from single-output (binary) predictions.</summary>
        public bool IsBinary => _binary;

        /// <summary>Weighted count of samples of class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
        public double Count(int trueClass, int predictedClass)
        {
            CheckClass(trueClass);
            CheckClass(predictedClass);
            return _counts[trueClass * _classes + predictedClass];
        }

        public double Total
        {
            get
            {
                double t = 0;
                foreach (double v in _counts) t += v;
                return t;
            }
        }

        public override double Result
        {
            get
            {
                double total = Total, trace = 0;
                for (int k = 0; k < _classes; k++) trace += _counts[k * _classes + k];
                return total == 0 ? 0 : trace / total;
            }
        }

        public double TruePositives(int k) => Count(k, k);

        public double FalsePositives(int k) => ColumnSum(k) - Count(k, k);

        public double FalseNegatives(int k) => RowSum(k) - Count(k, k);

        public double Precision(int k) => Ratio(TruePositives(k), ColumnSum(k));

        public double Recall(int k) => Ratio(TruePositives(k), RowSum(k));

        public double F1(int k)
        {
            double tp = TruePositives(k);
            return Ratio(2 * tp, 2 * tp + FalsePositives(k) + FalseNegatives(k));
        }

        public double MacroPrecision => Macro(0);

        public double MacroRecall => Macro(1);

        public double MacroF1 => Macro(2);

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            TargetForm form = MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            int needed = c == 1 ? 2 : c;
            if (_classes == 0) Allocate(needed);
            else if (_classes != needed) ThrowHelper.ThrowArgument(nameof(c), $"The matrix has {_classes} classes but the batch has {needed}.");
            _binary = c == 1;
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                int t, p;
                if (form == TargetForm.Binary)
                {
                    t = targets[i] >= 0.5f ? 1 : 0;
                    p = MetricTargets.PredictedPositive(predictions[i], FromLogits, Threshold) ? 1 : 0;
                }
                else
                {
                    t = MetricTargets.TrueClass(targets, i, c, form);
                    p = LossMath.ArgMax(predictions.Slice(i * c, c));
                }
                _counts[t * _classes + p] += w;
            }
        }

        public override void Reset() => Array.Clear(_counts, 0, _counts.Length);

        private void Allocate(int classes)
        {
            _classes = classes;
            _counts = new double[classes * classes];
        }

        private double RowSum(int k)
        {
            CheckClass(k);
            double s = 0;
            for (int j = 0; j < _classes; j++) s += _counts[k * _classes + j];
            return s;
        }

        private double ColumnSum(int k)
        {
            CheckClass(k);
            double s = 0;
            for (int i = 0; i < _classes; i++) s += _counts[i * _classes + k];
            return s;
        }

        private double Macro(int which)
        {
            double sum = 0;
            int present = 0;
            for (int k = 0; k < _classes; k++)
            {
                if (RowSum(k) == 0 && ColumnSum(k) == 0) continue;
                present++;
                sum += which == 0 ? Precision(k) : which == 1 ? Recall(k) : F1(k);
            }
            return present == 0 ? 0 : sum / present;
        }

        private static double Ratio(double num, double den) => den == 0 ? 0 : num / den;

        private void CheckClass(int k)
        {
            if ((uint)k >= (uint)_classes)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(k), $"Class {k} is outside [0, {_classes}).");
        }
    }
}
