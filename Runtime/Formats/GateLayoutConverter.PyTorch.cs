// PyTorch nn.LSTM (i,f,g,o), nn.GRU (r,z,n) and nn.RNN weights <-> the internal ONNX layout.
// PyTorch's matrices are already [G*H, I] / [G*H, H], so only the gate blocks move.
using System;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    public static partial class GateLayoutConverter
    {
        /// <summary>
        /// Converts one direction of a PyTorch <c>nn.LSTM</c>, <c>nn.GRU</c> or <c>nn.RNN</c> layer
        /// (https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html). Gate blocks are reordered to ONNX;
        /// Wb = bias_ih and Rb = bias_hh. PyTorch's GRU computes n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
        /// which is ONNX <c>linear_before_reset</c> = 1, so GRU results have <see cref="RecurrentWeights.LinearBeforeReset"/> set.
        /// </summary>
        /// <param name="weightIh">weight_ih_l[k] [G*H, I].</param>
        /// <param name="weightHh">weight_hh_l[k] [G*H, H].</param>
        /// <param name="biasIh">bias_ih_l[k] [G*H], or empty for none (zero).</param>
        /// <param name="biasHh">bias_hh_l[k] [G*H], or empty for none (zero).</param>
        public static RecurrentWeights FromPyTorch(RecurrentCellKind cell, int inputSize, int hiddenSize,
            ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh,
            ReadOnlySpan<float> biasIh = default, ReadOnlySpan<float> biasHh = default)
        {
            CheckSizes(cell, inputSize, hiddenSize);
            int H = hiddenSize, GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            string name = PyTorchName(cell);
            CheckLength(name + " weight_ih", weightIh.Length, GH, inputSize);
            CheckLength(name + " weight_hh", weightHh.Length, GH, H);
            if (!biasIh.IsEmpty) CheckLength(name + " bias_ih", biasIh.Length, GH, 1);
            if (!biasHh.IsEmpty) CheckLength(name + " bias_hh", biasHh.Length, GH, 1);

            GateLayout torch = GateLayouts.PyTorchOf(cell), onnx = GateLayouts.OnnxOf(cell);
            float[] w = Reordered(weightIh, torch, onnx, H, inputSize);
            float[] r = Reordered(weightHh, torch, onnx, H, H);
            float[]? b = null;
            if (!biasIh.IsEmpty || !biasHh.IsEmpty)
            {
                b = new float[2 * GH];
                if (!biasIh.IsEmpty) Reorder(biasIh, b.AsSpan(0, GH), torch, onnx, H, 1);
                if (!biasHh.IsEmpty) Reorder(biasHh, b.AsSpan(GH, GH), torch, onnx, H, 1);
            }
            return new RecurrentWeights(cell, inputSize, H, w, r, b, null, cell == RecurrentCellKind.Gru);
        }

        /// <summary>
        /// The inverse of <see cref="FromPyTorch"/>. Throws <see cref="RecurrentException"/> for weights PyTorch cannot
        /// express: a GRU with <c>linear_before_reset</c> = 0, or an LSTM with non-zero peepholes.
        /// </summary>
        /// <param name="weightIh">weight_ih [G*H, I].</param>
        /// <param name="weightHh">weight_hh [G*H, H].</param>
        /// <param name="biasIh">bias_ih [G*H], null when the weights have no bias.</param>
        /// <param name="biasHh">bias_hh [G*H], null when the weights have no bias.</param>
        public static void ToPyTorch(RecurrentWeights weights, out float[] weightIh, out float[] weightHh,
            out float[]? biasIh, out float[]? biasHh)
        {
            if (weights is null) throw new ArgumentNullException(nameof(weights));
            RecurrentCellKind cell = weights.Cell;
            if (cell == RecurrentCellKind.Gru && !weights.LinearBeforeReset)
                ThrowHelper.ThrowModel("PyTorch nn.GRU computes n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) (linear_before_reset = 1); " +
                                       "these GRU weights use linear_before_reset = 0, which it cannot express.");
            CheckNoPeepholes(weights, "PyTorch");

            int H = weights.HiddenSize, GH = weights.GateCount * H;
            GateLayout onnx = GateLayouts.OnnxOf(cell), torch = GateLayouts.PyTorchOf(cell);
            weightIh = Reordered(weights.W, onnx, torch, H, weights.InputSize);
            weightHh = Reordered(weights.R, onnx, torch, H, H);
            biasIh = null;
            biasHh = null;
            if (weights.B != null)
            {
                biasIh = Reordered(weights.B.AsSpan(0, GH), onnx, torch, H, 1);
                biasHh = Reordered(weights.B.AsSpan(GH, GH), onnx, torch, H, 1);
            }
        }

        private static string PyTorchName(RecurrentCellKind cell) =>
            cell == RecurrentCellKind.Lstm ? "PyTorch nn.LSTM" : cell == RecurrentCellKind.Gru ? "PyTorch nn.GRU" : "PyTorch nn.RNN";
    }
}
