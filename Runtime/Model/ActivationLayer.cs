// A standalone elementwise activation (ONNX Relu/Tanh/Sigmoid/LeakyRelu/Elu nodes, Keras Activation).
using System;
using System.Collections.Generic;
using Recurrent.Kernels;

namespace Recurrent
{
    public sealed class ActivationLayer : Layer
    {
        private readonly int _size;

        public ActivationLayer(string name, int size, Activation activation) : base(name)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size));
            _size = size;
            Activation = activation;
        }

        public override LayerKind Kind => LayerKind.Activation;

        public Activation Activation { get; }

        public override int InputSize => _size;

        public override int OutputSize => _size;

        public override IReadOnlyList<ModelWeight> Weights => Array.Empty<ModelWeight>();

        public override string Describe() => Activation.ToString();
    }
}
