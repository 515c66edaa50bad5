// Dropout forward (inverted dropout: keep with probability 1 − rate, scale by 1 / (1 − rate)) and backward (the same
// mask). Masks come from the context's seeded stream, so a training run repeats bit for bit.
using System;
using System.Collections.Generic;

namespace Recurrent.Training
{
    internal sealed class DropoutLayerTrainer : LayerTrainer
    {
        private readonly DropoutLayer _layer;
        private float[] _mask = Array.Empty<float>();
        private int _count;
        private bool _active;

        public DropoutLayerTrainer(DropoutLayer layer) => _layer = layer;

        public override Layer Layer => _layer;

        public override IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

        public override void Forward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y)
        {
            _count = (inputIsSequence ? ctx.Time * ctx.Batch : ctx.Batch) * _layer.OutputSize;
            _active = ctx.Training && _layer.Rate > 0f;
            if (!_active)
            {
                Array.Copy(x, y, _count);
                return;
            }
            if (_mask.Length < _count) _mask = new float[_count];
            float keep = 1f - _layer.Rate, scale = 1f / keep;
            for (int i = 0; i < _count; i++)
            {
                _mask[i] = ctx.Random.NextFloat() < keep ? scale : 0f;
                y[i] = x[i] * _mask[i];
            }
        }

        public override void Backward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y, float[] dy, float[]? dx)
        {
            if (dx is null) return;
            if (!_active)
            {
                Array.Copy(dy, dx, _count);
                return;
            }
            for (int i = 0; i < _count; i++) dx[i] = dy[i] * _mask[i];
        }
    }
}
