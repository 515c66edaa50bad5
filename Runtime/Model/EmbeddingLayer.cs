// Token ids -> vectors (ONNX Gather on an initializer, Keras Embedding, PyTorch nn.Embedding).
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent
{
    /// <summary>Looks up row <c>id</c> of a [V, E] table for every token. Must be a model's first layer.</summary>
    public sealed class EmbeddingLayer : Layer
    {
        private readonly ModelWeight[] _weights;

        /// <param name="table">[V, E] embedding table.</param>
        public EmbeddingLayer(string name, Tensor table) : base(name)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (table.Shape.Rank != 2) ThrowHelper.ThrowModel($"Embedding '{name}': table must be [V, E], got {table.Shape}.");
            Table = table;
            _weights = new[] { new ModelWeight(name + "/embeddings", table) };
        }

        public override LayerKind Kind => LayerKind.Embedding;

        /// <summary>[V, E]</summary>
        public Tensor Table { get; }

        public int VocabularySize => Table.Shape[0];

        public int EmbeddingSize => Table.Shape[1];

        public override int InputSize => VocabularySize;

        public override int OutputSize => EmbeddingSize;

        public override IReadOnlyList<ModelWeight> Weights => _weights;

        public override Layer Clone() => new EmbeddingLayer(Name, Table.Clone());

        public override string Describe() => $"Embedding({VocabularySize} -> {EmbeddingSize})";
    }
}
