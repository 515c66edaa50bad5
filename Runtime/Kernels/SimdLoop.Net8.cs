// The net8 widths of SimdLoop: Vector512, then one Vector256 and one Vector128 step, then the scalar tail, so a
// tail never costs more than three scalar elements. Same width loops as SimdLoop.cs.
#if NET8_0_OR_GREATER
using System;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels
{
    internal static unsafe partial class SimdLoop
    {
        public static void UnaryNative<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                nint i = 0;
                if (Simd512.IsSupported) i = Unary<TOp, Simd512, Vector512<float>>(op, px, py, i, x.Length);
                if (Simd256.IsSupported) i = Unary<TOp, Simd256, Vector256<float>>(op, px, py, i, x.Length);
                if (Simd128.IsSupported) i = Unary<TOp, Simd128, Vector128<float>>(op, px, py, i, x.Length);
                Unary<TOp, ScalarSimd, float>(op, px, py, i, x.Length);
            }
        }

        public static void BinaryNative<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pd = dst)
            {
                nint i = 0;
                if (Simd512.IsSupported) i = Binary<TOp, Simd512, Vector512<float>>(op, px, py, pd, i, x.Length);
                if (Simd256.IsSupported) i = Binary<TOp, Simd256, Vector256<float>>(op, px, py, pd, i, x.Length);
                if (Simd128.IsSupported) i = Binary<TOp, Simd128, Vector128<float>>(op, px, py, pd, i, x.Length);
                Binary<TOp, ScalarSimd, float>(op, px, py, pd, i, x.Length);
            }
        }

        public static void TernaryNative<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst)
            where TOp : struct, ITernaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pz = z)
            fixed (float* pd = dst)
            {
                nint i = 0;
                if (Simd512.IsSupported) i = Ternary<TOp, Simd512, Vector512<float>>(op, px, py, pz, pd, i, x.Length);
                if (Simd256.IsSupported) i = Ternary<TOp, Simd256, Vector256<float>>(op, px, py, pz, pd, i, x.Length);
                if (Simd128.IsSupported) i = Ternary<TOp, Simd128, Vector128<float>>(op, px, py, pz, pd, i, x.Length);
                Ternary<TOp, ScalarSimd, float>(op, px, py, pz, pd, i, x.Length);
            }
        }

        public static float MaxNative(ReadOnlySpan<float> x)
        {
            fixed (float* px = x)
            {
                nint i = 0;
                float max = float.NegativeInfinity;
                if (Simd512.IsSupported) i = Max<Simd512, Vector512<float>>(px, i, x.Length, ref max);
                if (Simd256.IsSupported) i = Max<Simd256, Vector256<float>>(px, i, x.Length, ref max);
                if (Simd128.IsSupported) i = Max<Simd128, Vector128<float>>(px, i, x.Length, ref max);
                Max<ScalarSimd, float>(px, i, x.Length, ref max);
                return max;
            }
        }

        public static double MapSumNative<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                nint i = 0;
                double sum = 0;
                if (Simd512.IsSupported) i = MapSum<TOp, Simd512, Vector512<float>>(op, px, py, store, i, x.Length, ref sum);
                if (Simd256.IsSupported) i = MapSum<TOp, Simd256, Vector256<float>>(op, px, py, store, i, x.Length, ref sum);
                if (Simd128.IsSupported) i = MapSum<TOp, Simd128, Vector128<float>>(op, px, py, store, i, x.Length, ref sum);
                MapSum<TOp, ScalarSimd, float>(op, px, py, store, i, x.Length, ref sum);
                return sum;
            }
        }
    }
}
#endif
