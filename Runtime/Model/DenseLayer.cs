// A fully connected layer y = act(x·K + b), applied to every time step of a sequence (Keras Dense on 3-D input).
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent
{
    /// <summary>Dense layer with kernel [I, O] (Keras layout; ONNX Gemm with transB = 0) and optional bias [O].</summary>
    public sealed class DenseLayer : Layer
    {
        private readonly ModelWeight[] _weights;

        public DenseLayer(string name, Tensor kernel, Tensor? bias, Activation activation) : base(name)
        {
            if (kernel is null) throw new ArgumentNullException(nameof(kernel));
            if (kernel.Shape.Rank != 2) ThrowHelper.ThrowModel($"Dense '{name}': kernel must be [I, O], got {kernel.Shape}.");
            if (bias != null && (bias.Shape.Rank != 1 || bias.Shape[0] != kernel.Shape[1]))
                ThrowHelper.ThrowModel($"Dense '{name}': bias must be [{kernel.Shape[1]}], got {bias.Shape}.");
            Kernel = kernel;
            Bias = bias;
            Activation = activation;
            _weights = bias is null
                ? new[] { new ModelWeight(name + "/kernel", kernel) }
                : new[] { new ModelWeight(name + "/kernel", kernel), new ModelWeight(name + "/bias", bias) };
        }

        public override LayerKind Kind => LayerKind.Dense;

        /// <summary>[I, O]</summary>
        public Tensor Kernel { get; }

        /// <summary>[O] or null.</summary>
        public Tensor? Bias { get; }

        public Activation Activation { get; }

        public override int InputSize => Kernel.Shape[0];

        public override int OutputSize => Kernel.Shape[1];

        public override IReadOnlyList<ModelWeight> Weights => _weights;

        public override Layer Clone() => new DenseLayer(Name, Kernel.Clone(), Bias?.Clone(), Activation);

        public override string Describe() =>
            $"Dense({InputSize} -> {OutputSize}{(Activation.Kind == ActivationKind.Identity ? "" : ", " + Activation)})";
    }
}
