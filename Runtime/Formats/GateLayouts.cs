// What each GateLayout means: its cell kind, gate count, gate names, and where each of its gate blocks sits in
// the ONNX order. Moving the data is GateLayoutConverter's job.
using System;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    /// <summary>Metadata and gate-block permutations of <see cref="GateLayout"/>.</summary>
    public static class GateLayouts
    {
        // s_toOnnx[layout][k] = the ONNX position of the layout's k-th gate block.
        // LSTM ONNX i,o,f,c: PyTorch i,f,g,o and Keras i,f,c,o put i->0, f->2, c->3, o->1.
        // GRU ONNX z,r,h: PyTorch r,z,n puts r->1, z->0, n->2; Keras z,r,h is the ONNX order.
        private static readonly int[][] s_toOnnx =
        {
            new[] { 0, 1, 2, 3 },   // OnnxIofc
            new[] { 0, 2, 3, 1 },   // PyTorchIfgo
            new[] { 0, 2, 3, 1 },   // KerasIfco
            new[] { 0, 1, 2 },      // OnnxZrh
            new[] { 1, 0, 2 },      // PyTorchRzn
            new[] { 0, 1, 2 },      // KerasZrh
            new[] { 0 },            // Single
        };

        private static readonly string[] s_names =
        {
            "i,o,f,c", "i,f,g,o", "i,f,c,o", "z,r,h", "r,z,n", "z,r,h", "h",
        };

        /// <summary>The cell kind whose weights use this layout.</summary>
        public static RecurrentCellKind Cell(this GateLayout layout)
        {
            switch (Check(layout))
            {
                case GateLayout.OnnxIofc:
                case GateLayout.PyTorchIfgo:
                case GateLayout.KerasIfco:
                    return RecurrentCellKind.Lstm;
                case GateLayout.OnnxZrh:
                case GateLayout.PyTorchRzn:
                case GateLayout.KerasZrh:
                    return RecurrentCellKind.Gru;
                default:
                    return RecurrentCellKind.Rnn;
            }
        }

        /// <summary>G: 4 (LSTM), 3 (GRU) or 1 (RNN).</summary>
        public static int GateCount(this GateLayout layout) => s_toOnnx[(int)Check(layout)].Length;

        /// <summary>The gate names in block order, e.g. "i,f,g,o", for messages.</summary>
        public static string GateNames(this GateLayout layout) => s_names[(int)Check(layout)];

        /// <summary>The ONNX position of gate block <paramref name="gate"/> of <paramref name="layout"/>.</summary>
        public static int ToOnnxGate(this GateLayout layout, int gate)
        {
            int[] perm = s_toOnnx[(int)Check(layout)];
            if ((uint)gate >= (uint)perm.Length)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(gate), $"{layout} has {perm.Length} gates; gate {gate} does not exist.");
            return perm[gate];
        }

        /// <summary>The block of <paramref name="layout"/> that holds ONNX gate <paramref name="onnxGate"/> (the inverse of <see cref="ToOnnxGate"/>).</summary>
        public static int FromOnnxGate(this GateLayout layout, int onnxGate)
        {
            int[] perm = s_toOnnx[(int)Check(layout)];
            if ((uint)onnxGate >= (uint)perm.Length)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(onnxGate), $"{layout} has {perm.Length} gates; ONNX gate {onnxGate} does not exist.");
            for (int k = 0; k < perm.Length; k++)
                if (perm[k] == onnxGate) return k;
            return -1; // unreachable: every table is a permutation
        }

        /// <summary>The internal (ONNX) layout of a cell kind.</summary>
        public static GateLayout OnnxOf(RecurrentCellKind cell) =>
            cell == RecurrentCellKind.Lstm ? GateLayout.OnnxIofc : cell == RecurrentCellKind.Gru ? GateLayout.OnnxZrh : GateLayout.Single;

        /// <summary>The layout of PyTorch's <c>nn.LSTM</c> / <c>nn.GRU</c> / <c>nn.RNN</c>.</summary>
        public static GateLayout PyTorchOf(RecurrentCellKind cell) =>
            cell == RecurrentCellKind.Lstm ? GateLayout.PyTorchIfgo : cell == RecurrentCellKind.Gru ? GateLayout.PyTorchRzn : GateLayout.Single;

        /// <summary>The layout of Keras' LSTM / GRU / SimpleRNN.</summary>
        public static GateLayout KerasOf(RecurrentCellKind cell) =>
            cell == RecurrentCellKind.Lstm ? GateLayout.KerasIfco : cell == RecurrentCellKind.Gru ? GateLayout.KerasZrh : GateLayout.Single;

        private static GateLayout Check(GateLayout layout)
        {
            if ((uint)layout > (uint)GateLayout.Single)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(layout), $"Unknown gate layout {(int)layout}.");
            return layout;
        }
    }
}
