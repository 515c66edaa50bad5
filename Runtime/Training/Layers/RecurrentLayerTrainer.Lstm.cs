// LSTM step forward (with caches) and backward, adjacent. ONNX LSTM equations with ONNX Runtime's order (peephole and
// bias added, then clip, then activation); gates in ONNX order i, o, f, c. Gradients are derived from
//   C = f⊙C' + i⊙g,  H = o⊙h(C),  f = 1 − i when input_forget.
using System;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Training
{
    internal sealed partial class RecurrentLayerTrainer
    {
        private void LstmStepForward(TrainingContext ctx, Direction ds, int s, Span<float> h, ReadOnlySpan<float> hIn, Span<float> c)
        {
            int B = ctx.Batch, H = _H, GH = _GH;
            var pre = ds.Pre.AsSpan(s * B * GH, B * GH);
            var post = ds.Post.AsSpan(s * B * GH, B * GH);
            Gemm.Forward(hIn, H, ds.RtPacked!, pre, GH, B, accumulate: true);
            float[]? p = _p?.Value.Data;
            int pOff = DirectionOffset(ds) * 3 * H;
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                var cb = c.Slice(b * H, H);
                Span<float> pi = g.Slice(0, H), po = g.Slice(H, H), pf = g.Slice(2 * H, H), pg = g.Slice(3 * H, H);
                Span<float> i = a.Slice(0, H), o = a.Slice(H, H), f = a.Slice(2 * H, H), gg = a.Slice(3 * H, H);
                if (p != null)
                {
                    Elementwise.MultiplyAdd(p.AsSpan(pOff, H), cb, pi, pi);
                    if (!_inputForget) Elementwise.MultiplyAdd(p.AsSpan(pOff + 2 * H, H), cb, pf, pf);
                }
                Activate(ds.F, pi, i);
                if (_inputForget) Elementwise.OneMinus(i, f);
                else Activate(ds.F, pf, f);
                Activate(ds.G, pg, gg);
                Elementwise.Multiply(f, cb, cb);
                Elementwise.MultiplyAdd(i, gg, cb, cb);
                cb.CopyTo(ds.CNew.AsSpan((s * B + b) * H, H));
                if (p != null) Elementwise.MultiplyAdd(p.AsSpan(pOff + H, H), cb, po, po);
                Activate(ds.F, po, o);
                var hb = h.Slice(b * H, H);
                ActivationKernels.Forward(ds.Hact, cb, hb);
                Elementwise.Multiply(o, hb, hb);
            }
        }

        private void LstmStepBackward(TrainingContext ctx, Direction ds, int s, Span<float> dh, Span<float> dc)
        {
            int B = ctx.Batch, H = _H, GH = _GH;
            var pre = ds.Pre.AsSpan(s * B * GH, B * GH);
            var post = ds.Post.AsSpan(s * B * GH, B * GH);
            var dG = ds.DGates.AsSpan(s * B * GH, B * GH);
            float[]? p = _p?.Value.Data;
            int pOff = DirectionOffset(ds) * 3 * H;
            Span<float> dp = _p != null ? _p.Gradient.AsSpan(pOff, 3 * H) : default;
            Span<float> hc = ds.T1.AsSpan(0, H), t2 = ds.T2.AsSpan(0, H), t3 = ds.T3.AsSpan(0, H);
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                var d = dG.Slice(b * GH, GH);
                var cPrev = ds.CPrev.AsSpan((s * B + b) * H, H);
                var cNew = ds.CNew.AsSpan((s * B + b) * H, H);
                var dhb = dh.Slice(b * H, H);
                var dcb = dc.Slice(b * H, H);
                ReadOnlySpan<float> i = a.Slice(0, H), o = a.Slice(H, H), f = a.Slice(2 * H, H), gg = a.Slice(3 * H, H);
                Span<float> dI = d.Slice(0, H), dO = d.Slice(H, H), dF = d.Slice(2 * H, H), dGc = d.Slice(3 * H, H);

                // H = o ⊙ h(C): do = dH ⊙ h(C); dC += dH ⊙ o ⊙ h'(C)
                ActivationKernels.Forward(ds.Hact, cNew, hc);
                Elementwise.Multiply(dhb, hc, t2);                                   // do
                ActivationGradient.Backward(ds.F, g.Slice(H, H), o, t2, dO, _clip);  // dOpre
                Elementwise.Multiply(dhb, o, t3);
                ActivationGradient.Backward(ds.Hact, cNew, hc, t3, t3);
                Elementwise.Add(dcb, t3, dcb);
                if (p != null)
                {
                    Elementwise.MultiplyAdd(dO, p.AsSpan(pOff + H, H), dcb, dcb);   // o's peephole sees the new C
                    Elementwise.MultiplyAdd(dO, cNew, dp.Slice(H, H), dp.Slice(H, H));
                }

                // C = f ⊙ C' + i ⊙ g
                Elementwise.Multiply(dcb, gg, t2);                                  // di
                Elementwise.Multiply(dcb, i, t3);                                   // dg
                ActivationGradient.Backward(ds.G, g.Slice(3 * H, H), gg, t3, dGc, _clip);
                Elementwise.Multiply(dcb, cPrev, t3);                               // df
                if (_inputForget)
                {
                    for (int j = 0; j < H; j++) t2[j] -= t3[j];                     // f = 1 − i
                    dF.Clear();
                }
                else
                {
                    ActivationGradient.Backward(ds.F, g.Slice(2 * H, H), f, t3, dF, _clip);
                }
                ActivationGradient.Backward(ds.F, g.Slice(0, H), i, t2, dI, _clip);
                Elementwise.Multiply(dcb, f, dcb);                                  // dC' (direct path)
                if (p != null)
                {
                    Elementwise.MultiplyAdd(dI, p.AsSpan(pOff, H), dcb, dcb);
                    Elementwise.MultiplyAdd(dI, cPrev, dp.Slice(0, H), dp.Slice(0, H));
                    if (!_inputForget)
                    {
                        Elementwise.MultiplyAdd(dF, p.AsSpan(pOff + 2 * H, H), dcb, dcb);
                        Elementwise.MultiplyAdd(dF, cPrev, dp.Slice(2 * H, H), dp.Slice(2 * H, H));
                    }
                }
            }
            RecurrentStateGradient(ctx, ds, s, dG, dh, default, default);
        }

        /// <summary>
        /// dH' = direct + mask ⊙ (dGates · R [+ extra]) for active rows (padded rows pass their gradient through
        /// unchanged); the mask is the recurrent-dropout mask when it is active.
        /// </summary>
        private void RecurrentStateGradient(TrainingContext ctx, Direction ds, int s, ReadOnlySpan<float> dG, Span<float> dh,
            ReadOnlySpan<float> direct, ReadOnlySpan<float> extra)
        {
            int B = ctx.Batch, H = _H;
            var tmp = ds.T1.AsSpan(0, B * H);
            Gemm.Forward(dG, _GH, ds.RRowPacked!, tmp, H, B, accumulate: false);
            if (_cell == RecurrentCellKind.Gru && _lbr)
                Gemm.Forward(ds.DRec.AsSpan(s * B * H, B * H), H, ds.RhRowPacked!, tmp, H, B, accumulate: true);
            if (!extra.IsEmpty) Elementwise.Add(tmp, extra, tmp);
            if (ds.DropH) Elementwise.Multiply(tmp, ds.MaskH.AsSpan(0, B * H), tmp);
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var dst = dh.Slice(b * H, H);
                if (direct.IsEmpty) tmp.Slice(b * H, H).CopyTo(dst);
                else Elementwise.Add(tmp.Slice(b * H, H), direct.Slice(b * H, H), dst);
            }
        }

        /// <summary>post = act(clip(pre)); pre is left unclipped for the backward's clip mask.</summary>
        private void Activate(in Activation act, ReadOnlySpan<float> pre, Span<float> post)
        {
            if (_clip > 0f) Elementwise.Clip(pre, _clip, post);
            else pre.CopyTo(post);
            ActivationKernels.Forward(act, post, post);
        }

        private int DirectionOffset(Direction ds) => ReferenceEquals(ds, _dirs[0]) ? 0 : 1;
    }
}
