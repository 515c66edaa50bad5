// Embedding forward (row lookup) and backward (scatter-add of the output gradient into the looked-up rows,
// skipping padded steps so padding never trains the table).
using System;
using System.Collections.Generic;
using Recurrent.Kernels;

namespace Recurrent.Training
{
    internal sealed class EmbeddingLayerTrainer
    {
        private readonly EmbeddingLayer _layer;
        private readonly Parameter _table;

        public EmbeddingLayerTrainer(EmbeddingLayer layer, Func<ModelWeight, Parameter> parameterOf)
        {
            _layer = layer;
            _table = parameterOf(layer.Weights[0]);
            _table.Decay = false;
        }

        public EmbeddingLayer Layer => _layer;

        public IReadOnlyList<Parameter> Parameters => new[] { _table };

        /// <summary>tokens: time-major [T, B]; y: [T, B, E] (zero at padded steps).</summary>
        public void Forward(TrainingContext ctx, int[] tokens, float[] y)
        {
            int E = _layer.EmbeddingSize, V = _layer.VocabularySize, T = ctx.Time, B = ctx.Batch;
            var table = _table.Value.Data;
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++)
                {
                    var dst = y.AsSpan((t * B + b) * E, E);
                    if (t >= ctx.Length(b)) { dst.Clear(); continue; }
                    int id = tokens[t * B + b];
                    if ((uint)id >= (uint)V)
                        throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {id} at step {t}, row {b} is outside the vocabulary [0, {V}).");
                    table.AsSpan(id * E, E).CopyTo(dst);
                }
        }

        public void Backward(TrainingContext ctx, int[] tokens, float[] dy)
        {
            int E = _layer.EmbeddingSize, T = ctx.Time, B = ctx.Batch;
            var grad = _table.Gradient;
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++)
                {
                    if (t >= ctx.Length(b)) continue;
                    var row = grad.AsSpan(tokens[t * B + b] * E, E);
                    Elementwise.Add(row, dy.AsSpan((t * B + b) * E, E), row);
                }
        }
    }
}
