// Softmax (or LogSoftmax) over the feature axis of every step: class probabilities for classifiers and next-token models.
using System;
using System.Collections.Generic;

namespace Recurrent
{
    public sealed class SoftmaxLayer : Layer
    {
        private readonly int _size;

        public SoftmaxLayer(string name, int size, bool log = false) : base(name)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size));
            _size = size;
            Log = log;
        }

        public override LayerKind Kind => LayerKind.Softmax;

        /// <summary>LogSoftmax instead of Softmax.</summary>
        public bool Log { get; }

        public override int InputSize => _size;

        public override int OutputSize => _size;

        public override IReadOnlyList<ModelWeight> Weights => Array.Empty<ModelWeight>();

        public override string Describe() => Log ? "LogSoftmax" : "Softmax";
    }
}
