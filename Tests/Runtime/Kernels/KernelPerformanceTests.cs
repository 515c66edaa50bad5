// Single-thread timings of the kernels, printed rather than asserted (timings are not unit-test material). Run by
// hand in Release: dotnet test -c Release --filter "TestCategory=KernelPerformance".
using System;
using System.Diagnostics;
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    [TestFixture]
    [Explicit("Timing report; run by hand in Release.")]
    [Category("KernelPerformance")]
    public class KernelPerformanceTests
    {
        [TestCase(32, 256, 1024)]
        [TestCase(1, 256, 1024)]
        [TestCase(1, 64, 256)]
        [TestCase(4, 256, 1024)]
        [TestCase(64, 512, 2048)]
        public void GemmForward_ReportsTime(int m, int k, int n)
        {
            var b = PackedMatrix.FromRowMajor(KernelTestData.Uniform(k * n, 1, -1f, 1f), k, n);
            float[] a = KernelTestData.Uniform(m * k, 2, -1f, 1f);
            float[] c = new float[m * n];
            double seconds = BestTime(() => Gemm.Forward(a, k, b, c, n, m, false), 2.0 * m * k * n);

            TestContext.Out.WriteLine($"Gemm M={m} K={k} N={n}: {seconds * 1e6:F3} us, {2.0 * m * k * n / seconds / 1e9:F1} GFLOP/s");
        }

        [TestCase(ActivationKind.Sigmoid, 256)]
        [TestCase(ActivationKind.Tanh, 256)]
        [TestCase(ActivationKind.Softplus, 256)]
        [TestCase(ActivationKind.Relu, 256)]
        public void ActivationForward_ReportsTime(ActivationKind kind, int length)
        {
            float[] x = KernelTestData.Uniform(length, 3, -8f, 8f);
            float[] y = new float[length];
            Activation act = Activation.Default(kind);
            double seconds = BestTime(() => ActivationKernels.Forward(act, x, y), 10.0 * length);

            TestContext.Out.WriteLine($"{kind} n={length}: {seconds * 1e9 / length:F3} ns per element");
        }

        /// <summary>Best of 20 batches, each ~10 ms long, after a warm-up that lets the JIT settle.</summary>
        private static double BestTime(Action run, double work)
        {
            int batch = (int)Math.Max(1, 1e8 / work);
            for (int i = 0; i < batch; i++) run();
            double best = double.MaxValue;
            for (int repeat = 0; repeat < 20; repeat++)
            {
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < batch; i++) run();
                best = Math.Min(best, watch.Elapsed.TotalSeconds / batch);
            }
            return best;
        }
    }
}
