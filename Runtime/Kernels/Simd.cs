// The width abstraction the kernel drivers are generic over: one struct per SIMD width, each a thin wrapper over
// that width's hardware ops. Kernels and operator structs are written once against ISimd; only drivers pick a width.
using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Kernels
{
    /// <summary>Method options for the kernel loops: straight to optimised code on the JIT (no tier-0 pass).</summary>
    internal static class KernelMethod
    {
#if NET8_0_OR_GREATER
        public const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions Hot = (MethodImplOptions)0;   // not in .NET Standard 2.1
#endif
    }

    /// <summary>
    /// Lane-wise float operations of one SIMD width. Implemented by structs so that generic kernels are specialised
    /// per width and every call inlines. Masks come from the comparisons and are only consumed by Select (vector
    /// lanes all-ones or all-zeros; the scalar width uses 1 and 0).
    /// </summary>
    internal unsafe interface ISimd<TVec> where TVec : struct
    {
        /// <summary>Floats per vector.</summary>
        int Count { get; }

        /// <summary>Whether <see cref="MultiplyAdd"/> rounds once (a hardware FMA) rather than twice.</summary>
        bool IsFused { get; }

        TVec Zero { get; }
        TVec Broadcast(float value);
        TVec Load(float* source);
        void Store(float* destination, TVec value);

        TVec Add(TVec x, TVec y);
        TVec Subtract(TVec x, TVec y);
        TVec Multiply(TVec x, TVec y);
        TVec Divide(TVec x, TVec y);

        /// <summary>x·y + addend: fused when <see cref="IsFused"/>, otherwise a multiply then an add.</summary>
        TVec MultiplyAdd(TVec x, TVec y, TVec addend);

        TVec LessThan(TVec x, TVec y);
        TVec GreaterThan(TVec x, TVec y);
        TVec GreaterThanOrEqual(TVec x, TVec y);

        /// <summary>mask ? ifTrue : ifFalse, per lane.</summary>
        TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

        /// <summary>min(max(x, low), high) for low ≤ high, with NaN lanes passed through unchanged.</summary>
        TVec Clamp(TVec x, TVec low, TVec high);

        /// <summary>|x| (clears the sign bit).</summary>
        TVec Abs(TVec x);

        /// <summary>The magnitude of <paramref name="magnitude"/> (assumed non-negative) with the sign bit of <paramref name="sign"/>.</summary>
        TVec WithSignOf(TVec magnitude, TVec sign);

        /// <summary>2^n for lanes holding whole numbers n in [-126, 127].</summary>
        TVec Pow2(TVec n);

        /// <summary>The largest lane (NaN lanes as Math.Max treats them).</summary>
        float Max(TVec x);
    }

    /// <summary>One float at a time: the non-accelerated fallback and the tail of every vector loop.</summary>
    internal unsafe struct ScalarSimd : ISimd<float>
    {
        public int Count => 1;
        public bool IsFused => false;
        public float Zero => 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Broadcast(float value) => value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Load(float* source) => *source;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* destination, float value) => *destination = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Add(float x, float y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Subtract(float x, float y) => x - y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Multiply(float x, float y) => x * y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Divide(float x, float y) => x / y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float MultiplyAdd(float x, float y, float addend) => x * y + addend;
        // A scalar mask is 1 (true) or 0 (false); masks only ever flow from a comparison into Select.
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float LessThan(float x, float y) => x < y ? 1f : 0f;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float GreaterThan(float x, float y) => x > y ? 1f : 0f;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float GreaterThanOrEqual(float x, float y) => x >= y ? 1f : 0f;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Select(float mask, float ifTrue, float ifFalse) => mask != 0f ? ifTrue : ifFalse;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Clamp(float x, float low, float high) => x < low ? low : x > high ? high : x;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Abs(float x) => Math.Abs(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float WithSignOf(float magnitude, float sign) =>
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(magnitude) | (BitConverter.SingleToInt32Bits(sign) & int.MinValue));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Pow2(float n) => BitConverter.Int32BitsToSingle(((int)n + 127) << 23);

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Max(float x) => x;
    }

    /// <summary>System.Numerics.Vector&lt;float&gt;: the only SIMD type Unity's .NET Standard 2.1 profile has.</summary>
    internal unsafe struct VectorSimd : ISimd<Vector<float>>
    {
        public int Count => Vector<float>.Count;
        public bool IsFused => false;
        public Vector<float> Zero => Vector<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Broadcast(float value) => new Vector<float>(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Load(float* source) => *(Vector<float>*)source;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* destination, Vector<float> value) => *(Vector<float>*)destination = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Add(Vector<float> x, Vector<float> y) => x + y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Subtract(Vector<float> x, Vector<float> y) => x - y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Multiply(Vector<float> x, Vector<float> y) => x * y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Divide(Vector<float> x, Vector<float> y) => x / y;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> MultiplyAdd(Vector<float> x, Vector<float> y, Vector<float> addend) => x * y + addend;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> LessThan(Vector<float> x, Vector<float> y) => Vector.AsVectorSingle(Vector.LessThan(x, y));
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> GreaterThan(Vector<float> x, Vector<float> y) => Vector.AsVectorSingle(Vector.GreaterThan(x, y));
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> GreaterThanOrEqual(Vector<float> x, Vector<float> y) => Vector.AsVectorSingle(Vector.GreaterThanOrEqual(x, y));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Select(Vector<float> mask, Vector<float> ifTrue, Vector<float> ifFalse) =>
            Vector.ConditionalSelect(Vector.AsVectorInt32(mask), ifTrue, ifFalse);

        // Vector.Min/Max treat NaN differently across runtimes, so the clamp is two compare-and-selects.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Clamp(Vector<float> x, Vector<float> low, Vector<float> high)
        {
            x = Select(LessThan(x, low), low, x);
            return Select(GreaterThan(x, high), high, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector<float> Abs(Vector<float> x) => Vector.Abs(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> WithSignOf(Vector<float> magnitude, Vector<float> sign) =>
            Vector.AsVectorSingle(Vector.AsVectorInt32(magnitude) | (Vector.AsVectorInt32(sign) & new Vector<int>(int.MinValue)));

        // .NET Standard 2.1 has no vector shift; multiplying by 2^23 moves the biased exponent into place.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Pow2(Vector<float> n) =>
            Vector.AsVectorSingle((Vector.ConvertToInt32(n) + new Vector<int>(127)) * new Vector<int>(1 << 23));

        public float Max(Vector<float> x)
        {
            float max = x[0];
            for (int i = 1; i < Vector<float>.Count; i++) max = Math.Max(max, x[i]);
            return max;
        }
    }
}
