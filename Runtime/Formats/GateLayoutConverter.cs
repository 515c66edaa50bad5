// Converts recurrent weights between PyTorch / Keras gate orders and layouts and Recurrent's internal ONNX layout.
// This file holds the general block reorder and shared checks; the framework mappings are in the partial files.
using System;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    /// <summary>
    /// The only place gate orders and weight layouts change. Everything it returns is in the ONNX layout of
    /// <see cref="RecurrentWeights"/>; everything it accepts from a framework is in that framework's documented layout.
    /// Shape errors throw <see cref="RecurrentException"/> naming the expected and actual sizes.
    /// </summary>
    public static partial class GateLayoutConverter
    {
        /// <summary>
        /// Copies a [G*H, rowLength] matrix (or a [G*H] vector with <paramref name="rowLength"/> 1) whose gate blocks
        /// are in order <paramref name="from"/> into <paramref name="dst"/> with its blocks in order <paramref name="to"/>.
        /// Rows inside a block keep their order. Both layouts must belong to the same cell kind; the spans must not overlap.
        /// </summary>
        /// <param name="src">[G*H, rowLength], gate blocks in order <paramref name="from"/>.</param>
        /// <param name="dst">[G*H, rowLength], gate blocks in order <paramref name="to"/>.</param>
        public static void Reorder(ReadOnlySpan<float> src, Span<float> dst, GateLayout from, GateLayout to, int hiddenSize, int rowLength)
        {
            if (from.Cell() != to.Cell())
                ThrowHelper.ThrowArgument(nameof(to), $"Cannot reorder {from} ({from.Cell()}) gates into {to} ({to.Cell()}).");
            if (hiddenSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(hiddenSize), $"Hidden size must be positive (got {hiddenSize}).");
            if (rowLength <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(rowLength), $"Row length must be positive (got {rowLength}).");
            int G = from.GateCount();
            CheckLength($"{from} ({from.GateNames()}) source", src.Length, G * hiddenSize, rowLength);
            ThrowHelper.CheckExactLength(dst.Length, src.Length, nameof(dst));
            if (src.Overlaps(dst)) ThrowHelper.ThrowArgument(nameof(dst), "Source and destination of a gate reorder must not overlap.");

            int block = hiddenSize * rowLength;
            for (int k = 0; k < G; k++)
            {
                int target = to.FromOnnxGate(from.ToOnnxGate(k));
                src.Slice(k * block, block).CopyTo(dst.Slice(target * block, block));
            }
        }

        /// <summary>A reordered copy of a [G*H, rowLength] matrix or [G*H] vector.</summary>
        private static float[] Reordered(ReadOnlySpan<float> src, GateLayout from, GateLayout to, int hiddenSize, int rowLength)
        {
            var dst = new float[src.Length];
            Reorder(src, dst, from, to, hiddenSize, rowLength);
            return dst;
        }

        /// <summary>[rows, cols] -> [cols, rows].</summary>
        private static float[] Transposed(ReadOnlySpan<float> src, int rows, int cols)
        {
            var dst = new float[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    dst[j * rows + i] = src[i * cols + j];
            return dst;
        }

        private static void CheckSizes(RecurrentCellKind cell, int inputSize, int hiddenSize)
        {
            if (cell != RecurrentCellKind.Rnn && cell != RecurrentCellKind.Gru && cell != RecurrentCellKind.Lstm)
                ThrowHelper.ThrowModel($"Unknown recurrent cell kind {(int)cell}.");
            if (inputSize <= 0 || hiddenSize <= 0)
                ThrowHelper.ThrowModel($"{cell}: input and hidden sizes must be positive (got I = {inputSize}, H = {hiddenSize}).");
        }

        /// <summary>Throws unless <paramref name="actual"/> is rows * cols; the message names the [rows, cols] shape.</summary>
        private static void CheckLength(string what, int actual, int rows, int cols)
        {
            if (actual != rows * cols)
            {
                string shape = cols == 1 ? $"[{rows}]" : $"[{rows}, {cols}]";
                ThrowHelper.ThrowModel($"{what} holds {actual} values but {shape} = {rows * cols} are expected.");
            }
        }

        /// <summary>Frameworks without peepholes can take an all-zero P; anything else would change the function.</summary>
        private static void CheckNoPeepholes(RecurrentWeights weights, string framework)
        {
            float[]? p = weights.P;
            if (p is null) return;
            for (int i = 0; i < p.Length; i++)
                if (p[i] != 0f)
                    ThrowHelper.ThrowModel($"{framework} LSTM has no peepholes, but P[{i}] = {p[i]}; these weights cannot be exported to it.");
        }
    }
}
