// Scalar twin of ActivationKernels: one element at a time through Activation.Apply. Tests compare against it.
using System;

namespace Recurrent.Kernels
{
    public static class ActivationReference
    {
        /// <summary>y[i] = act(x[i]). x and y may be the same span.</summary>
        public static void Forward(in Activation act, ReadOnlySpan<float> x, Span<float> y)
        {
            for (int i = 0; i < x.Length; i++)
                y[i] = act.Apply(x[i]);
        }
    }
}
