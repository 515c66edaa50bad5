// The fixed-width ISimd implementations of the NativeAOT build (Vector128/256/512 with hardware FMA where present).
// Which one runs is decided by the drivers (Gemm.Net8.cs, SimdLoop.Net8.cs), never by a kernel.
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels
{
    /// <summary>Vector128: SSE (x64) or AdvSimd (ARM64); fused multiply-add via FMA3 or AdvSimd.</summary>
    internal unsafe struct Simd128 : ISimd<Vector128<float>>
    {
        public static bool IsSupported => Vector128.IsHardwareAccelerated;

        public int Count => Vector128<float>.Count;
        public bool IsFused => Fma.IsSupported || AdvSimd.IsSupported;
        public Vector128<float> Zero => Vector128<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Broadcast(float value) => Vector128.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Load(float* source) => Vector128.Load(source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* destination, Vector128<float> value) => value.Store(destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Add(Vector128<float> x, Vector128<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Subtract(Vector128<float> x, Vector128<float> y) => x - y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Multiply(Vector128<float> x, Vector128<float> y) => x * y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Divide(Vector128<float> x, Vector128<float> y) => x / y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> addend)
        {
            if (Fma.IsSupported) return Fma.MultiplyAdd(x, y, addend);
            if (AdvSimd.IsSupported) return AdvSimd.FusedMultiplyAdd(addend, x, y);
            return x * y + addend;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> LessThan(Vector128<float> x, Vector128<float> y) => Vector128.LessThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> GreaterThan(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> GreaterThanOrEqual(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThanOrEqual(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
        // x86 MINPS/MAXPS return the second operand when either is NaN, so x goes second; ARM FMIN/FMAX propagate NaN.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Clamp(Vector128<float> x, Vector128<float> low, Vector128<float> high)
        {
            if (Sse.IsSupported) return Sse.Min(high, Sse.Max(low, x));
            if (AdvSimd.IsSupported) return AdvSimd.Min(AdvSimd.Max(x, low), high);
            x = Vector128.ConditionalSelect(Vector128.LessThan(x, low), low, x);
            return Vector128.ConditionalSelect(Vector128.GreaterThan(x, high), high, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> Abs(Vector128<float> x) => Vector128.Abs(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector128<float> WithSignOf(Vector128<float> magnitude, Vector128<float> sign) => magnitude | (sign & Vector128.Create(-0f));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Pow2(Vector128<float> n) => Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();

        public float Max(Vector128<float> x)
        {
            float max = x.GetElement(0);
            for (int i = 1; i < Vector128<float>.Count; i++) max = System.Math.Max(max, x.GetElement(i));
            return max;
        }
    }

    /// <summary>Vector256: AVX, with FMA3 where present.</summary>
    internal unsafe struct Simd256 : ISimd<Vector256<float>>
    {
        public static bool IsSupported => Vector256.IsHardwareAccelerated;

        public int Count => Vector256<float>.Count;
        public bool IsFused => Fma.IsSupported;
        public Vector256<float> Zero => Vector256<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Broadcast(float value) => Vector256.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Load(float* source) => Vector256.Load(source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* destination, Vector256<float> value) => value.Store(destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Subtract(Vector256<float> x, Vector256<float> y) => x - y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Multiply(Vector256<float> x, Vector256<float> y) => x * y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Divide(Vector256<float> x, Vector256<float> y) => x / y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) =>
            Fma.IsSupported ? Fma.MultiplyAdd(x, y, addend) : x * y + addend;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> LessThan(Vector256<float> x, Vector256<float> y) => Vector256.LessThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> GreaterThan(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> GreaterThanOrEqual(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThanOrEqual(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
        // VMINPS/VMAXPS return the second operand when either is NaN, so x goes second.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Clamp(Vector256<float> x, Vector256<float> low, Vector256<float> high) => Avx.Min(high, Avx.Max(low, x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Abs(Vector256<float> x) => Vector256.Abs(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> WithSignOf(Vector256<float> magnitude, Vector256<float> sign) => magnitude | (sign & Vector256.Create(-0f));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Pow2(Vector256<float> n) => Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();

        public float Max(Vector256<float> x)
        {
            float max = x.GetElement(0);
            for (int i = 1; i < Vector256<float>.Count; i++) max = System.Math.Max(max, x.GetElement(i));
            return max;
        }
    }

    /// <summary>Vector512: AVX-512F, always fused.</summary>
    internal unsafe struct Simd512 : ISimd<Vector512<float>>
    {
        public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

        public int Count => Vector512<float>.Count;
        public bool IsFused => true;
        public Vector512<float> Zero => Vector512<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Broadcast(float value) => Vector512.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Load(float* source) => Vector512.Load(source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* destination, Vector512<float> value) => value.Store(destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Subtract(Vector512<float> x, Vector512<float> y) => x - y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Multiply(Vector512<float> x, Vector512<float> y) => x * y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Divide(Vector512<float> x, Vector512<float> y) => x / y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> addend) => Avx512F.FusedMultiplyAdd(x, y, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> LessThan(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> GreaterThan(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> GreaterThanOrEqual(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
        // VMINPS/VMAXPS return the second operand when either is NaN, so x goes second.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Clamp(Vector512<float> x, Vector512<float> low, Vector512<float> high) => Avx512F.Min(high, Avx512F.Max(low, x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> Abs(Vector512<float> x) => Vector512.Abs(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector512<float> WithSignOf(Vector512<float> magnitude, Vector512<float> sign) => magnitude | (sign & Vector512.Create(-0f));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Pow2(Vector512<float> n) => Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();

        public float Max(Vector512<float> x)
        {
            float max = x.GetElement(0);
            for (int i = 1; i < Vector512<float>.Count; i++) max = System.Math.Max(max, x.GetElement(i));
            return max;
        }
    }
}
#endif
