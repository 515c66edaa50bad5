// One time step of a recurrent layer for a whole batch: the recurrent GEMM(s) plus each active row's cell update.
// Shared by the batch operator (RecurrentOp) and streaming sessions, so both compute bit-identical results.
using System;
using Recurrent.Kernels;

namespace Recurrent.Ops
{
    internal static class RecurrentStep
    {
        /// <summary>
        /// gates: [B, G*H] the input projection plus input-side bias for this step (rows of inactive batch entries
        /// are ignored); destroyed. h: [B, H] and c: [B, H] (LSTM; empty otherwise) are the states, updated in place for
        /// active rows only. A row b is active when <paramref name="lengths"/> is empty or step &lt; lengths[b].
        /// scratch: at least <see cref="RecurrentDirectionWeights.StepScratchLength"/> floats.
        /// </summary>
        public static void Forward(RecurrentDirectionWeights w, Span<float> gates, Span<float> h, Span<float> c,
            int batch, int step, ReadOnlySpan<int> lengths, float clip, bool inputForget, Span<float> scratch)
        {
            if (batch == 0) return;   // nothing to step (and no span to slice for GRU's candidate columns)
            int H = w.HiddenSize;
            int GH = w.GateWidth;
            switch (w.Cell)
            {
                case RecurrentCellKind.Lstm:
                    Gemm.Forward(h, H, w.RecurrentWeights, gates, GH, batch, accumulate: true);
                    for (int b = 0; b < batch; b++)
                    {
                        if (!lengths.IsEmpty && step >= lengths[b]) continue;
                        LstmCell.Forward(w, gates.Slice(b * GH, GH), h.Slice(b * H, H), c.Slice(b * H, H), clip, inputForget);
                    }
                    break;

                case RecurrentCellKind.Rnn:
                    Gemm.Forward(h, H, w.RecurrentWeights, gates, GH, batch, accumulate: true);
                    for (int b = 0; b < batch; b++)
                    {
                        if (!lengths.IsEmpty && step >= lengths[b]) continue;
                        Span<float> g = gates.Slice(b * GH, GH);
                        if (clip > 0f) Elementwise.Clip(g, clip, g);
                        ActivationKernels.Forward(w.F, g, h.Slice(b * H, H));
                    }
                    break;

                default:
                    GruForward(w, gates, h, batch, step, lengths, clip, scratch);
                    break;
            }
        }

        private static void GruForward(RecurrentDirectionWeights w, Span<float> gates, Span<float> h,
            int batch, int step, ReadOnlySpan<int> lengths, float clip, Span<float> scratch)
        {
            int H = w.HiddenSize;
            int GH = w.GateWidth;
            if (w.LinearBeforeReset)
            {
                // One GEMM for all three gates: rec = Ht-1·Rᵀ [B, 3H]; z,r add it directly, h multiplies it by r.
                Span<float> rec = scratch.Slice(0, batch * GH);
                Gemm.Forward(h, H, w.RecurrentWeights, rec, GH, batch, accumulate: false);
                for (int b = 0; b < batch; b++)
                {
                    if (!lengths.IsEmpty && step >= lengths[b]) continue;
                    Span<float> g = gates.Slice(b * GH, GH);
                    Span<float> recRow = rec.Slice(b * GH, GH);
                    Elementwise.Add(g.Slice(0, 2 * H), recRow.Slice(0, 2 * H), g.Slice(0, 2 * H));
                    GruCell.ForwardUpdateReset(w, g, H, clip);
                    GruCell.ForwardCandidateLinearBeforeReset(w, g, recRow.Slice(2 * H, H), H, clip);
                    GruCell.ForwardOutput(g, h.Slice(b * H, H));
                }
            }
            else
            {
                // z,r first; then (rt ⊙ Ht-1)·Rhᵀ needs r, so the candidate's GEMM comes second.
                Gemm.Forward(h, H, w.RecurrentWeights, gates, GH, batch, accumulate: true);
                Span<float> resetHidden = scratch.Slice(0, batch * H);
                for (int b = 0; b < batch; b++)
                {
                    Span<float> g = gates.Slice(b * GH, GH);
                    if (!lengths.IsEmpty && step >= lengths[b])
                    {
                        resetHidden.Slice(b * H, H).Clear();
                        continue;
                    }
                    GruCell.ForwardUpdateReset(w, g, H, clip);
                    Elementwise.Multiply(g.Slice(H, H), h.Slice(b * H, H), resetHidden.Slice(b * H, H));
                }
                Gemm.Forward(resetHidden, H, w.RecurrentCandidateWeights!, gates.Slice(2 * H), GH, batch, accumulate: true);
                for (int b = 0; b < batch; b++)
                {
                    if (!lengths.IsEmpty && step >= lengths[b]) continue;
                    Span<float> g = gates.Slice(b * GH, GH);
                    GruCell.ForwardCandidate(w, g.Slice(2 * H, H), clip);
                    GruCell.ForwardOutput(g, h.Slice(b * H, H));
                }
            }
        }
    }
}
