// The elementwise part of one GRU time step for one batch row. ONNX GRU equations
// (https://onnx.ai/onnx/operators/onnx__GRU.html); the recurrent GEMMs are issued by RecurrentStep because
// linear_before_reset = 0 needs r before the candidate's GEMM.
using System;
using Recurrent.Kernels;

namespace Recurrent.Ops
{
    internal static class GruCell
    {
        /// <summary>zt, rt = f(clip(pre-activation)), in place on gates[0 .. 2H).</summary>
        public static void ForwardUpdateReset(RecurrentDirectionWeights w, Span<float> gates, int H, float clip)
        {
            Span<float> zr = gates.Slice(0, 2 * H);
            if (clip > 0f) Elementwise.Clip(zr, clip, zr);
            ActivationKernels.Forward(w.F, zr, zr);
        }

        /// <summary>
        /// linear_before_reset = 1: ht = g(Xt·Whᵀ + Wbh + rt ⊙ (Ht-1·Rhᵀ + Rbh)), written into gates[2H .. 3H).
        /// recurrentCandidate: Ht-1·Rhᵀ for this row [H] (overwritten).
        /// </summary>
        public static void ForwardCandidateLinearBeforeReset(RecurrentDirectionWeights w, Span<float> gates,
            Span<float> recurrentCandidate, int H, float clip)
        {
            Span<float> r = gates.Slice(H, H);
            Span<float> hc = gates.Slice(2 * H, H);
            if (w.CandidateRecurrentBias != null)
                Elementwise.Add(recurrentCandidate, w.CandidateRecurrentBias, recurrentCandidate);
            Elementwise.MultiplyAdd(r, recurrentCandidate, hc, hc);
            ForwardCandidate(w, hc, clip);
        }

        /// <summary>ht = g(clip(pre-activation)), in place.</summary>
        public static void ForwardCandidate(RecurrentDirectionWeights w, Span<float> candidate, float clip)
        {
            if (clip > 0f) Elementwise.Clip(candidate, clip, candidate);
            ActivationKernels.Forward(w.G, candidate, candidate);
        }

        /// <summary>Ht = (1 - zt) ⊙ ht + zt ⊙ Ht-1, in place on h.</summary>
        public static void ForwardOutput(ReadOnlySpan<float> gates, Span<float> h)
        {
            int H = h.Length;
            Elementwise.GruBlend(gates.Slice(0, H), gates.Slice(2 * H, H), h, h);
        }
    }
}
