// Mean squared error, Keras losses.MeanSquaredError: L_i = (1/C)·Σ_j (p_ij − t_ij)², dL_i/dp_ij = 2(p_ij − t_ij)/C.
// Weighting and the mean over samples live in Loss.
using System;

namespace Recurrent.Training
{
    public sealed class MeanSquaredError : Loss
    {
        public override string Name => "mse";

        protected override double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale)
        {
            int c = prediction.Length;
            double sum = 0, g = 2.0 * gradScale / c;
            for (int j = 0; j < c; j++)
            {
                double e = (double)prediction[j] - target[j];
                sum += e * e;
                dPrediction[j] = (float)(g * e);
            }
            return sum / c;
        }
    }
}
