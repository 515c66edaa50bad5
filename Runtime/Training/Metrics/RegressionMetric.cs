// Streaming regression metrics over [N, C] predictions and targets: MSE, RMSE, MAE (Keras metrics) and R²
// (sklearn r2_score, multioutput="uniform_average", force_finite), with per-output weighted Welford sums in double.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// R² per output j is 1 − SS_res/SS_tot with SS_tot = Σ w·(t − t̄_w)² around the weighted target mean, and the
    /// result is their unweighted mean; an output with SS_tot = 0 scores 1 if SS_res = 0 and 0 otherwise (sklearn's
    /// force_finite). Every kind is 0 before any weight has been seen.
    /// </summary>
    public sealed class RegressionMetric : Metric
    {
        private double _weight, _squared, _absolute;
        private double[] _mean = Array.Empty<double>(), _m2 = Array.Empty<double>(), _residual = Array.Empty<double>();
        private int _outputs;

        public RegressionMetric(RegressionMetricKind kind) { Kind = kind; }

        public RegressionMetricKind Kind { get; }

        public override string Name =>
            Kind == RegressionMetricKind.MeanSquaredError ? "mse"
            : Kind == RegressionMetricKind.RootMeanSquaredError ? "rmse"
            : Kind == RegressionMetricKind.MeanAbsoluteError ? "mae" : "r2";

        public override double Result
        {
            get
            {
                if (_weight == 0) return 0;
                double elements = _weight * _outputs;
                switch (Kind)
                {
                    case RegressionMetricKind.MeanSquaredError: return _squared / elements;
                    case RegressionMetricKind.RootMeanSquaredError: return Math.Sqrt(_squared / elements);
                    case RegressionMetricKind.MeanAbsoluteError: return _absolute / elements;
                    default:
                        double sum = 0;
                        for (int j = 0; j < _outputs; j++)
                        {
                            double r2 = _m2[j] == 0 ? (_residual[j] == 0 ? 1 : 0) : 1 - _residual[j] / _m2[j];
                            sum += r2;
                        }
                        return sum / _outputs;
                }
            }
        }

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights)
        {
            MetricTargets.Check(predictions.Length, targets.Length, n, c, sampleWeights.Length);
            if (targets.Length < n * c)
                ThrowHelper.ThrowArgument(nameof(targets), $"Regression needs N·C = {n * c} targets, got {targets.Length}.");
            if (_outputs == 0)
            {
                _outputs = c;
                _mean = new double[c];
                _m2 = new double[c];
                _residual = new double[c];
            }
            else if (_outputs != c)
            {
                ThrowHelper.ThrowArgument(nameof(c), $"The metric has accumulated {_outputs} outputs per sample, the batch has {c}.");
            }
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                if (w == 0f) continue;
                double total = _weight + w;
                for (int j = 0; j < c; j++)
                {
                    double t = targets[i * c + j], e = predictions[i * c + j] - t;
                    _squared += w * e * e;
                    _absolute += w * Math.Abs(e);
                    _residual[j] += w * e * e;
                    double delta = t - _mean[j];                  // weighted Welford (West 1979)
                    _mean[j] += w / total * delta;
                    _m2[j] += w * delta * (t - _mean[j]);
                }
                _weight = total;
            }
        }

        public override void Reset()
        {
            _weight = _squared = _absolute = 0;
            Array.Clear(_mean, 0, _mean.Length);
            Array.Clear(_m2, 0, _m2.Length);
            Array.Clear(_residual, 0, _residual.Length);
        }
    }
}
