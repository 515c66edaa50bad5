// One direction of a recurrent operator, packed for the kernels: input and recurrent GEMM operands, folded biases,
// peepholes and the resolved activations. Built once from ONNX-layout weights (gate order iofc / zrh), read-only after.
using System;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent.Ops
{
    /// <summary>
    /// Packed weights of one direction. Internal gate order is the ONNX order (LSTM i,o,f,c; GRU z,r,h).
    /// Conversions from other frameworks' orders happen in Formats/ before this point.
    /// </summary>
    internal sealed class RecurrentDirectionWeights
    {
        public RecurrentDirectionWeights(RecurrentCellKind cell, int inputSize, int hiddenSize, bool linearBeforeReset,
            ReadOnlySpan<float> w,   // [G*H, I]
            ReadOnlySpan<float> r,   // [G*H, H]
            ReadOnlySpan<float> b,   // [2*G*H] (Wb then Rb) or empty
            ReadOnlySpan<float> p,   // [3H] (i, o, f) or empty
            Activation[] activations)
        {
            Cell = cell;
            InputSize = inputSize;
            HiddenSize = hiddenSize;
            int gates = RecurrentOpAttributes.GateCountOf(cell);
            int gh = gates * hiddenSize;
            GateWidth = gh;
            LinearBeforeReset = cell == RecurrentCellKind.Gru && linearBeforeReset;

            InputWeights = PackedMatrix.FromTransposed(w, gh, inputSize);
            int H = hiddenSize;
            if (cell == RecurrentCellKind.Gru && !LinearBeforeReset)
            {
                // lbr=0: the h gate multiplies (r ⊙ H) by Rh, so z,r and h need separate recurrent GEMMs.
                RecurrentWeights = PackedMatrix.FromTransposed(r.Slice(0, 2 * H * H), 2 * H, H);
                RecurrentCandidateWeights = PackedMatrix.FromTransposed(r.Slice(2 * H * H, H * H), H, H);
            }
            else
            {
                RecurrentWeights = PackedMatrix.FromTransposed(r, gh, H);
            }

            // Input-side bias [G*H]: Wb + Rb, except GRU lbr=1 keeps Rbh inside the reset product.
            Bias = new float[gh];
            if (!b.IsEmpty)
            {
                HasBias = true;
                for (int i = 0; i < gh; i++) Bias[i] = b[i] + b[gh + i];
                if (LinearBeforeReset)
                {
                    CandidateRecurrentBias = new float[H];
                    for (int i = 0; i < H; i++)
                    {
                        Bias[2 * H + i] = b[2 * H + i];
                        CandidateRecurrentBias[i] = b[gh + 2 * H + i];
                    }
                }
            }
            if (!p.IsEmpty)
                Peephole = p.Slice(0, 3 * H).ToArray();

            F = activations[0];
            G = activations.Length > 1 ? activations[1] : default;
            Hact = activations.Length > 2 ? activations[2] : default;
        }

        public RecurrentCellKind Cell { get; }
        public int InputSize { get; }
        public int HiddenSize { get; }
        public int GateWidth { get; }
        public bool LinearBeforeReset { get; }
        public bool HasBias { get; }

        /// <summary>Wᵀ as a GEMM operand: [I, G*H].</summary>
        public PackedMatrix InputWeights { get; }

        /// <summary>Rᵀ: [H, G*H]; for GRU with linear_before_reset = 0 only the z,r part: [H, 2H].</summary>
        public PackedMatrix RecurrentWeights { get; }

        /// <summary>GRU linear_before_reset = 0: Rhᵀ [H, H].</summary>
        public PackedMatrix? RecurrentCandidateWeights { get; }

        /// <summary>Bias added to the input projection of every gate: [G*H].</summary>
        public float[] Bias { get; }

        /// <summary>GRU linear_before_reset = 1: Rbh [H], added inside r ⊙ (H·Rhᵀ + Rbh).</summary>
        public float[]? CandidateRecurrentBias { get; }

        /// <summary>LSTM peepholes [3H] in ONNX order i, o, f.</summary>
        public float[]? Peephole { get; }

        /// <summary>Gate activation (f in ONNX).</summary>
        public Activation F { get; }

        /// <summary>Candidate activation (g in ONNX); unused by RNN.</summary>
        public Activation G { get; }

        /// <summary>LSTM output activation (h in ONNX).</summary>
        public Activation Hact { get; }

        /// <summary>Floats of scratch one step needs for a batch of <paramref name="batch"/> rows.</summary>
        public int StepScratchLength(int batch) => Cell switch
        {
            RecurrentCellKind.Gru => batch * GateWidth + batch * HiddenSize,
            _ => 0,
        };
    }
}
