// Backward of an elementwise activation: dx = dy ⊙ act'(x) (optionally ⊙ the clip mask |x| <= clip).
// The forward lives in Kernels/ActivationKernels; this is its adjacent backward for training.
using System;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal static class ActivationGradient
    {
        /// <summary>
        /// dx = dy ⊙ act'(clip(x)) ⊙ [|x| ≤ clip]; x: pre-activation before clipping, y: act(clip(x)).
        /// clip ≤ 0 means no clipping. dx may alias dy.
        /// </summary>
        public static void Backward(in Activation act, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy,
            Span<float> dx, float clip = 0f)
        {
            int n = dy.Length;
            switch (act.Kind)
            {
                case ActivationKind.Sigmoid when clip <= 0f:
                    for (int i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
                    return;
                case ActivationKind.Tanh when clip <= 0f:
                    for (int i = 0; i < n; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
                    return;
            }
            for (int i = 0; i < n; i++)
            {
                float xi = x[i];
                if (clip > 0f)
                {
                    if (xi > clip || xi < -clip) { dx[i] = 0f; continue; }
                }
                dx[i] = dy[i] * act.Derivative(xi, y[i]);
            }
        }
    }
}
