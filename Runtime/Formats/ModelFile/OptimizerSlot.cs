// One per-weight optimizer buffer (Adam's "m" or "v", momentum, ...) as stored in a model file.
// Plain data; the optimizer that owns it lives in the training code.
using System;
using Recurrent.Core;

namespace Recurrent.Formats
{
    /// <summary>An optimizer state tensor attached to one model weight.</summary>
    public sealed class OptimizerSlot
    {
        /// <param name="weight">The model weight's name, e.g. "lstm_1/W".</param>
        /// <param name="name">The slot's name, e.g. "m" or "v".</param>
        /// <param name="value">The state values.</param>
        public OptimizerSlot(string weight, string name, Tensor value)
        {
            Weight = weight ?? throw new ArgumentNullException(nameof(weight));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Value = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string Weight { get; }

        public string Name { get; }

        public Tensor Value { get; }
    }
}
