// ActivationKernels against the double-precision ActivationReference for all 12 kinds, at every length 0..256 (and
// 1000, 4099), both drivers, in and out of place; plus saturation, NaN and overflow behaviour at extreme inputs.
using System;
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    [TestFixture]
    public class ActivationKernelsTests
    {
        // One or two float roundings on top of a ≤ 1e-8 polynomial: measured ≤ 2 ulp for tanh, sigmoid, softsign, elu
        // and softplus. 4e-7 relative is at least 3.4 ulp anywhere in a binade; 2e-7 absolute covers results near 0
        // (sigmoid of very negative x, softplus of very negative x, affine cancellation between alpha·x and beta).
        private const double Absolute = 2e-7;
        private const double Relative = 4e-7;

        // ScaledTanh rounds beta·x, tanh and alpha·t separately: measured ≤ 3 ulp.
        private const double ScaledTanhRelative = 6e-7;

        // Inputs span the interesting range of every kind: saturation of tanh/sigmoid (|x| > 9 / 17), the ScaledTanh
        // and HardSigmoid knees, the Elu/Softplus transitions, and the polynomial/exponential switch of tanh (0.55).
        private const float InputRange = 12f;

        private static readonly ActivationKind[] s_kinds = (ActivationKind[])Enum.GetValues(typeof(ActivationKind));

        /// <summary>Non-default parameters, so a kernel that ignored alpha or beta would fail.</summary>
        private static Activation WithParameters(ActivationKind kind)
        {
            switch (kind)
            {
                case ActivationKind.Affine: return new Activation(kind, 0.5f, 0.25f);
                case ActivationKind.LeakyRelu: return new Activation(kind, 0.1f, 0f);
                case ActivationKind.ThresholdedRelu: return new Activation(kind, 0.7f, 0f);
                case ActivationKind.ScaledTanh: return new Activation(kind, 1.7f, 0.66f);
                case ActivationKind.HardSigmoid: return new Activation(kind, 0.3f, 0.4f);
                case ActivationKind.Elu: return new Activation(kind, 1.3f, 0f);
                default: return Activation.Default(kind);
            }
        }

        [Test]
        public void Forward_MatchesTheReference_AtEveryLength([ValueSource(nameof(s_kinds))] ActivationKind kind, [Values] KernelLoop loop,
            [Values] bool inPlace)
        {
            Activation act = WithParameters(kind);
            foreach (int n in KernelTestData.Lengths())
            {
                float[] x = KernelTestData.Uniform(n, (uint)n * 3 + (uint)kind, -InputRange, InputRange);
                float[] expected = new float[n];
                ActivationReference.Forward(act, x, expected);
                float[] actual = inPlace ? (float[])x.Clone() : new float[n];

                Forward(loop, act, inPlace ? actual : x, actual);

                KernelAssert.Close(actual, expected, Absolute, RelativeTolerance(kind), $"{act} {loop} n={n} inPlace={inPlace}");
            }
        }

        [Test]
        public void PiecewiseLinearKinds_EqualTheReferenceBitForBit([Values(ActivationKind.Identity, ActivationKind.Relu,
            ActivationKind.LeakyRelu, ActivationKind.ThresholdedRelu)] ActivationKind kind, [Values] KernelLoop loop)
        {
            Activation act = WithParameters(kind);
            float[] x = KernelTestData.Uniform(4099, 11, -InputRange, InputRange);
            x[0] = float.NaN;
            x[1] = -0f;
            x[2] = 0.7f;
            float[] expected = new float[x.Length];
            float[] actual = new float[x.Length];
            ActivationReference.Forward(act, x, expected);

            Forward(loop, act, x, actual);

            KernelAssert.BitwiseEqual(actual, expected, $"{act} {loop}");
        }

        [Test]
        public void SigmoidAndTanh_SaturateExactlyAndPropagateNaN([Values(ActivationKind.Sigmoid, ActivationKind.Tanh,
            ActivationKind.ScaledTanh)] ActivationKind kind, [Values] KernelLoop loop)
        {
            Activation act = Activation.Default(kind);
            float[] pattern = { 1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, 100f, -100f, 20f, -20f, 88.8f, -88.8f, float.NaN };
            float[] x = ElementwiseTests.Repeat(pattern, 5);   // every special lands in the SIMD body and in the tail
            float[] actual = new float[x.Length];

            Forward(loop, act, x, actual);

            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i];
                float expected = float.IsNaN(v) ? float.NaN
                    : kind == ActivationKind.Sigmoid ? (v > 0 ? 1f : (Math.Abs(v) >= 100f ? 0f : act.Apply(v)))
                    : Math.Sign(v);
                if (kind == ActivationKind.Sigmoid && v < 0 && Math.Abs(v) < 100f)
                    Assert.That(actual[i], Is.EqualTo(expected).Within(Absolute), $"{kind} {loop}: x[{i}] = {v}");
                else
                    Assert.That(actual[i], Is.EqualTo(expected), $"{kind} {loop}: x[{i}] = {v}");
            }
        }

        [Test]
        public void Softplus_DoesNotOverflow_ForLargeInputs([Values] KernelLoop loop)
        {
            Activation act = Activation.Default(ActivationKind.Softplus);
            float[] x = ElementwiseTests.Repeat(new[] { 1e30f, 100f, 88.8f, 30.5f, 17f, -100f, -1e30f, float.PositiveInfinity, float.NaN }, 5);
            float[] expected = new float[x.Length];
            float[] actual = new float[x.Length];
            ActivationReference.Forward(act, x, expected);

            Forward(loop, act, x, actual);

            KernelAssert.Close(actual, expected, Absolute, Relative, $"Softplus {loop}");
        }

        [Test]
        public void Forward_LeavesTheRestOfALongerOutputUntouched([ValueSource(nameof(s_kinds))] ActivationKind kind, [Values] KernelLoop loop)
        {
            const float Sentinel = -777f;
            float[] x = KernelTestData.Uniform(19, 4, -3f, 3f);
            float[] y = new float[40];
            for (int i = 0; i < y.Length; i++) y[i] = Sentinel;

            Forward(loop, WithParameters(kind), x, y);

            for (int i = x.Length; i < y.Length; i++)
                Assert.That(y[i], Is.EqualTo(Sentinel), $"{kind} {loop}: y[{i}] was written");
        }

        [Test]
        public void Forward_Throws_WhenTheOutputIsShorterThanTheInput()
        {
            Assert.That(() => ActivationKernels.Forward(Activation.Sigmoid, new float[5], new float[4]), Throws.InstanceOf<ArgumentException>());
        }

        private static double RelativeTolerance(ActivationKind kind) => kind == ActivationKind.ScaledTanh ? ScaledTanhRelative : Relative;

        private static void Forward(KernelLoop loop, Activation act, float[] x, float[] y)
        {
            if (loop == KernelLoop.Native) ActivationKernels.Forward(act, x, y);
            else ActivationKernels.ForwardPortable(act, x, y);
        }
    }
}
