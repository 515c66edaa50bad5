// Training of a SimpleRNN / LSTM / GRU layer: forward with per-step caches and backpropagation through time,
// for every direction, per-row lengths (padded steps change neither loss nor gradients) and carried state for
// truncated BPTT, and every output form (sequence, last step, final states h and c). A single-bias layer's Rb gets no
// gradient and is held at 0. The cell arithmetic is in the .Lstm/.Gru/.Rnn partials, forward and backward side by side.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Training
{
    internal sealed partial class RecurrentLayerTrainer : LayerTrainer
    {
        private readonly RecurrentLayer _layer;
        private readonly Parameter _w, _r;
        private readonly Parameter? _b, _p;
        private readonly Parameter[] _parameters;
        private readonly Direction[] _dirs;
        private readonly int _H, _I, _G, _GH, _D;
        private readonly float _clip;
        private readonly bool _inputForget, _lbr;
        private readonly bool _singleBias;   // Keras' one bias: Rb gets no gradient and stays 0
        private readonly bool _stateC;       // returnState on an LSTM: the output also holds the final c
        private readonly RecurrentCellKind _cell;

        public RecurrentLayerTrainer(RecurrentLayer layer, Func<ModelWeight, Parameter> parameterOf)
        {
            _layer = layer;
            var a = layer.Attributes;
            _cell = a.Cell;
            _H = a.HiddenSize;
            _I = layer.InputSize;
            _G = a.GateCount;
            _GH = _G * _H;
            _D = a.NumDirections;
            _clip = a.Clip ?? 0f;
            _inputForget = a.InputForget;
            _lbr = a.LinearBeforeReset;
            _singleBias = layer.SingleBias;
            _stateC = layer.ReturnState && _cell == RecurrentCellKind.Lstm;
            var weights = layer.Weights;
            _w = parameterOf(weights[0]);
            _r = parameterOf(weights[1]);
            var list = new List<Parameter> { _w, _r };
            int next = 2;
            if (layer.B != null) { _b = parameterOf(weights[next++]); list.Add(_b); }
            if (layer.P != null) { _p = parameterOf(weights[next]); list.Add(_p); }
            _parameters = list.ToArray();
            if (_singleBias && _b != null)
                for (int d = 0; d < _D; d++) _b.HoldAtZero(d * 2 * _GH + _GH, _GH);   // Rb of direction d
            int perDir = _cell == RecurrentCellKind.Rnn ? 1 : _cell == RecurrentCellKind.Gru ? 2 : 3;
            _dirs = new Direction[_D];
            for (int d = 0; d < _D; d++)
            {
                var acts = layer.Activations;
                _dirs[d] = new Direction
                {
                    F = acts[d * perDir],
                    G = perDir > 1 ? acts[d * perDir + 1] : default,
                    Hact = perDir > 2 ? acts[d * perDir + 2] : default,
                };
            }
        }

        public override Layer Layer => _layer;

        public override IReadOnlyList<Parameter> Parameters => _parameters;

        /// <summary>
        /// Stateful (truncated BPTT): each forward starts from the states the previous forward ended with, row by row;
        /// gradients do not flow into that carried state. Forward-only layers.
        /// </summary>
        public bool Stateful { get; set; }

        /// <summary>Forgets the carried state (start of an epoch or a new stream).</summary>
        public void ResetState()
        {
            foreach (var d in _dirs)
            {
                Array.Clear(d.CarryH, 0, d.CarryH.Length);
                Array.Clear(d.CarryC, 0, d.CarryC.Length);
            }
        }

        private int OutputWidth => _layer.OutputSize;

        /// <summary>Width of one merged vector (h, or c with returnState): 2H concatenated bidirectional, else H.</summary>
        private int MergedWidth => _layer.MergedSize;

        private bool Sum => _D == 2 && _layer.Merge == BidirectionalMerge.Sum;

        public override void Forward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y)
        {
            if (!inputIsSequence) ThrowHelper.ThrowModel($"Recurrent layer '{_layer.Name}' needs a sequence input.");
            if (Stateful && _D != 1 || Stateful && _layer.Direction != RecurrentDirection.Forward)
                ThrowHelper.ThrowModel($"Stateful training needs a forward-only layer ('{_layer.Name}' is {_layer.Direction}).");
            int T = ctx.Time, B = ctx.Batch, H = _H, O = OutputWidth;
            int S = ctx.MaxLength;
            int outLength = _layer.ReturnSequences ? T * B * O : B * O;
            Array.Clear(y, 0, outLength);

            for (int d = 0; d < _D; d++)
            {
                var ds = _dirs[d];
                ds.Ensure(T, B, S, _I, H, _GH, _cell);
                bool reverse = _layer.Direction == RecurrentDirection.Reverse || d == 1;
                PrepareWeights(d, ds);

                // Keras dropout / recurrent_dropout: one mask per sequence and direction, fixed over time.
                ds.DropX = ctx.Training && _layer.Dropout > 0f;
                ds.DropH = ctx.Training && _layer.RecurrentDropout > 0f;
                float[] src = x;
                if (ds.DropX)
                {
                    ds.EnsureDropout(B * _I, T * B * _I, 0, 0);
                    FillMask(ctx, ds.MaskX, B * _I, _layer.Dropout);
                    for (int t = 0; t < T; t++)
                        for (int b = 0; b < B; b++)
                            Elementwise.Multiply(x.AsSpan((t * B + b) * _I, _I), ds.MaskX.AsSpan(b * _I, _I), ds.XIn.AsSpan((t * B + b) * _I, _I));
                    src = ds.XIn;
                }
                if (ds.DropH)
                {
                    ds.EnsureDropout(0, 0, B * H, S * B * H);
                    FillMask(ctx, ds.MaskH, B * H, _layer.RecurrentDropout);
                }

                // Input projection of every step: XW = X · Wᵀ  [T*B, GH]
                Gemm.Forward(src, _I, ds.WtPacked!, ds.XW, _GH, T * B, accumulate: false);

                Span<float> h = ds.HState.AsSpan(0, B * H);
                Span<float> c = ds.CState.AsSpan(0, B * H);
                if (Stateful)
                {
                    ds.EnsureCarry(B * H);
                    ds.CarryH.AsSpan(0, B * H).CopyTo(h);
                    ds.CarryC.AsSpan(0, B * H).CopyTo(c);
                }
                else
                {
                    h.Clear();
                    c.Clear();
                }

                for (int s = 0; s < S; s++)
                {
                    Span<float> pre = ds.Pre.AsSpan(s * B * _GH, B * _GH);
                    for (int b = 0; b < B; b++)
                    {
                        var row = pre.Slice(b * _GH, _GH);
                        int len = ctx.Length(b);
                        if (s >= len) { row.Clear(); continue; }
                        int t = reverse ? len - 1 - s : s;
                        Elementwise.Add(ds.XW.AsSpan((t * B + b) * _GH, _GH), ds.Bias, row);
                    }
                    h.CopyTo(ds.HPrev.AsSpan(s * B * H, B * H));
                    if (_cell == RecurrentCellKind.Lstm) c.CopyTo(ds.CPrev.AsSpan(s * B * H, B * H));
                    ReadOnlySpan<float> hIn = h;   // the state the recurrent products see
                    if (ds.DropH)
                    {
                        var masked = ds.HIn.AsSpan(s * B * H, B * H);
                        Elementwise.Multiply(h, ds.MaskH.AsSpan(0, B * H), masked);
                        hIn = masked;
                    }

                    switch (_cell)
                    {
                        case RecurrentCellKind.Lstm: LstmStepForward(ctx, ds, s, h, hIn, c); break;
                        case RecurrentCellKind.Gru: GruStepForward(ctx, ds, s, h, hIn); break;
                        default: RnnStepForward(ctx, ds, s, h, hIn); break;
                    }

                    if (!_layer.ReturnSequences) continue;
                    for (int b = 0; b < B; b++)
                    {
                        int len = ctx.Length(b);
                        if (s >= len) continue;
                        int t = reverse ? len - 1 - s : s;
                        WriteOutput(y.AsSpan((t * B + b) * O, O), h.Slice(b * H, H), d);
                    }
                }

                // Last step = the state after each row's last valid step; returnState adds c after h: [h (M), c (M)].
                if (!_layer.ReturnSequences)
                {
                    int M = MergedWidth;
                    for (int b = 0; b < B; b++)
                    {
                        WriteOutput(y.AsSpan(b * O, M), h.Slice(b * H, H), d);
                        if (_stateC) WriteOutput(y.AsSpan(b * O + M, M), c.Slice(b * H, H), d);
                    }
                }

                if (Stateful)
                {
                    h.CopyTo(ds.CarryH);
                    c.CopyTo(ds.CarryC);
                }
            }
        }

        public override void Backward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y, float[] dy, float[]? dx)
        {
            int T = ctx.Time, B = ctx.Batch, H = _H, O = OutputWidth, I = _I;
            int S = ctx.MaxLength;
            if (dx != null) Array.Clear(dx, 0, T * B * I);

            for (int d = 0; d < _D; d++)
            {
                var ds = _dirs[d];
                bool reverse = _layer.Direction == RecurrentDirection.Reverse || d == 1;
                Span<float> dh = ds.DH.AsSpan(0, B * H);
                Span<float> dc = ds.DC.AsSpan(0, B * H);
                dh.Clear();
                dc.Clear();
                ds.DGates.AsSpan(0, S * B * _GH).Clear();
                if (_cell == RecurrentCellKind.Gru) ds.DRec.AsSpan(0, S * B * H).Clear();

                // The last-step output is the state after each row's last valid step: its gradient enters there and
                // passes unchanged through the padded steps processed before it. returnState seeds dC_T as well (LSTM).
                if (!_layer.ReturnSequences)
                {
                    int M = MergedWidth;
                    for (int b = 0; b < B; b++)
                    {
                        ReadOutputGradient(dy.AsSpan(b * O, M), dh.Slice(b * H, H), d);
                        if (_stateC) ReadOutputGradient(dy.AsSpan(b * O + M, M), dc.Slice(b * H, H), d);
                    }
                }

                for (int s = S - 1; s >= 0; s--)
                {
                    if (_layer.ReturnSequences)
                    {
                        for (int b = 0; b < B; b++)
                        {
                            int len = ctx.Length(b);
                            if (s >= len) continue;
                            int t = reverse ? len - 1 - s : s;
                            var g = dh.Slice(b * H, H);
                            var src = dy.AsSpan((t * B + b) * O, O);
                            if (Sum) Elementwise.Add(g, src.Slice(0, H), g);
                            else Elementwise.Add(g, src.Slice(d * H, H), g);
                        }
                    }

                    switch (_cell)
                    {
                        case RecurrentCellKind.Lstm: LstmStepBackward(ctx, ds, s, dh, dc); break;
                        case RecurrentCellKind.Gru: GruStepBackward(ctx, ds, s, dh); break;
                        default: RnnStepBackward(ctx, ds, s, dh); break;
                    }
                }

                AccumulateWeightGradients(ctx, ds, d, ds.DropX ? ds.XIn : x, reverse, dx);
            }
        }

        /// <summary>Inverted-dropout mask: 1 / (1 − rate) with probability 1 − rate, else 0.</summary>
        private static void FillMask(TrainingContext ctx, float[] mask, int n, float rate)
        {
            float keep = 1f - rate, scale = 1f / keep;
            for (int i = 0; i < n; i++) mask[i] = ctx.Random.NextFloat() < keep ? scale : 0f;
        }

        /// <summary>Concat: the direction's slice; sum: added into the first H.</summary>
        private void WriteOutput(Span<float> dst, ReadOnlySpan<float> h, int d)
        {
            if (Sum) Elementwise.Add(dst.Slice(0, _H), h, dst.Slice(0, _H));
            else h.CopyTo(dst.Slice(d * _H, _H));
        }

        /// <summary>Adds this direction's share of one merged output gradient (concat: its slice; sum: the first H).</summary>
        private void ReadOutputGradient(ReadOnlySpan<float> dyRow, Span<float> dh, int d)
        {
            if (Sum) Elementwise.Add(dh, dyRow.Slice(0, _H), dh);
            else Elementwise.Add(dh, dyRow.Slice(d * _H, _H), dh);
        }

        /// <summary>Packs this step's weights and folds the biases (weights change between steps).</summary>
        private void PrepareWeights(int d, Direction ds)
        {
            int H = _H, GH = _GH, I = _I;
            var w = _w.Value.Data.AsSpan(d * GH * I, GH * I);
            var r = _r.Value.Data.AsSpan(d * GH * H, GH * H);
            ds.WtPacked = ds.Wt.PackTransposed(w, GH, I);                       // [I, GH]
            ds.WRowPacked = ds.WRow.Pack(w, GH, I);                            // [GH, I] for dX
            if (_cell == RecurrentCellKind.Gru)
            {
                ds.RtPacked = ds.Rt.PackTransposed(r.Slice(0, 2 * H * H), 2 * H, H);   // [H, 2H]
                ds.RhtPacked = ds.Rht.PackTransposed(r.Slice(2 * H * H, H * H), H, H); // [H, H]
                ds.RRowPacked = ds.RRow.Pack(r.Slice(0, 2 * H * H), 2 * H, H);        // [2H, H]
                ds.RhRowPacked = ds.RhRow.Pack(r.Slice(2 * H * H, H * H), H, H);      // [H, H]
            }
            else
            {
                ds.RtPacked = ds.Rt.PackTransposed(r, GH, H);                  // [H, GH]
                ds.RRowPacked = ds.RRow.Pack(r, GH, H);                        // [GH, H]
            }
            Array.Clear(ds.Bias, 0, GH);
            Array.Clear(ds.RecBiasH, 0, H);
            if (_b != null)
            {
                var b = _b.Value.Data.AsSpan(d * 2 * GH, 2 * GH);
                for (int j = 0; j < GH; j++) ds.Bias[j] = b[j] + b[GH + j];
                if (_cell == RecurrentCellKind.Gru && _lbr)
                    for (int j = 0; j < H; j++)
                    {
                        ds.Bias[2 * H + j] = b[2 * H + j];
                        ds.RecBiasH[j] = b[GH + 2 * H + j];
                    }
            }
        }

        private void AccumulateWeightGradients(TrainingContext ctx, Direction ds, int d, float[] x, bool reverse, float[]? dx)
        {
            int T = ctx.Time, B = ctx.Batch, S = ctx.MaxLength, H = _H, GH = _GH, I = _I;
            int rows = S * B;
            // Inputs in step order: Xs[s, b] = x[t_b(s), b] (zero for padded steps, whose gate gradients are zero too).
            var xs = ds.Xs.AsSpan(0, rows * I);
            for (int s = 0; s < S; s++)
                for (int b = 0; b < B; b++)
                {
                    var dst = xs.Slice((s * B + b) * I, I);
                    int len = ctx.Length(b);
                    if (s >= len) { dst.Clear(); continue; }
                    int t = reverse ? len - 1 - s : s;
                    x.AsSpan((t * B + b) * I, I).CopyTo(dst);
                }

            var dG = ds.DGates.AsSpan(0, rows * GH);
            var dW = _w.Gradient.AsSpan(d * GH * I, GH * I);
            var dR = _r.Gradient.AsSpan(d * GH * H, GH * H);
            // One scratch per product: each keeps its packed operand's shape, so steady-state steps repack in place.
            TrainingGemm.AccumulateTransA(dG, GH, rows, GH, xs, I, dW, ds.TaW);
            var hPrev = (ds.DropH ? ds.HIn : ds.HPrev).AsSpan(0, rows * H);   // what the recurrent products saw
            if (_cell == RecurrentCellKind.Gru)
            {
                TrainingGemm.AccumulateTransA(dG, GH, rows, 2 * H, hPrev, H, dR.Slice(0, 2 * H * H), ds.TaR);
                if (_lbr) TrainingGemm.AccumulateTransA(ds.DRec, H, rows, H, hPrev, H, dR.Slice(2 * H * H, H * H), ds.TaRh);
                else TrainingGemm.AccumulateTransA(dG.Slice(2 * H), GH, rows, H, ds.HRec.AsSpan(0, rows * H), H, dR.Slice(2 * H * H, H * H), ds.TaRh);
            }
            else
            {
                TrainingGemm.AccumulateTransA(dG, GH, rows, GH, hPrev, H, dR, ds.TaR);
            }

            if (_b != null)
            {
                var db = _b.Gradient.AsSpan(d * 2 * GH, 2 * GH);
                for (int row = 0; row < rows; row++)
                {
                    var g = dG.Slice(row * GH, GH);
                    Elementwise.Add(db.Slice(0, GH), g, db.Slice(0, GH));
                    if (_cell == RecurrentCellKind.Gru && _lbr)
                    {
                        Elementwise.Add(db.Slice(GH, 2 * H), g.Slice(0, 2 * H), db.Slice(GH, 2 * H));
                        var rec = ds.DRec.AsSpan(row * H, H);
                        Elementwise.Add(db.Slice(GH + 2 * H, H), rec, db.Slice(GH + 2 * H, H));
                    }
                    else if (!_singleBias)   // single bias: Rb is not a parameter in Keras, it gets no gradient
                    {
                        Elementwise.Add(db.Slice(GH, GH), g, db.Slice(GH, GH));
                    }
                }
            }

            if (dx is null) return;
            // dX = dG · W, scattered back to time positions.
            var dxs = ds.DXs.AsSpan(0, rows * I);
            Gemm.Forward(dG, GH, ds.WRowPacked!, dxs, I, rows, accumulate: false);
            for (int s = 0; s < S; s++)
                for (int b = 0; b < B; b++)
                {
                    int len = ctx.Length(b);
                    if (s >= len) continue;
                    int t = reverse ? len - 1 - s : s;
                    var dst = dx.AsSpan((t * B + b) * I, I);
                    var g = dxs.Slice((s * B + b) * I, I);
                    if (ds.DropX) Elementwise.Multiply(g, ds.MaskX.AsSpan(b * I, I), g);
                    Elementwise.Add(dst, g, dst);
                }
        }

        /// <summary>Per-direction packed weights, caches and gradient scratch, grown to the largest batch seen.</summary>
        private sealed class Direction
        {
            public Activation F, G, Hact;
            public readonly PackedOperand Wt = new PackedOperand(), WRow = new PackedOperand();
            public readonly PackedOperand Rt = new PackedOperand(), Rht = new PackedOperand();
            public readonly PackedOperand RRow = new PackedOperand(), RhRow = new PackedOperand();
            public PackedMatrix? WtPacked, WRowPacked, RtPacked, RhtPacked, RRowPacked, RhRowPacked;
            public float[] Bias = Array.Empty<float>(), RecBiasH = Array.Empty<float>();
            public float[] XW = Array.Empty<float>();
            public float[] Pre = Array.Empty<float>(), Post = Array.Empty<float>();     // [S, B, GH]
            public float[] HPrev = Array.Empty<float>(), CPrev = Array.Empty<float>();  // [S, B, H]
            public float[] CNew = Array.Empty<float>(), HRec = Array.Empty<float>();    // [S, B, H]
            public float[] DGates = Array.Empty<float>();                               // [S, B, GH]
            public float[] DRec = Array.Empty<float>();                                 // [S, B, H] (GRU)
            public float[] Xs = Array.Empty<float>(), DXs = Array.Empty<float>();       // [S, B, I]
            public float[] HState = Array.Empty<float>(), CState = Array.Empty<float>(); // [B, H]
            public float[] DH = Array.Empty<float>(), DC = Array.Empty<float>();        // [B, H]
            public float[] T1 = Array.Empty<float>(), T2 = Array.Empty<float>(), T3 = Array.Empty<float>(); // [B, H] temps
            public float[] CarryH = Array.Empty<float>(), CarryC = Array.Empty<float>();
            public bool DropX, DropH;
            public float[] MaskX = Array.Empty<float>(), XIn = Array.Empty<float>();   // [B, I], [T, B, I]
            public float[] MaskH = Array.Empty<float>(), HIn = Array.Empty<float>();   // [B, H], [S, B, H]
            public float[] T4 = Array.Empty<float>();                                  // [B, H]
            public readonly TransAScratch TaW = new TransAScratch(), TaR = new TransAScratch(), TaRh = new TransAScratch();

            public void Ensure(int T, int B, int S, int I, int H, int GH, RecurrentCellKind cell)
            {
                Grow(ref Bias, GH);
                Grow(ref RecBiasH, H);
                Grow(ref XW, T * B * GH);
                Grow(ref Pre, S * B * GH);
                Grow(ref Post, S * B * GH);
                Grow(ref DGates, S * B * GH);
                Grow(ref HPrev, S * B * H);
                if (cell == RecurrentCellKind.Lstm) { Grow(ref CPrev, S * B * H); Grow(ref CNew, S * B * H); }
                if (cell == RecurrentCellKind.Gru) { Grow(ref HRec, S * B * H); Grow(ref DRec, S * B * H); }
                Grow(ref Xs, S * B * I);
                Grow(ref DXs, S * B * I);
                Grow(ref HState, B * H);
                Grow(ref CState, B * H);
                Grow(ref DH, B * H);
                Grow(ref DC, B * H);
                Grow(ref T1, B * H);
                Grow(ref T2, B * H);
                Grow(ref T3, B * H);
                Grow(ref T4, B * H);
            }

            public void EnsureDropout(int maskX, int xIn, int maskH, int hIn)
            {
                Grow(ref MaskX, maskX);
                Grow(ref XIn, xIn);
                Grow(ref MaskH, maskH);
                Grow(ref HIn, hIn);
            }

            public void EnsureCarry(int n)
            {
                if (CarryH.Length != n) { CarryH = new float[n]; CarryC = new float[n]; }
            }

            private static void Grow(ref float[] a, int n)
            {
                if (a.Length < n) a = new float[n];
            }
        }
    }
}
