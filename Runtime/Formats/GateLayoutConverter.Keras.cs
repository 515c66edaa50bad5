// Keras LSTM (i,f,c,o), GRU (z,r,h) and SimpleRNN weights <-> the internal ONNX layout.
// Keras kernels are [I, G*H] (gates along columns), so they are transposed as well as reordered.
using System;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    public static partial class GateLayoutConverter
    {
        /// <summary>
        /// Converts a Keras LSTM, GRU or SimpleRNN layer (https://keras.io/api/layers/recurrent_layers/).
        /// Kernels are transposed to [G*H, I] / [G*H, H] and their gate blocks reordered to ONNX.
        /// Keras has one bias for LSTM and SimpleRNN, and for GRU with <c>reset_after=False</c>: it becomes Wb, with Rb = 0.
        /// A GRU with <c>reset_after=True</c> (the TF2 default) has bias [2, 3H] = (input bias, recurrent bias) and is
        /// ONNX <c>linear_before_reset</c> = 1; <c>reset_after=False</c> is <c>linear_before_reset</c> = 0.
        /// </summary>
        /// <param name="kernel">kernel [I, G*H].</param>
        /// <param name="recurrentKernel">recurrent_kernel [H, G*H].</param>
        /// <param name="bias">bias [G*H], or [2, 3H] for a GRU with reset_after; empty for use_bias=False.</param>
        /// <param name="resetAfter">GRU only: the layer's <c>reset_after</c>; ignored for other cells.</param>
        public static RecurrentWeights FromKeras(RecurrentCellKind cell, int inputSize, int hiddenSize,
            ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias = default,
            bool resetAfter = true)
        {
            CheckSizes(cell, inputSize, hiddenSize);
            int H = hiddenSize, GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            bool twoBiases = cell == RecurrentCellKind.Gru && resetAfter;
            string name = KerasName(cell);
            CheckLength(name + " kernel", kernel.Length, inputSize, GH);
            CheckLength(name + " recurrent_kernel", recurrentKernel.Length, H, GH);
            if (!bias.IsEmpty)
            {
                if (twoBiases) CheckLength(name + " (reset_after=True) bias", bias.Length, 2, GH);
                else CheckLength(name + " bias", bias.Length, GH, 1);
            }

            GateLayout keras = GateLayouts.KerasOf(cell), onnx = GateLayouts.OnnxOf(cell);
            float[] w = Reordered(Transposed(kernel, inputSize, GH), keras, onnx, H, inputSize);
            float[] r = Reordered(Transposed(recurrentKernel, H, GH), keras, onnx, H, H);
            float[]? b = null;
            if (!bias.IsEmpty)
            {
                b = new float[2 * GH];   // Rb stays zero unless Keras has a recurrent bias
                Reorder(bias.Slice(0, GH), b.AsSpan(0, GH), keras, onnx, H, 1);
                if (twoBiases) Reorder(bias.Slice(GH, GH), b.AsSpan(GH, GH), keras, onnx, H, 1);
            }
            return new RecurrentWeights(cell, inputSize, H, w, r, b, null, twoBiases);
        }

        /// <summary>
        /// The inverse of <see cref="FromKeras"/>. For a GRU, <paramref name="resetAfter"/> is the weights'
        /// <c>linear_before_reset</c> and a reset_after bias is [2, 3H] = (Wb, Rb). Every other Keras layer has one bias,
        /// so this returns Wb + Rb there: the same function (Rb sits outside any reset product in those cells), but a
        /// round trip through Keras gives back (Wb + Rb, 0) rather than (Wb, Rb).
        /// Throws <see cref="RecurrentException"/> for an LSTM with non-zero peepholes, which Keras cannot express.
        /// </summary>
        /// <param name="kernel">kernel [I, G*H].</param>
        /// <param name="recurrentKernel">recurrent_kernel [H, G*H].</param>
        /// <param name="bias">bias [G*H] or [2, 3H] (GRU reset_after); null when the weights have no bias.</param>
        /// <param name="resetAfter">The GRU's reset_after; false for other cells.</param>
        public static void ToKeras(RecurrentWeights weights, out float[] kernel, out float[] recurrentKernel,
            out float[]? bias, out bool resetAfter)
        {
            if (weights is null) throw new ArgumentNullException(nameof(weights));
            CheckNoPeepholes(weights, "Keras");
            RecurrentCellKind cell = weights.Cell;
            int H = weights.HiddenSize, I = weights.InputSize, GH = weights.GateCount * H;
            GateLayout onnx = GateLayouts.OnnxOf(cell), keras = GateLayouts.KerasOf(cell);
            resetAfter = cell == RecurrentCellKind.Gru && weights.LinearBeforeReset;
            kernel = Transposed(Reordered(weights.W, onnx, keras, H, I), GH, I);
            recurrentKernel = Transposed(Reordered(weights.R, onnx, keras, H, H), GH, H);
            bias = null;
            if (weights.B is null) return;

            if (resetAfter)
            {
                bias = new float[2 * GH];
                Reorder(weights.B.AsSpan(0, GH), bias.AsSpan(0, GH), onnx, keras, H, 1);
                Reorder(weights.B.AsSpan(GH, GH), bias.AsSpan(GH, GH), onnx, keras, H, 1);
                return;
            }

            var sum = new float[GH];
            for (int i = 0; i < GH; i++)
            {
                float wb = weights.B[i], rb = weights.B[GH + i];
                sum[i] = rb == 0f ? wb : wb + rb;   // keeps Wb bit-exact (even -0) when Rb is zero, as after FromKeras
            }
            bias = Reordered(sum, onnx, keras, H, 1);
        }

        private static string KerasName(RecurrentCellKind cell) =>
            cell == RecurrentCellKind.Lstm ? "Keras LSTM" : cell == RecurrentCellKind.Gru ? "Keras GRU" : "Keras SimpleRNN";
    }
}
