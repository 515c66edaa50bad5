// Gemm against its scalar twins at odd shapes, on every width this CPU has: bit-for-bit equality, since each output is
// one accumulator updated in k order (GemmReference.Forward for separate multiply-add, ForwardFused for FMA widths).
using System;
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels
{
    /// <summary>A GEMM code path: the public dispatch, the .NET Standard paths, or one fixed width (net8).</summary>
    public enum GemmPath
    {
        Native,
        Portable,
        Scalar,
#if NET8_0_OR_GREATER
        Vector128,
        Vector256,
        Vector512,
#endif
    }

    [TestFixture]
    public class GemmTests
    {
        private static readonly int[] s_rows = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 17, 33 };
        private static readonly int[] s_depths = { 0, 1, 3, 8, 17, 64, 100 };
        private static readonly int[] s_columns = { 1, 3, 15, 16, 17, 31, 33, 64, 100, 257 };

        // Padding between rows of A holds NaN (a read would poison the result); padding in C holds a sentinel that
        // must survive (the comparison covers the whole buffer).
        private const int PadA = 3;
        private const int PadC = 5;
        private const float CSentinel = 12345.5f;

        [Test]
        public void Forward_EqualsItsScalarTwinBitForBit_AtOddShapes([Values] GemmPath path, [Values] bool accumulate, [Values] bool padded)
        {
            IgnoreIfUnsupported(path);
            foreach (int k in s_depths)
            {
                foreach (int n in s_columns)
                {
                    var w = KernelTestData.Uniform(k * n, (uint)(k * 1000 + n), -1f, 1f);
                    var b = PackedMatrix.FromRowMajor(w, k, n);
                    foreach (int m in s_rows)
                    {
                        int lda = padded ? k + PadA : k;
                        int ldc = padded ? n + PadC : n;
                        float[] a = Matrix(m, k, lda, (uint)(m * 7 + k), float.NaN);
                        float[] c = Matrix(m, n, ldc, (uint)(m * 11 + n), CSentinel);
                        float[] expected = (float[])c.Clone();

                        Run(path, a, lda, b, c, ldc, m, accumulate);
                        Twin(path, a, lda, b, expected, ldc, m, accumulate);

                        KernelAssert.BitwiseEqual(c, expected, $"{path} M={m} K={k} N={n} lda={lda} ldc={ldc} accumulate={accumulate}");
                    }
                }
            }
        }

        [Test]
        public void Forward_WithZeroDepth_ClearsOrKeepsC([Values] bool accumulate)
        {
            var b = PackedMatrix.FromRowMajor(Array.Empty<float>(), 0, 20);
            float[] c = KernelTestData.Uniform(3 * 20, 3, -1f, 1f);
            float[] before = (float[])c.Clone();

            Gemm.Forward(Array.Empty<float>(), 0, b, c, 20, 3, accumulate);

            KernelAssert.BitwiseEqual(c, accumulate ? before : new float[c.Length], "K=0");
        }

        [Test]
        public void Forward_Throws_WhenABufferIsTooShort()
        {
            var b = PackedMatrix.FromRowMajor(new float[8 * 16], 8, 16);
            Assert.That(() => Gemm.Forward(new float[2 * 8 - 1], 8, b, new float[2 * 16], 16, 2, false), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => Gemm.Forward(new float[2 * 8], 8, b, new float[2 * 16 - 1], 16, 2, false), Throws.InstanceOf<ArgumentException>());
        }

        [Test]
        public void Forward_FromTransposedWeights_EqualsForwardFromTheTransposeBitForBit()
        {
            const int k = 37, n = 45, m = 6;
            float[] w = KernelTestData.Uniform(n * k, 17, -1f, 1f);   // [N, K], as an ONNX weight
            var wt = new float[k * n];
            for (int row = 0; row < n; row++)
                for (int col = 0; col < k; col++)
                    wt[col * n + row] = w[row * k + col];
            float[] a = KernelTestData.Uniform(m * k, 18, -1f, 1f);
            var fromTransposed = new float[m * n];
            var fromRowMajor = new float[m * n];

            Gemm.Forward(a, k, PackedMatrix.FromTransposed(w, n, k), fromTransposed, n, m, false);
            Gemm.Forward(a, k, PackedMatrix.FromRowMajor(wt, k, n), fromRowMajor, n, m, false);

            KernelAssert.BitwiseEqual(fromTransposed, fromRowMajor, "FromTransposed vs FromRowMajor");
        }

#if NET8_0_OR_GREATER
        [Test]
        public void FusedAndUnfusedTwins_Differ_SoTheBitwiseTestsTellThemApart()
        {
            const int m = 4, k = 100, n = 64;
            float[] a = KernelTestData.Uniform(m * k, 1, -1f, 1f);
            float[] w = KernelTestData.Uniform(k * n, 2, -1f, 1f);
            var fused = new float[m * n];
            var unfused = new float[m * n];

            GemmReference.ForwardFused(a, k, w, k, n, fused, n, m, false);
            GemmReference.Forward(a, k, w, k, n, unfused, n, m, false);

            int differing = 0;
            for (int i = 0; i < fused.Length; i++)
                if (fused[i] != unfused[i]) differing++;
            Assert.That(differing, Is.GreaterThan(fused.Length / 4), "fused and unfused sums should differ in the last bits");
        }
#endif

        private static float[] Matrix(int rows, int cols, int stride, uint seed, float padding)
        {
            int length = rows == 0 ? 0 : (rows - 1) * stride + cols;
            float[] values = KernelTestData.Uniform(length, seed, -1f, 1f);
            for (int r = 0; r < rows; r++)
                for (int j = cols; j < stride && r * stride + j < length; j++)
                    values[r * stride + j] = padding;
            return values;
        }

        internal static void IgnoreIfUnsupported(GemmPath path)
        {
#if NET8_0_OR_GREATER
            if (path == GemmPath.Vector512 && !Simd512.IsSupported) Assert.Ignore("Vector512 is not accelerated on this CPU.");
            if (path == GemmPath.Vector256 && !(Simd256.IsSupported && default(Simd256).IsFused)) Assert.Ignore("No AVX2 + FMA on this CPU.");
            if (path == GemmPath.Vector128 && !Simd128.IsSupported) Assert.Ignore("Vector128 is not accelerated on this CPU.");
#endif
        }

        internal static void Run(GemmPath path, float[] a, int lda, PackedMatrix b, float[] c, int ldc, int m, bool accumulate)
        {
            switch (path)
            {
                case GemmPath.Native: Gemm.Forward(a, lda, b, c, ldc, m, accumulate); break;
                case GemmPath.Portable: Gemm.ForwardVector(a, lda, b, c, ldc, m, accumulate); break;
                case GemmPath.Scalar: Gemm.ForwardScalar(a, lda, b, c, ldc, m, accumulate); break;
#if NET8_0_OR_GREATER
                case GemmPath.Vector128: Gemm.Forward128(a, lda, b, c, ldc, m, accumulate); break;
                case GemmPath.Vector256: Gemm.Forward256(a, lda, b, c, ldc, m, accumulate); break;
                case GemmPath.Vector512: Gemm.Forward512(a, lda, b, c, ldc, m, accumulate); break;
#endif
                default: throw new ArgumentOutOfRangeException(nameof(path));
            }
        }

        /// <summary>The scalar twin the path must equal: fused where the path rounds each multiply-add once.</summary>
        private static void Twin(GemmPath path, float[] a, int lda, PackedMatrix b, float[] c, int ldc, int m, bool accumulate)
        {
#if NET8_0_OR_GREATER
            bool fused = path == GemmPath.Vector512 || path == GemmPath.Vector256
                || (path == GemmPath.Vector128 && default(Simd128).IsFused)
                || (path == GemmPath.Native && Gemm.IsFused);
            if (fused)
            {
                GemmReference.ForwardFused(a, lda, b, c, ldc, m, accumulate);
                return;
            }
#endif
            GemmReference.Forward(a, lda, b, c, ldc, m, accumulate);
        }
    }
}
