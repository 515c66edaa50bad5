// A trainable weight: its values (shared with the model's Tensor, updated in place by optimizers) and the gradient
// buffer the backward passes accumulate into with +=. Optimizers keep their per-parameter state keyed by Name, and
// re-apply the parameter's held zeros after each update (Keras-style constraint, used for a single-bias layer's Rb).
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class Parameter
    {
        private int[] _heldZeros = Array.Empty<int>();   // (start, length) pairs of elements held at exactly 0

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

        /// <summary>
        /// Whether some elements are held at exactly 0 whatever the gradient, optimizer state or weight decay (the Rb half
        /// of a single-bias recurrent layer's B).
        /// </summary>
        public bool HasHeldZeros => _heldZeros.Length > 0;

        /// <summary>Holds Value[start, start + length) at exactly 0 from now on (zeroed now and after every optimizer update).</summary>
        internal void HoldAtZero(int start, int length)
        {
            if (start < 0 || length < 0 || start > Length - length)
                throw new ArgumentOutOfRangeException(nameof(start), $"Range [{start}, {start + length}) is outside '{Name}' ({Length} values).");
            var ranges = new int[_heldZeros.Length + 2];
            _heldZeros.CopyTo(ranges, 0);
            ranges[ranges.Length - 2] = start;
            ranges[ranges.Length - 1] = length;
            _heldZeros = ranges;
            ApplyHeldZeros();
        }

        /// <summary>Sets the held elements of Value to 0; <see cref="Optimizer.Update"/> calls it after each update.</summary>
        internal void ApplyHeldZeros()
        {
            for (int i = 0; i < _heldZeros.Length; i += 2) Array.Clear(Value.Data, _heldZeros[i], _heldZeros[i + 1]);
        }

        public override string ToString() => $"{Name} {Shape}{(Trainable ? "" : " (frozen)")}";
    }
}
