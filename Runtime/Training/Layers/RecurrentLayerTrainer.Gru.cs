// GRU step forward (with caches) and backward, adjacent. ONNX GRU equations, gates z, r, h:
//   H = (1 − z) ⊙ n + z ⊙ H',  n = g(Xh + (r ⊙ H')·Rhᵀ + Rbh + Wbh)          (linear_before_reset = 0)
//                              n = g(Xh + Wbh + r ⊙ (H'·Rhᵀ + Rbh))          (linear_before_reset = 1)
using System;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal sealed partial class RecurrentLayerTrainer
    {
        private void GruStepForward(TrainingContext ctx, Direction ds, int s, Span<float> h, ReadOnlySpan<float> hIn)
        {
            int B = ctx.Batch, H = _H, GH = _GH;
            var pre = ds.Pre.AsSpan(s * B * GH, B * GH);
            var post = ds.Post.AsSpan(s * B * GH, B * GH);
            var hrec = ds.HRec.AsSpan(s * B * H, B * H);
            Gemm.Forward(hIn, H, ds.RtPacked!, pre, GH, B, accumulate: true);   // z, r columns
            if (_lbr)
            {
                Gemm.Forward(hIn, H, ds.RhtPacked!, hrec, H, B, accumulate: false); // H'·Rhᵀ
                for (int b = 0; b < B; b++)
                {
                    var row = hrec.Slice(b * H, H);
                    Elementwise.Add(row, ds.RecBiasH.AsSpan(0, H), row);
                }
            }
            for (int b = 0; b < B; b++)
            {
                var rh = hrec.Slice(b * H, H);
                if (s >= ctx.Length(b)) { if (!_lbr) rh.Clear(); continue; }
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                Activate(ds.F, g.Slice(0, 2 * H), a.Slice(0, 2 * H));
                if (_lbr) Elementwise.MultiplyAdd(a.Slice(H, H), rh, g.Slice(2 * H, H), g.Slice(2 * H, H));
                else Elementwise.Multiply(a.Slice(H, H), hIn.Slice(b * H, H), rh);
            }
            if (!_lbr) Gemm.Forward(hrec, H, ds.RhtPacked!, pre.Slice(2 * H), GH, B, accumulate: true);
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                Activate(ds.G, g.Slice(2 * H, H), a.Slice(2 * H, H));
                var hb = h.Slice(b * H, H);
                Elementwise.GruBlend(a.Slice(0, H), a.Slice(2 * H, H), hb, hb);
            }
        }

        private void GruStepBackward(TrainingContext ctx, Direction ds, int s, Span<float> dh)
        {
            int B = ctx.Batch, H = _H, GH = _GH;
            var pre = ds.Pre.AsSpan(s * B * GH, B * GH);
            var post = ds.Post.AsSpan(s * B * GH, B * GH);
            var dG = ds.DGates.AsSpan(s * B * GH, B * GH);
            var hrec = ds.HRec.AsSpan(s * B * H, B * H);
            var drec = ds.DRec.AsSpan(s * B * H, B * H);
            var direct = ds.T2.AsSpan(0, B * H);     // dH' through z ⊙ H' (and r ⊙ H' for lbr = 0)
            var dr = ds.T3.AsSpan(0, B * H);         // d r (post-activation)
            direct.Clear();
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                var d = dG.Slice(b * GH, GH);
                var dhb = dh.Slice(b * H, H);
                var hp = ds.HPrev.AsSpan((s * B + b) * H, H);
                ReadOnlySpan<float> z = a.Slice(0, H), r = a.Slice(H, H), n = a.Slice(2 * H, H);
                var dirB = direct.Slice(b * H, H);
                var drB = dr.Slice(b * H, H);
                // dz = dH ⊙ (H' − n) (into d's z slot for now); dn = dH ⊙ (1 − z); dH' = dH ⊙ z
                var dz = d.Slice(0, H);
                for (int j = 0; j < H; j++)
                {
                    dz[j] = dhb[j] * (hp[j] - n[j]);
                    drB[j] = dhb[j] * (1f - z[j]);    // dn, temporarily
                    dirB[j] = dhb[j] * z[j];
                }
                ActivationGradient.Backward(ds.G, g.Slice(2 * H, H), n, drB, d.Slice(2 * H, H), _clip);   // dNpre
                if (_lbr)
                {
                    var hr = hrec.Slice(b * H, H);
                    Elementwise.Multiply(d.Slice(2 * H, H), hr, drB);                    // dr = dNpre ⊙ hr
                    Elementwise.Multiply(d.Slice(2 * H, H), r, drec.Slice(b * H, H));    // d hr = dNpre ⊙ r
                }
            }
            Span<float> extra = default;
            if (!_lbr)
            {
                // d(r ⊙ H') = dNpre · Rh; then dr = that ⊙ H', and that ⊙ r flows back through the recurrent products
                // (masked like them when recurrent dropout is on).
                var drh = ds.T1.AsSpan(0, B * H);
                extra = ds.T4.AsSpan(0, B * H);
                extra.Clear();
                Gemm.Forward(dG.Slice(2 * H), GH, ds.RhRowPacked!, drh, H, B, accumulate: false);
                var hIn = ds.DropH ? ds.HIn : ds.HPrev;
                for (int b = 0; b < B; b++)
                {
                    if (s >= ctx.Length(b)) continue;
                    var hp = hIn.AsSpan((s * B + b) * H, H);
                    var r = post.Slice(b * GH + H, H);
                    var x = drh.Slice(b * H, H);
                    Elementwise.Multiply(x, hp, dr.Slice(b * H, H));
                    Elementwise.Multiply(x, r, extra.Slice(b * H, H));
                }
            }
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var g = pre.Slice(b * GH, GH);
                var a = post.Slice(b * GH, GH);
                var d = dG.Slice(b * GH, GH);
                ActivationGradient.Backward(ds.F, g.Slice(0, H), a.Slice(0, H), d.Slice(0, H), d.Slice(0, H), _clip);
                ActivationGradient.Backward(ds.F, g.Slice(H, H), a.Slice(H, H), dr.Slice(b * H, H), d.Slice(H, H), _clip);
            }
            RecurrentStateGradient(ctx, ds, s, dG, dh, direct, extra);
        }
    }
}
