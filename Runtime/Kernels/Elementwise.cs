// Elementwise vector kernels used by the recurrent cells. Fast bodies here; scalar twins in ElementwiseReference.
// All spans must be at least as long as the first argument; outputs may alias inputs. Loops: SimdLoop.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    /// <remarks>
    /// Add, Multiply, MultiplyAdd, Clip, OneMinus and GruBlend round exactly as <see cref="ElementwiseReference"/> does
    /// (no fused multiply-add), so they equal it bit for bit. Softmax and LogSoftmax sum with per-lane compensation
    /// and are within a few ulps of the reference's double sum at any length. Each public method has a generic twin taking the loop (widths) to use.
    /// </remarks>
    public static partial class Elementwise
    {
        /// <summary>dst = x + y</summary>
        public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => Add<NativeLoop>(x, y, dst);

        /// <summary>dst = x ⊙ y</summary>
        public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => Multiply<NativeLoop>(x, y, dst);

        /// <summary>dst = x ⊙ y + addend</summary>
        public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> dst) =>
            MultiplyAdd<NativeLoop>(x, y, addend, dst);

        /// <summary>dst = min(max(x, -bound), bound)</summary>
        public static void Clip(ReadOnlySpan<float> x, float bound, Span<float> dst) => Clip<NativeLoop>(x, bound, dst);

        /// <summary>dst = 1 - x</summary>
        public static void OneMinus(ReadOnlySpan<float> x, Span<float> dst) => OneMinus<NativeLoop>(x, dst);

        /// <summary>GRU output blend: dst = (1 - z) ⊙ candidate + z ⊙ previous.</summary>
        public static void GruBlend(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, ReadOnlySpan<float> previous, Span<float> dst) =>
            GruBlend<NativeLoop>(z, candidate, previous, dst);

        /// <summary>Softmax over one row: dst = exp(x - max) / Σ exp(x - max).</summary>
        public static void Softmax(ReadOnlySpan<float> x, Span<float> dst) => Softmax<NativeLoop>(x, dst);

        /// <summary>LogSoftmax over one row: dst = x - max - log Σ exp(x - max).</summary>
        public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> dst) => LogSoftmax<NativeLoop>(x, dst);

        internal static void Add<TLoop>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            Check(x.Length, y.Length, dst.Length);
            default(TLoop).Binary(new AddOperator(), x, y, dst);
        }

        internal static void Multiply<TLoop>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            Check(x.Length, y.Length, dst.Length);
            default(TLoop).Binary(new MultiplyOperator(), x, y, dst);
        }

        internal static void MultiplyAdd<TLoop>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> dst)
            where TLoop : struct, ISimdLoop
        {
            Check(x.Length, y.Length, dst.Length);
            ThrowHelper.CheckLength(addend.Length, x.Length, nameof(addend));
            default(TLoop).Ternary(new MultiplyAddOperator(), x, y, addend, dst);
        }

        internal static void Clip<TLoop>(ReadOnlySpan<float> x, float bound, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            default(TLoop).Unary(new ClipOperator(bound), x, dst);
        }

        internal static void OneMinus<TLoop>(ReadOnlySpan<float> x, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            default(TLoop).Unary(new OneMinusOperator(), x, dst);
        }

        internal static void GruBlend<TLoop>(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, ReadOnlySpan<float> previous, Span<float> dst)
            where TLoop : struct, ISimdLoop
        {
            Check(z.Length, candidate.Length, dst.Length);
            ThrowHelper.CheckLength(previous.Length, z.Length, nameof(previous));
            default(TLoop).Ternary(new GruBlendOperator(), z, candidate, previous, dst);
        }

        internal static void Softmax<TLoop>(ReadOnlySpan<float> x, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            if (x.Length == 0) return;
            TLoop loop = default;
            float max = loop.Max(x);
            float sum = (float)loop.MapSum(new ExpShiftedOperator(max), x, dst, store: true);
            loop.Unary(new DivideByOperator(sum), dst, dst);
        }

        internal static void LogSoftmax<TLoop>(ReadOnlySpan<float> x, Span<float> dst) where TLoop : struct, ISimdLoop
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            if (x.Length == 0) return;
            TLoop loop = default;
            float max = loop.Max(x);
            double sum = loop.MapSum(new ExpShiftedOperator(max), x, dst, store: false);
            loop.Unary(new SubtractTwiceOperator(max, (float)Math.Log(sum)), x, dst);
        }

        private static void Check(int x, int y, int dst)
        {
            ThrowHelper.CheckLength(y, x, "y");
            ThrowHelper.CheckLength(dst, x, "dst");
        }
    }
}
