// The packed layout Gemm reads: column panels of 16, K-major, zero-padded, 64-byte aligned where the runtime allows.
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    [TestFixture]
    public class PackedMatrixTests
    {
        [TestCase(1, 1)]
        [TestCase(3, 15)]
        [TestCase(5, 16)]
        [TestCase(7, 17)]
        [TestCase(64, 100)]
        [TestCase(0, 9)]
        public void Pack_PutsEveryElementInItsPanelAndZeroPadsTheLastPanel(int k, int n)
        {
            float[] b = KernelTestData.Uniform(k * n, 5, 0.5f, 1f);   // no zeros, so padding is recognisable
            var packed = PackedMatrix.FromRowMajor(b, k, n);
            const int w = PackedMatrix.PanelWidth;

            Assert.That(packed.Panels.Length, Is.GreaterThanOrEqualTo(packed.PanelStart + packed.PanelCount * packed.PanelStride));
            for (int p = 0; p < packed.PanelCount; p++)
            {
                for (int row = 0; row < k; row++)
                {
                    for (int j = 0; j < w; j++)
                    {
                        int col = p * w + j;
                        float expected = col < n ? b[row * n + col] : 0f;
                        float actual = packed.Panels[packed.PanelStart + p * packed.PanelStride + row * w + j];
                        Assert.That(actual, Is.EqualTo(expected), $"B[{row}, {col}] in panel {p}");
                    }
                }
            }
        }

#if NET8_0_OR_GREATER
        [Test]
        public unsafe void Pack_AlignsThePanelsToACacheLine()
        {
            for (int n = 1; n < 40; n += 7)
            {
                var packed = PackedMatrix.FromRowMajor(new float[9 * n], 9, n);
                fixed (float* p = packed.Panels)
                {
                    long address = (long)(p + packed.PanelStart);
                    Assert.That(address % 64, Is.EqualTo(0), $"N={n}: panel start 0x{address:X}");
                }
            }
        }
#endif
    }
}
