// Scalar twins of Elementwise: plain loops, the definition the fast kernels are tested against.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static class ElementwiseReference
    {
        public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
        {
            Check(x.Length, y.Length, dst.Length);
            for (int i = 0; i < x.Length; i++) dst[i] = x[i] + y[i];
        }

        public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
        {
            Check(x.Length, y.Length, dst.Length);
            for (int i = 0; i < x.Length; i++) dst[i] = x[i] * y[i];
        }

        public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> dst)
        {
            Check(x.Length, y.Length, dst.Length);
            ThrowHelper.CheckLength(addend.Length, x.Length, nameof(addend));
            for (int i = 0; i < x.Length; i++) dst[i] = x[i] * y[i] + addend[i];
        }

        public static void Clip(ReadOnlySpan<float> x, float bound, Span<float> dst)
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            for (int i = 0; i < x.Length; i++) dst[i] = Math.Min(Math.Max(x[i], -bound), bound);
        }

        public static void OneMinus(ReadOnlySpan<float> x, Span<float> dst)
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            for (int i = 0; i < x.Length; i++) dst[i] = 1f - x[i];
        }

        public static void GruBlend(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, ReadOnlySpan<float> previous, Span<float> dst)
        {
            Check(z.Length, candidate.Length, dst.Length);
            ThrowHelper.CheckLength(previous.Length, z.Length, nameof(previous));
            for (int i = 0; i < z.Length; i++) dst[i] = (1f - z[i]) * candidate[i] + z[i] * previous[i];
        }

        public static void Softmax(ReadOnlySpan<float> x, Span<float> dst)
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            if (x.Length == 0) return;
            float max = float.NegativeInfinity;
            for (int i = 0; i < x.Length; i++) max = Math.Max(max, x[i]);
            double sum = 0;
            for (int i = 0; i < x.Length; i++) sum += Math.Exp(x[i] - max);
            for (int i = 0; i < x.Length; i++) dst[i] = (float)(Math.Exp(x[i] - max) / sum);
        }

        public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> dst)
        {
            ThrowHelper.CheckLength(dst.Length, x.Length, nameof(dst));
            if (x.Length == 0) return;
            float max = float.NegativeInfinity;
            for (int i = 0; i < x.Length; i++) max = Math.Max(max, x[i]);
            double sum = 0;
            for (int i = 0; i < x.Length; i++) sum += Math.Exp(x[i] - max);
            double logSum = Math.Log(sum);
            for (int i = 0; i < x.Length; i++) dst[i] = (float)(x[i] - max - logSum);
        }

        private static void Check(int x, int y, int dst)
        {
            ThrowHelper.CheckLength(y, x, "y");
            ThrowHelper.CheckLength(dst, x, "dst");
        }
    }
}
