// A trainable weight: its values (shared with the model's Tensor, updated in place by optimizers) and the gradient
// buffer the backward passes accumulate into with +=. Optimizers keep their per-parameter state keyed by Name.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class Parameter
    {
        public Parameter(string name, Tensor value, bool trainable = true)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Value = value ?? throw new ArgumentNullException(nameof(value));
            Gradient = new float[value.Length];
            Trainable = trainable;
        }

        /// <summary>The weight's name in the model ("lstm_1/W").</summary>
        public string Name { get; }

        /// <summary>The weight itself; optimizers update <c>Value.Data</c> in place.</summary>
        public Tensor Value { get; }

        public TensorShape Shape => Value.Shape;

        public int Length => Value.Length;

        /// <summary>dLoss/dValue, same layout as Value; backward passes accumulate with +=.</summary>
        public float[] Gradient { get; }

        /// <summary>False freezes the weight (fine-tuning only the head): optimizers skip it.</summary>
        public bool Trainable { get; set; }

        /// <summary>Whether weight decay / L2 applies (false for biases by convention of the caller).</summary>
        public bool Decay { get; set; } = true;

        public void ZeroGradient() => Array.Clear(Gradient, 0, Gradient.Length);

        public override string ToString() => $"{Name} {Shape}{(Trainable ? "" : " (frozen)")}";
    }
}
