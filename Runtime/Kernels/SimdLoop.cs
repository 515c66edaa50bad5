// The one driver for elementwise kernels: it owns the SIMD width, the main loop and the tail; operators only say what
// to do to one vector. Widths: Vector<float> then one float at a time here; Vector512/256/128 in SimdLoop.Net8.cs.
using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Kernels
{
    /// <summary>y = f(x), one vector (or one float: TVec = float) at a time.</summary>
    internal interface IUnaryOperator
    {
        TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct;
    }

    /// <summary>dst = f(x, y).</summary>
    internal interface IBinaryOperator
    {
        TVec Invoke<TSimd, TVec>(TSimd s, TVec x, TVec y) where TSimd : struct, ISimd<TVec> where TVec : struct;
    }

    /// <summary>dst = f(x, y, z).</summary>
    internal interface ITernaryOperator
    {
        TVec Invoke<TSimd, TVec>(TSimd s, TVec x, TVec y, TVec z) where TSimd : struct, ISimd<TVec> where TVec : struct;
    }

    /// <summary>
    /// A choice of widths for the loops: <see cref="NativeLoop"/> (what the public kernels use) or
    /// <see cref="PortableLoop"/> (the .NET Standard path, callable from tests on net8). Lengths are checked by callers;
    /// outputs may be the same memory as inputs.
    /// </summary>
    internal interface ISimdLoop
    {
        void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator;
        void Binary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator;
        void Ternary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst) where TOp : struct, ITernaryOperator;

        /// <summary>max over x (-∞ when empty); NaN lanes are ignored (callers that care see NaN downstream).</summary>
        float Max(ReadOnlySpan<float> x);

        /// <summary>
        /// Σ f(x[i]), compensated (Kahan) per lane and totalled in double, so its error does not grow with the length;
        /// y = f(x) is written too when <paramref name="store"/>.
        /// </summary>
        double MapSum<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator;
    }

    /// <summary>Vector&lt;float&gt; (when accelerated) then a scalar tail: all the .NET Standard build has.</summary>
    internal struct PortableLoop : ISimdLoop
    {
        public void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator =>
            SimdLoop.UnaryPortable(op, x, y);

        public void Binary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator =>
            SimdLoop.BinaryPortable(op, x, y, dst);

        public void Ternary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst) where TOp : struct, ITernaryOperator =>
            SimdLoop.TernaryPortable(op, x, y, z, dst);

        public float Max(ReadOnlySpan<float> x) => SimdLoop.MaxPortable(x);

        public double MapSum<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator =>
            SimdLoop.MapSumPortable(op, x, y, store);
    }

    /// <summary>The widest widths the runtime has: SimdLoop.Net8.cs on net8, <see cref="PortableLoop"/> otherwise.</summary>
    internal struct NativeLoop : ISimdLoop
    {
#if NET8_0_OR_GREATER
        public void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator =>
            SimdLoop.UnaryNative(op, x, y);

        public void Binary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator =>
            SimdLoop.BinaryNative(op, x, y, dst);

        public void Ternary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst) where TOp : struct, ITernaryOperator =>
            SimdLoop.TernaryNative(op, x, y, z, dst);

        public float Max(ReadOnlySpan<float> x) => SimdLoop.MaxNative(x);

        public double MapSum<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator =>
            SimdLoop.MapSumNative(op, x, y, store);
#else
        public void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator =>
            SimdLoop.UnaryPortable(op, x, y);

        public void Binary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator =>
            SimdLoop.BinaryPortable(op, x, y, dst);

        public void Ternary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst) where TOp : struct, ITernaryOperator =>
            SimdLoop.TernaryPortable(op, x, y, z, dst);

        public float Max(ReadOnlySpan<float> x) => SimdLoop.MaxPortable(x);

        public double MapSum<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator =>
            SimdLoop.MapSumPortable(op, x, y, store);
#endif
    }

    internal static unsafe partial class SimdLoop
    {
        public static void UnaryPortable<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                nint i = 0;
                if (Vector.IsHardwareAccelerated) i = Unary<TOp, VectorSimd, Vector<float>>(op, px, py, i, x.Length);
                Unary<TOp, ScalarSimd, float>(op, px, py, i, x.Length);
            }
        }

        public static void BinaryPortable<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TOp : struct, IBinaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pd = dst)
            {
                nint i = 0;
                if (Vector.IsHardwareAccelerated) i = Binary<TOp, VectorSimd, Vector<float>>(op, px, py, pd, i, x.Length);
                Binary<TOp, ScalarSimd, float>(op, px, py, pd, i, x.Length);
            }
        }

        public static void TernaryPortable<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst)
            where TOp : struct, ITernaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pz = z)
            fixed (float* pd = dst)
            {
                nint i = 0;
                if (Vector.IsHardwareAccelerated) i = Ternary<TOp, VectorSimd, Vector<float>>(op, px, py, pz, pd, i, x.Length);
                Ternary<TOp, ScalarSimd, float>(op, px, py, pz, pd, i, x.Length);
            }
        }

        public static float MaxPortable(ReadOnlySpan<float> x)
        {
            fixed (float* px = x)
            {
                nint i = 0;
                float max = float.NegativeInfinity;
                if (Vector.IsHardwareAccelerated) i = Max<VectorSimd, Vector<float>>(px, i, x.Length, ref max);
                Max<ScalarSimd, float>(px, i, x.Length, ref max);
                return max;
            }
        }

        public static double MapSumPortable<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, bool store) where TOp : struct, IUnaryOperator
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                nint i = 0;
                double sum = 0;
                if (Vector.IsHardwareAccelerated) i = MapSum<TOp, VectorSimd, Vector<float>>(op, px, py, store, i, x.Length, ref sum);
                MapSum<TOp, ScalarSimd, float>(op, px, py, store, i, x.Length, ref sum);
                return sum;
            }
        }

        // The width loops: each runs whole vectors of its width from i and returns where it stopped, so a driver
        // chains them from widest to the scalar width and every element is done exactly once.

        [MethodImpl(KernelMethod.Hot)]
        private static nint Unary<TOp, TSimd, TVec>(TOp op, float* x, float* y, nint i, nint n)
            where TOp : struct, IUnaryOperator where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TSimd s = default;
            nint w = s.Count;
            for (; i <= n - w; i += w)
                s.Store(y + i, op.Invoke<TSimd, TVec>(s, s.Load(x + i)));
            return i;
        }

        [MethodImpl(KernelMethod.Hot)]
        private static nint Binary<TOp, TSimd, TVec>(TOp op, float* x, float* y, float* dst, nint i, nint n)
            where TOp : struct, IBinaryOperator where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TSimd s = default;
            nint w = s.Count;
            for (; i <= n - w; i += w)
                s.Store(dst + i, op.Invoke<TSimd, TVec>(s, s.Load(x + i), s.Load(y + i)));
            return i;
        }

        [MethodImpl(KernelMethod.Hot)]
        private static nint Ternary<TOp, TSimd, TVec>(TOp op, float* x, float* y, float* z, float* dst, nint i, nint n)
            where TOp : struct, ITernaryOperator where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TSimd s = default;
            nint w = s.Count;
            for (; i <= n - w; i += w)
                s.Store(dst + i, op.Invoke<TSimd, TVec>(s, s.Load(x + i), s.Load(y + i), s.Load(z + i)));
            return i;
        }

        [MethodImpl(KernelMethod.Hot)]
        private static nint Max<TSimd, TVec>(float* x, nint i, nint n, ref float max) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TSimd s = default;
            nint w = s.Count;
            if (i > n - w) return i;
            TVec m = s.Broadcast(max);
            for (; i <= n - w; i += w)
            {
                TVec v = s.Load(x + i);
                m = s.Select(s.GreaterThan(v, m), v, m);
            }
            max = s.Max(m);
            return i;
        }

        [MethodImpl(KernelMethod.Hot)]
        private static nint MapSum<TOp, TSimd, TVec>(TOp op, float* x, float* y, bool store, nint i, nint n, ref double sum)
            where TOp : struct, IUnaryOperator where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TSimd s = default;
            nint w = s.Count;
            if (i > n - w) return i;
            TVec acc = s.Zero;
            TVec lost = s.Zero;   // Kahan: the low-order part each lane's running sum has dropped, negated
            for (; i <= n - w; i += w)
            {
                TVec v = op.Invoke<TSimd, TVec>(s, s.Load(x + i));
                if (store) s.Store(y + i, v);
                TVec corrected = s.Subtract(v, lost);
                TVec next = s.Add(acc, corrected);
                lost = s.Subtract(s.Subtract(next, acc), corrected);
                acc = next;
            }

            float* lanes = stackalloc float[2 * PackedMatrix.PanelWidth];
            s.Store(lanes, acc);
            s.Store(lanes + PackedMatrix.PanelWidth, lost);
            for (int j = 0; j < w; j++)
                sum += (double)lanes[j] - lanes[PackedMatrix.PanelWidth + j];
            return i;
        }
    }
}
