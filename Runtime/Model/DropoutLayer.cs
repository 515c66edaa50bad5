// Dropout (Keras Dropout, PyTorch nn.Dropout): during training zeroes a fraction `Rate` of the features and scales
// the rest by 1 / (1 − Rate) (inverted dropout); at inference it is the identity, so runners and sessions skip it.
using System;
using System.Collections.Generic;

namespace Recurrent
{
    public sealed class DropoutLayer : Layer
    {
        private readonly int _size;

        public DropoutLayer(string name, int size, float rate) : base(name)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size));
            if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), "The dropout rate must be in [0, 1).");
            _size = size;
            Rate = rate;
        }

        public override LayerKind Kind => LayerKind.Dropout;

        /// <summary>Fraction of features dropped during training.</summary>
        public float Rate { get; }

        public override int InputSize => _size;

        public override int OutputSize => _size;

        public override IReadOnlyList<ModelWeight> Weights => Array.Empty<ModelWeight>();

        public override string Describe() => $"Dropout({Rate})";
    }
}
