// The kernels allocate nothing per call: no arrays, no boxing, no closures (stack tiles only), measured on this thread.
using System;
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    [TestFixture]
    public class KernelAllocationTests
    {
        private const int Calls = 200;

        [Test]
        public void GemmForward_AllocatesNothing_AfterWarmUp()
        {
            // M = 1 (GEMV), M = 7 (row tails), N = 100 (column tail in a stack tile).
            var b = PackedMatrix.FromRowMajor(KernelTestData.Uniform(64 * 100, 1, -1f, 1f), 64, 100);
            float[] a = KernelTestData.Uniform(7 * 64, 2, -1f, 1f);
            float[] c = new float[7 * 100];
            Action run = () =>
            {
                Gemm.Forward(a, 64, b, c, 100, 1, false);
                Gemm.Forward(a, 64, b, c, 100, 7, true);
            };

            Assert.That(AllocatedBy(run), Is.EqualTo(0L), "bytes allocated by Gemm.Forward");
        }

        [Test]
        public void ActivationForward_AllocatesNothing_AfterWarmUp()
        {
            float[] x = KernelTestData.Uniform(77, 3, -5f, 5f);
            float[] y = new float[77];
            var kinds = (ActivationKind[])Enum.GetValues(typeof(ActivationKind));
            Action run = () =>
            {
                foreach (ActivationKind kind in kinds)
                    ActivationKernels.Forward(Activation.Default(kind), x, y);
            };

            Assert.That(AllocatedBy(run), Is.EqualTo(0L), "bytes allocated by ActivationKernels.Forward");
        }

        [Test]
        public void ElementwiseOps_AllocateNothing_AfterWarmUp()
        {
            float[] x = KernelTestData.Uniform(77, 4, -5f, 5f);
            float[] y = KernelTestData.Uniform(77, 5, -5f, 5f);
            float[] dst = new float[77];
            Action run = () =>
            {
                Elementwise.Add(x, y, dst);
                Elementwise.MultiplyAdd(x, y, x, dst);
                Elementwise.GruBlend(x, y, x, dst);
                Elementwise.Clip(x, 1f, dst);
                Elementwise.Softmax(x, dst);
                Elementwise.LogSoftmax(x, dst);
            };

            Assert.That(AllocatedBy(run), Is.EqualTo(0L), "bytes allocated by Elementwise");
        }

        private static long AllocatedBy(Action run)
        {
            for (int i = 0; i < 10; i++) run();
            long before = AllocationCounter.Now();
            for (int i = 0; i < Calls; i++) run();
            return AllocationCounter.Now() - before;
        }
    }
}
