// SimpleRNN step forward (with caches) and backward, adjacent: H = f(clip(Xt·Wᵀ + H'·Rᵀ + Wb + Rb)).
using System;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal sealed partial class RecurrentLayerTrainer
    {
        private void RnnStepForward(TrainingContext ctx, Direction ds, int s, Span<float> h, ReadOnlySpan<float> hIn)
        {
            int B = ctx.Batch, H = _H;
            var pre = ds.Pre.AsSpan(s * B * H, B * H);
            var post = ds.Post.AsSpan(s * B * H, B * H);
            Gemm.Forward(hIn, H, ds.RtPacked!, pre, H, B, accumulate: true);
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                var a = post.Slice(b * H, H);
                Activate(ds.F, pre.Slice(b * H, H), a);
                a.CopyTo(h.Slice(b * H, H));
            }
        }

        private void RnnStepBackward(TrainingContext ctx, Direction ds, int s, Span<float> dh)
        {
            int B = ctx.Batch, H = _H;
            var pre = ds.Pre.AsSpan(s * B * H, B * H);
            var post = ds.Post.AsSpan(s * B * H, B * H);
            var dG = ds.DGates.AsSpan(s * B * H, B * H);
            for (int b = 0; b < B; b++)
            {
                if (s >= ctx.Length(b)) continue;
                ActivationGradient.Backward(ds.F, pre.Slice(b * H, H), post.Slice(b * H, H), dh.Slice(b * H, H), dG.Slice(b * H, H), _clip);
            }
            RecurrentStateGradient(ctx, ds, s, dG, dh, default, default);
        }
    }
}
