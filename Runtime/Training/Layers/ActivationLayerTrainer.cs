// Standalone activation and (log-)softmax layers: forward through the inference kernels, backward beside them.
//   softmax:     dx = y ⊙ (dy − Σ dy ⊙ y)        log-softmax: dx = dy − softmax(x) · Σ dy
using System;
using System.Collections.Generic;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal sealed class ActivationLayerTrainer : LayerTrainer
    {
        private readonly Layer _layer;
        private int _rows;

        public ActivationLayerTrainer(Layer layer)
        {
            if (!(layer is ActivationLayer) && !(layer is SoftmaxLayer))
                throw new ArgumentException("Not an activation or softmax layer.", nameof(layer));
            _layer = layer;
        }

        public override Layer Layer => _layer;

        public override IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

        public override void Forward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y)
        {
            int n = _layer.OutputSize;
            _rows = inputIsSequence ? ctx.Time * ctx.Batch : ctx.Batch;
            if (_layer is ActivationLayer act)
            {
                ActivationKernels.Forward(act.Activation, x.AsSpan(0, _rows * n), y.AsSpan(0, _rows * n));
                return;
            }
            bool log = ((SoftmaxLayer)_layer).Log;
            for (int r = 0; r < _rows; r++)
            {
                if (log) Elementwise.LogSoftmax(x.AsSpan(r * n, n), y.AsSpan(r * n, n));
                else Elementwise.Softmax(x.AsSpan(r * n, n), y.AsSpan(r * n, n));
            }
        }

        public override void Backward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y, float[] dy, float[]? dx)
        {
            if (dx is null) return;
            int n = _layer.OutputSize;
            if (_layer is ActivationLayer act)
            {
                ActivationGradient.Backward(act.Activation, x.AsSpan(0, _rows * n), y.AsSpan(0, _rows * n), dy.AsSpan(0, _rows * n), dx);
                return;
            }
            bool log = ((SoftmaxLayer)_layer).Log;
            for (int r = 0; r < _rows; r++)
            {
                var yr = y.AsSpan(r * n, n);
                var dyr = dy.AsSpan(r * n, n);
                var dxr = dx.AsSpan(r * n, n);
                double sum = 0;
                if (log)
                {
                    for (int j = 0; j < n; j++) sum += dyr[j];
                    for (int j = 0; j < n; j++) dxr[j] = (float)(dyr[j] - Math.Exp(yr[j]) * sum);
                }
                else
                {
                    for (int j = 0; j < n; j++) sum += (double)dyr[j] * yr[j];
                    for (int j = 0; j < n; j++) dxr[j] = (float)(yr[j] * (dyr[j] - sum));
                }
            }
        }
    }
}
