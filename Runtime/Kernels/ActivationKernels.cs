// Fast activation loops. Dispatches once per call on the activation kind, never per element; the operator structs
// (ActivationOperators.cs) run through SimdLoop, which owns the widths and tails. Scalar twin: ActivationReference.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static class ActivationKernels
    {
        /// <summary>y[i] = act(x[i]). x and y may be the same span (in place). Allocates nothing.</summary>
        /// <remarks>
        /// Relu, LeakyRelu, ThresholdedRelu and Identity equal <see cref="ActivationReference"/> bit for bit; the others
        /// are within a few float ulps of it (Tanh and Sigmoid: 2e-7 absolute + 4e-7 relative).
        /// </remarks>
        public static void Forward(in Activation act, ReadOnlySpan<float> x, Span<float> y)
        {
            ThrowHelper.CheckLength(y.Length, x.Length, nameof(y));
            Forward(default(NativeLoop), act, x, y);
        }

        /// <summary>The .NET Standard path (Vector&lt;float&gt; + scalar tail), reachable from net8 tests.</summary>
        internal static void ForwardPortable(in Activation act, ReadOnlySpan<float> x, Span<float> y)
        {
            ThrowHelper.CheckLength(y.Length, x.Length, nameof(y));
            Forward(default(PortableLoop), act, x, y);
        }

        private static void Forward<TLoop>(TLoop loop, in Activation act, ReadOnlySpan<float> x, Span<float> y) where TLoop : struct, ISimdLoop
        {
            switch (act.Kind)
            {
                case ActivationKind.Identity:
                    x.CopyTo(y);
                    return;
                case ActivationKind.Relu:
                    loop.Unary(new ReluOperator(), x, y);
                    return;
                case ActivationKind.Tanh:
                    loop.Unary(new TanhOperator(), x, y);
                    return;
                case ActivationKind.Sigmoid:
                    loop.Unary(new SigmoidOperator(), x, y);
                    return;
                case ActivationKind.Affine:
                    loop.Unary(new AffineOperator(act.Alpha, act.Beta), x, y);
                    return;
                case ActivationKind.LeakyRelu:
                    loop.Unary(new LeakyReluOperator(act.Alpha), x, y);
                    return;
                case ActivationKind.ThresholdedRelu:
                    loop.Unary(new ThresholdedReluOperator(act.Alpha), x, y);
                    return;
                case ActivationKind.ScaledTanh:
                    loop.Unary(new ScaledTanhOperator(act.Alpha, act.Beta), x, y);
                    return;
                case ActivationKind.HardSigmoid:
                    loop.Unary(new HardSigmoidOperator(act.Alpha, act.Beta), x, y);
                    return;
                case ActivationKind.Elu:
                    loop.Unary(new EluOperator(act.Alpha), x, y);
                    return;
                case ActivationKind.Softsign:
                    loop.Unary(new SoftsignOperator(), x, y);
                    return;
                case ActivationKind.Softplus:
                    loop.Unary(new SoftplusOperator(), x, y);
                    return;
                default:
                    ActivationReference.Forward(act, x, y);
                    return;
            }
        }
    }
}
