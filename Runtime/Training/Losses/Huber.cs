// Huber loss, Keras losses.Huber: per element 0.5·e² if |e| ≤ δ else δ·|e| − 0.5·δ², averaged over the C outputs;
// the gradient is e inside and δ·sign(e) outside. Weighting and the mean over samples live in Loss.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class Huber : Loss
    {
        public Huber(float delta = 1f)
        {
            if (!(delta > 0f) || float.IsInfinity(delta))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(delta), $"Huber delta must be positive and finite (got {delta}).");
            Delta = delta;
        }

        public float Delta { get; }

        public override string Name => "huber";

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale)
        {
            int c = prediction.Length;
            double delta = Delta, sum = 0, g = gradScale / c;
            for (int j = 0; j < c; j++)
            {
                double e = (double)prediction[j] - target[j];
                double a = Math.Abs(e);
                if (a <= delta)
                {
                    sum += 0.5 * e * e;
                    dPrediction[j] = (float)(g * e);
                }
                else
                {
                    sum += delta * a - 0.5 * delta * delta;
                    dPrediction[j] = (float)(g * (e > 0 ? delta : -delta));
                }
            }
            return sum / c;
        }
    }
}
