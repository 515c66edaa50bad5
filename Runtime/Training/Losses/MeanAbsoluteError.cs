// Mean absolute error, Keras losses.MeanAbsoluteError: L_i = (1/C)·Σ_j |p_ij − t_ij|; the gradient is sign(e)/C with
// sign(0) = 0, as TensorFlow's gradient of abs. Weighting and the mean over samples live in Loss.
using System;

namespace Recurrent.Training
{
    public sealed class MeanAbsoluteError : Loss
    {
        public override string Name => "mae";

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale)
        {
            int c = prediction.Length;
            double sum = 0, g = gradScale / c;
            for (int j = 0; j < c; j++)
            {
                double e = (double)prediction[j] - target[j];
                sum += Math.Abs(e);
                dPrediction[j] = (float)(e > 0 ? g : (e < 0 ? -g : 0.0));
            }
            return sum / c;
        }
    }
}
