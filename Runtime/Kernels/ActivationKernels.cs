// Fast activation loops. Dispatches once per call on the activation kind, never per element.
// (Kernel bodies: TensorPrimitives where it has the op, operator structs through SimdLoop otherwise.)
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static class ActivationKernels
    {
        /// <summary>y[i] = act(x[i]). x and y may be the same span (in place).</summary>
        public static void Forward(in Activation act, ReadOnlySpan<float> x, Span<float> y)
        {
            ThrowHelper.CheckLength(y.Length, x.Length, nameof(y));
            switch (act.Kind)
            {
                case ActivationKind.Identity:
                    x.CopyTo(y);
                    return;
                default:
                    ActivationReference.Forward(act, x, y);
                    return;
            }
        }
    }
}
