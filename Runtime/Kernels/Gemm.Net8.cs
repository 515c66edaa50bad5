// The NativeAOT GEMM dispatch: the widest fused width the CPU has (Vector512, Vector256 + FMA3), else Vector128 (fused
// with FMA3/AdvSimd, else a separate multiply and add), else Vector<float>. Blocking and kernels: Gemm.cs.
#if NET8_0_OR_GREATER
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels
{
    public static unsafe partial class Gemm
    {
        /// <summary>
        /// Whether <see cref="Forward"/> rounds each multiply-add once (hardware FMA): then it equals
        /// <see cref="GemmReference.ForwardFused"/> bit for bit, otherwise <see cref="GemmReference.Forward"/>.
        /// </summary>
        public static bool IsFused =>
            Simd512.IsSupported || (Simd256.IsSupported && Fma.IsSupported) || (Simd128.IsSupported && default(Simd128).IsFused);

        private static void ForwardNative(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate)
        {
            if (Simd512.IsSupported)
                Forward512(a, lda, b, c, ldc, m, accumulate);
            else if (Simd256.IsSupported && Fma.IsSupported)
                Forward256(a, lda, b, c, ldc, m, accumulate);
            else if (Simd128.IsSupported)
                Forward128(a, lda, b, c, ldc, m, accumulate);
            else
                ForwardVector(a, lda, b, c, ldc, m, accumulate);
        }

        // 32 registers: 8 rows × 3 vectors (24 accumulators); 1-3 rows × 8 vectors for the GEMV case.
        internal static void Forward512(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate) =>
            Run<Simd512, Vector512<float>, N8, N3, N8, N8>(a, lda, b, c, ldc, m, accumulate);

        // 16 registers: 4 × 3 (12 accumulators), 2-3 rows × 4, one row × 8.
        internal static void Forward256(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate) =>
            Run<Simd256, Vector256<float>, N4, N3, N4, N8>(a, lda, b, c, ldc, m, accumulate);

        // AdvSimd has 32 registers: the Vector512 shapes. SSE has 16: 4 × 3 with FMA3; without it (baseline-x64 NativeAOT,
        // where Vector<float> is not accelerated either) each multiply-add needs a temporary, so 4 × 2.
        internal static void Forward128(ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate)
        {
            if (AdvSimd.IsSupported)
                Run<Simd128, Vector128<float>, N8, N3, N8, N8>(a, lda, b, c, ldc, m, accumulate);
            else if (Fma.IsSupported)
                Run<Simd128, Vector128<float>, N4, N3, N4, N8>(a, lda, b, c, ldc, m, accumulate);
            else
                Run<Simd128, Vector128<float>, N4, N2, N4, N8>(a, lda, b, c, ldc, m, accumulate);
        }
    }
}
#endif
