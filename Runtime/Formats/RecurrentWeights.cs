// One direction of recurrent weights in Recurrent's internal (ONNX) layout, as produced by the format converters.
// It only holds and shape-checks arrays; packing for the kernels is RecurrentOp's job.
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    /// <summary>
    /// Weights of one recurrent direction in ONNX layout and gate order (LSTM i,o,f,c; GRU z,r,h; RNN one gate).
    /// The arrays are used as given, not copied. A bidirectional ONNX tensor is two of these concatenated.
    /// </summary>
    public sealed class RecurrentWeights
    {
        /// <param name="cell">The cell kind; fixes G.</param>
        /// <param name="inputSize">I.</param>
        /// <param name="hiddenSize">H.</param>
        /// <param name="w">W [G*H, I].</param>
        /// <param name="r">R [G*H, H].</param>
        /// <param name="b">B [2*G*H] (Wb then Rb), or null for zero bias.</param>
        /// <param name="p">LSTM peepholes P [3H] (i, o, f), or null.</param>
        /// <param name="linearBeforeReset">GRU only: ONNX <c>linear_before_reset</c> (PyTorch and Keras reset_after use 1).</param>
        /// <exception cref="RecurrentException">A size is not positive or an array does not have its shape.</exception>
        public RecurrentWeights(RecurrentCellKind cell, int inputSize, int hiddenSize, float[] w, float[] r, float[]? b = null,
            float[]? p = null, bool linearBeforeReset = false)
        {
            if (cell != RecurrentCellKind.Rnn && cell != RecurrentCellKind.Gru && cell != RecurrentCellKind.Lstm)
                ThrowHelper.ThrowModel($"Unknown recurrent cell kind {(int)cell}.");
            if (inputSize <= 0 || hiddenSize <= 0)
                ThrowHelper.ThrowModel($"{cell}: input and hidden sizes must be positive (got I = {inputSize}, H = {hiddenSize}).");
            int G = RecurrentOpAttributes.GateCountOf(cell), GH = G * hiddenSize;
            CheckShape(cell, "W", w, GH, inputSize);
            CheckShape(cell, "R", r, GH, hiddenSize);
            if (b != null) CheckShape(cell, "B", b, 2 * GH, 1);
            if (p != null)
            {
                if (cell != RecurrentCellKind.Lstm) ThrowHelper.ThrowModel($"{cell}: peepholes (P) apply to LSTM only.");
                CheckShape(cell, "P", p, 3 * hiddenSize, 1);
            }
            if (linearBeforeReset && cell != RecurrentCellKind.Gru)
                ThrowHelper.ThrowModel($"{cell}: linear_before_reset applies to GRU only.");

            Cell = cell;
            InputSize = inputSize;
            HiddenSize = hiddenSize;
            W = w;
            R = r;
            B = b;
            P = p;
            LinearBeforeReset = linearBeforeReset;
        }

        public RecurrentCellKind Cell { get; }

        /// <summary>I.</summary>
        public int InputSize { get; }

        /// <summary>H.</summary>
        public int HiddenSize { get; }

        /// <summary>G: 1 (RNN), 3 (GRU), 4 (LSTM).</summary>
        public int GateCount => RecurrentOpAttributes.GateCountOf(Cell);

        /// <summary>W [G*H, I], ONNX gate order.</summary>
        public float[] W { get; }

        /// <summary>R [G*H, H], ONNX gate order.</summary>
        public float[] R { get; }

        /// <summary>B [2*G*H]: Wb [G*H] then Rb [G*H], ONNX gate order; null means zero.</summary>
        public float[]? B { get; }

        /// <summary>LSTM peepholes [3H] in ONNX order i, o, f; null means none.</summary>
        public float[]? P { get; }

        /// <summary>GRU: ONNX <c>linear_before_reset</c>; always false for other cells.</summary>
        public bool LinearBeforeReset { get; }

        internal static void CheckShape(RecurrentCellKind cell, string name, float[]? values, int rows, int cols)
        {
            if (values is null) ThrowHelper.ThrowModel($"{cell}: {name} is missing; {Shape(rows, cols)} is expected.");
            if (values.Length != rows * cols)
                ThrowHelper.ThrowModel($"{cell}: {name} holds {values.Length} values but {Shape(rows, cols)} = {rows * cols} are expected.");
        }

        private static string Shape(int rows, int cols) => cols == 1 ? $"[{rows}]" : $"[{rows}, {cols}]";
    }
}
