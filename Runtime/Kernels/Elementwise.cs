// Elementwise vector kernels used by the recurrent cells. Fast bodies here; scalar twins in ElementwiseReference.
// All spans must be at least as long as the first argument; outputs may alias inputs.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    public static partial class Elementwise
    {
        /// <summary>dst = x + y</summary>
        public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => ElementwiseReference.Add(x, y, dst);

        /// <summary>dst = x ⊙ y</summary>
        public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => ElementwiseReference.Multiply(x, y, dst);

        /// <summary>dst = x ⊙ y + addend</summary>
        public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> dst) =>
            ElementwiseReference.MultiplyAdd(x, y, addend, dst);

        /// <summary>dst = min(max(x, -bound), bound)</summary>
        public static void Clip(ReadOnlySpan<float> x, float bound, Span<float> dst) => ElementwiseReference.Clip(x, bound, dst);

        /// <summary>dst = 1 - x</summary>
        public static void OneMinus(ReadOnlySpan<float> x, Span<float> dst) => ElementwiseReference.OneMinus(x, dst);

        /// <summary>GRU output blend: dst = (1 - z) ⊙ candidate + z ⊙ previous.</summary>
        public static void GruBlend(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, ReadOnlySpan<float> previous, Span<float> dst) =>
            ElementwiseReference.GruBlend(z, candidate, previous, dst);

        /// <summary>Softmax over one row: dst = exp(x - max) / Σ exp(x - max).</summary>
        public static void Softmax(ReadOnlySpan<float> x, Span<float> dst) => ElementwiseReference.Softmax(x, dst);

        /// <summary>LogSoftmax over one row: dst = x - max - log Σ exp(x - max).</summary>
        public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> dst) => ElementwiseReference.LogSoftmax(x, dst);
    }
}
