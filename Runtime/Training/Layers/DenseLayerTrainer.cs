// Dense forward (keeping the pre-activation) and backward: y = act(x·K + b);
// dK += xᵀ·dPre, db += Σ dPre, dx = dPre·Kᵀ.
using System;
using System.Collections.Generic;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal sealed class DenseLayerTrainer : LayerTrainer
    {
        private readonly DenseLayer _layer;
        private readonly Parameter _kernel;
        private readonly Parameter? _bias;
        private readonly Parameter[] _parameters;
        private readonly PackedOperand _k = new PackedOperand(), _kt = new PackedOperand();
        private readonly TransAScratch _ta = new TransAScratch();
        private float[] _pre = Array.Empty<float>(), _dPre = Array.Empty<float>();
        private int _rows;

        public DenseLayerTrainer(DenseLayer layer, Func<ModelWeight, Parameter> parameterOf)
        {
            _layer = layer;
            _kernel = parameterOf(layer.Weights[0]);
            _bias = layer.Bias != null ? parameterOf(layer.Weights[1]) : null;
            if (_bias != null) _bias.Decay = false;
            _parameters = _bias is null ? new[] { _kernel } : new[] { _kernel, _bias };
        }

        public override Layer Layer => _layer;

        public override IReadOnlyList<Parameter> Parameters => _parameters;

        public override void Forward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y)
        {
            int I = _layer.InputSize, O = _layer.OutputSize;
            _rows = inputIsSequence ? ctx.Time * ctx.Batch : ctx.Batch;
            if (_pre.Length < _rows * O) { _pre = new float[_rows * O]; _dPre = new float[_rows * O]; }
            var pre = _pre.AsSpan(0, _rows * O);
            Gemm.Forward(x, I, _k.Pack(_kernel.Value.Data, I, O), pre, O, _rows, accumulate: false);
            if (_bias != null)
                for (int r = 0; r < _rows; r++)
                {
                    var row = pre.Slice(r * O, O);
                    Elementwise.Add(row, _bias.Value.Data, row);
                }
            ActivationKernels.Forward(_layer.Activation, pre, y.AsSpan(0, _rows * O));
        }

        public override void Backward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y, float[] dy, float[]? dx)
        {
            int I = _layer.InputSize, O = _layer.OutputSize, rows = _rows;
            var dPre = _dPre.AsSpan(0, rows * O);
            ActivationGradient.Backward(_layer.Activation, _pre.AsSpan(0, rows * O), y.AsSpan(0, rows * O), dy.AsSpan(0, rows * O), dPre);
            TrainingGemm.AccumulateTransA(x, I, rows, I, dPre, O, _kernel.Gradient, _ta);
            if (_bias != null)
                for (int r = 0; r < rows; r++)
                    Elementwise.Add(_bias.Gradient, dPre.Slice(r * O, O), _bias.Gradient);
            if (dx != null)
                Gemm.Forward(dPre, O, _kt.PackTransposed(_kernel.Value.Data, I, O), dx, I, rows, accumulate: false);
        }
    }
}
