// One LSTM time step for one batch row, after the gate pre-activations are summed. ONNX LSTM equations
// (https://onnx.ai/onnx/operators/onnx__LSTM.html) with ONNX Runtime's ordering: peephole and bias are added, then
// clip, then the activation. The backward pass will sit beside this as LstmCell.Backward.
using System;
using Recurrent.Kernels;

namespace Recurrent.Ops
{
    internal static class LstmCell
    {
        /// <summary>
        /// gates: pre-activations [4H] in ONNX order i, o, f, c (consumed as scratch);
        /// h, c: this row's hidden and cell state [H], updated in place.
        /// </summary>
        public static void Forward(RecurrentDirectionWeights w, Span<float> gates, Span<float> h, Span<float> c,
            float clip, bool inputForget)
        {
            int H = h.Length;
            Span<float> gi = gates.Slice(0, H);
            Span<float> go = gates.Slice(H, H);
            Span<float> gf = gates.Slice(2 * H, H);
            Span<float> gc = gates.Slice(3 * H, H);
            float[]? p = w.Peephole;

            // it = f(Xt·Wiᵀ + Ht-1·Riᵀ + Pi ⊙ Ct-1 + Wbi + Rbi)
            if (p != null) Elementwise.MultiplyAdd(p.AsSpan(0, H), c, gi, gi);
            if (clip > 0f) Elementwise.Clip(gi, clip, gi);
            ActivationKernels.Forward(w.F, gi, gi);

            // ft = f(... + Pf ⊙ Ct-1), or 1 - it when input and forget gates are coupled
            if (inputForget)
            {
                Elementwise.OneMinus(gi, gf);
            }
            else
            {
                if (p != null) Elementwise.MultiplyAdd(p.AsSpan(2 * H, H), c, gf, gf);
                if (clip > 0f) Elementwise.Clip(gf, clip, gf);
                ActivationKernels.Forward(w.F, gf, gf);
            }

            // ct = g(...); Ct = ft ⊙ Ct-1 + it ⊙ ct
            if (clip > 0f) Elementwise.Clip(gc, clip, gc);
            ActivationKernels.Forward(w.G, gc, gc);
            Elementwise.Multiply(gf, c, c);
            Elementwise.MultiplyAdd(gi, gc, c, c);

            // ot = f(... + Po ⊙ Ct); Ht = ot ⊙ h(Ct)
            if (p != null) Elementwise.MultiplyAdd(p.AsSpan(H, H), c, go, go);
            if (clip > 0f) Elementwise.Clip(go, clip, go);
            ActivationKernels.Forward(w.F, go, go);
            ActivationKernels.Forward(w.Hact, c, gc);
            Elementwise.Multiply(go, gc, h);
        }
    }
}
