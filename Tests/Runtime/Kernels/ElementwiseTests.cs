// Elementwise kernels against ElementwiseReference at every length 0..256 (and 1000, 4099), both drivers, in and out
// of place: bit for bit for the arithmetic ops, within stated tolerances for the softmax pair.
using System;
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    public enum ElementwiseOp
    {
        Add,
        Multiply,
        MultiplyAdd,
        Clip,
        OneMinus,
        GruBlend,
    }

    [TestFixture]
    public class ElementwiseTests
    {
        // Softmax: e^x to ≤ 1 ulp, a compensated sum (error independent of n) rounded to float, one division; measured
        // ≤ 2.2e-7 relative up to n = 100000 on every width. 4e-7 is about 3.4 ulp.
        private const double SoftmaxRelative = 4e-7;
        private const double SoftmaxAbsolute = 1e-12;

        // LogSoftmax rounds log Σ to float and subtracts twice: about one ulp of max(|result|, log Σ); results reach ~30
        // in magnitude here (ulp 1.9e-6) and log Σ ~8.3 (ulp 9.5e-7).
        private const double LogSoftmaxRelative = 4e-7;
        private const double LogSoftmaxAbsolute = 1e-6;

        private const float ClipBound = 0.75f;

        [Test]
        public void ArithmeticOps_EqualTheReferenceBitForBit_AtEveryLength([Values] ElementwiseOp op, [Values] KernelLoop loop, [Values] bool inPlace)
        {
            foreach (int n in KernelTestData.Lengths())
            {
                float[] x = KernelTestData.Uniform(n, (uint)n + 1, -2f, 2f);
                float[] y = KernelTestData.Uniform(n, (uint)n + 2, -2f, 2f);
                float[] z = KernelTestData.Uniform(n, (uint)n + 3, -2f, 2f);
                float[] expected = new float[n];
                Reference(op, x, y, z, expected);

                float[] actual = inPlace ? (float[])x.Clone() : new float[n];
                float[] input = inPlace ? actual : x;
                Fast(op, loop, input, y, z, actual);

                KernelAssert.BitwiseEqual(actual, expected, $"{op} {loop} n={n} inPlace={inPlace}");
            }
        }

        [Test]
        public void Clip_PassesNaNThroughAndClampsInfinities([Values] KernelLoop loop)
        {
            float[] x = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.5f, -0.5f, 2f, -2f, -0f };
            float[] input = Repeat(x, 5);
            float[] expected = new float[input.Length];
            float[] actual = new float[input.Length];

            ElementwiseReference.Clip(input, ClipBound, expected);
            Fast(ElementwiseOp.Clip, loop, input, input, input, actual);

            KernelAssert.BitwiseEqual(actual, expected, $"Clip {loop}");
        }

        [Test]
        public void Softmax_MatchesTheDoublePrecisionReference_AtEveryLength([Values] KernelLoop loop, [Values] bool inPlace)
        {
            foreach (int n in KernelTestData.Lengths())
            {
                float[] x = KernelTestData.Uniform(n, (uint)n + 7, -10f, 10f);
                float[] expected = new float[n];
                ElementwiseReference.Softmax(x, expected);
                float[] actual = inPlace ? (float[])x.Clone() : new float[n];

                Softmax(loop, inPlace ? actual : x, actual);

                KernelAssert.Close(actual, expected, SoftmaxAbsolute, SoftmaxRelative, $"Softmax {loop} n={n} inPlace={inPlace}");
            }
        }

        [Test]
        public void LogSoftmax_MatchesTheDoublePrecisionReference_AtEveryLength([Values] KernelLoop loop, [Values] bool inPlace)
        {
            foreach (int n in KernelTestData.Lengths())
            {
                float[] x = KernelTestData.Uniform(n, (uint)n + 9, -10f, 10f);
                float[] expected = new float[n];
                ElementwiseReference.LogSoftmax(x, expected);
                float[] actual = inPlace ? (float[])x.Clone() : new float[n];

                LogSoftmax(loop, inPlace ? actual : x, actual);

                KernelAssert.Close(actual, expected, LogSoftmaxAbsolute, LogSoftmaxRelative, $"LogSoftmax {loop} n={n} inPlace={inPlace}");
            }
        }

        [Test]
        public void Softmax_DoesNotOverflow_ForLargeLogitsAndGivesZeroForMinusInfinity([Values] KernelLoop loop)
        {
            float[] x = Repeat(new[] { 1000f, 1000f, float.NegativeInfinity, 999f, -1e30f }, 7);
            float[] expected = new float[x.Length];
            float[] actual = new float[x.Length];
            ElementwiseReference.Softmax(x, expected);

            Softmax(loop, x, actual);

            KernelAssert.Close(actual, expected, SoftmaxAbsolute, SoftmaxRelative, $"Softmax {loop}");
            Assert.That(actual[2], Is.EqualTo(0f), "e^-inf");
        }

        [Test]
        public void Softmax_PropagatesNaNLikeTheReference([Values] KernelLoop loop)
        {
            float[] x = { 1f, float.NaN, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f };
            float[] expected = new float[x.Length];
            float[] actual = new float[x.Length];
            ElementwiseReference.Softmax(x, expected);

            Softmax(loop, x, actual);

            KernelAssert.Close(actual, expected, SoftmaxAbsolute, SoftmaxRelative, $"Softmax with NaN {loop}");
        }

        [Test]
        public void Ops_Throw_WhenTheOutputIsShorterThanTheInput()
        {
            Assert.That(() => Elementwise.Add(new float[4], new float[4], new float[3]), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => Elementwise.MultiplyAdd(new float[4], new float[4], new float[3], new float[4]), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => Elementwise.GruBlend(new float[4], new float[4], new float[4], new float[3]), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => Elementwise.Softmax(new float[4], new float[3]), Throws.InstanceOf<ArgumentException>());
        }

        private static void Reference(ElementwiseOp op, float[] x, float[] y, float[] z, float[] dst)
        {
            switch (op)
            {
                case ElementwiseOp.Add: ElementwiseReference.Add(x, y, dst); break;
                case ElementwiseOp.Multiply: ElementwiseReference.Multiply(x, y, dst); break;
                case ElementwiseOp.MultiplyAdd: ElementwiseReference.MultiplyAdd(x, y, z, dst); break;
                case ElementwiseOp.Clip: ElementwiseReference.Clip(x, ClipBound, dst); break;
                case ElementwiseOp.OneMinus: ElementwiseReference.OneMinus(x, dst); break;
                case ElementwiseOp.GruBlend: ElementwiseReference.GruBlend(x, y, z, dst); break;
            }
        }

        internal static void Fast(ElementwiseOp op, KernelLoop loop, float[] x, float[] y, float[] z, float[] dst)
        {
            if (loop == KernelLoop.Native)
            {
                switch (op)
                {
                    case ElementwiseOp.Add: Elementwise.Add(x, y, dst); break;
                    case ElementwiseOp.Multiply: Elementwise.Multiply(x, y, dst); break;
                    case ElementwiseOp.MultiplyAdd: Elementwise.MultiplyAdd(x, y, z, dst); break;
                    case ElementwiseOp.Clip: Elementwise.Clip(x, ClipBound, dst); break;
                    case ElementwiseOp.OneMinus: Elementwise.OneMinus(x, dst); break;
                    case ElementwiseOp.GruBlend: Elementwise.GruBlend(x, y, z, dst); break;
                }
                return;
            }

            switch (op)
            {
                case ElementwiseOp.Add: Elementwise.Add<PortableLoop>(x, y, dst); break;
                case ElementwiseOp.Multiply: Elementwise.Multiply<PortableLoop>(x, y, dst); break;
                case ElementwiseOp.MultiplyAdd: Elementwise.MultiplyAdd<PortableLoop>(x, y, z, dst); break;
                case ElementwiseOp.Clip: Elementwise.Clip<PortableLoop>(x, ClipBound, dst); break;
                case ElementwiseOp.OneMinus: Elementwise.OneMinus<PortableLoop>(x, dst); break;
                case ElementwiseOp.GruBlend: Elementwise.GruBlend<PortableLoop>(x, y, z, dst); break;
            }
        }

        private static void Softmax(KernelLoop loop, float[] x, float[] dst)
        {
            if (loop == KernelLoop.Native) Elementwise.Softmax(x, dst);
            else Elementwise.Softmax<PortableLoop>(x, dst);
        }

        private static void LogSoftmax(KernelLoop loop, float[] x, float[] dst)
        {
            if (loop == KernelLoop.Native) Elementwise.LogSoftmax(x, dst);
            else Elementwise.LogSoftmax<PortableLoop>(x, dst);
        }

        internal static float[] Repeat(float[] pattern, int times)
        {
            var result = new float[pattern.Length * times];
            for (int i = 0; i < result.Length; i++) result[i] = pattern[i % pattern.Length];
            return result;
        }
    }
}
