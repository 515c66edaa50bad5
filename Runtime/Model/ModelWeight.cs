// A named weight tensor of a layer. Weights are float32 in memory; file formats convert other dtypes at load time.
using System;
using Recurrent.Core;

namespace Recurrent
{
    /// <summary>A named float32 weight (e.g. "lstm_1/W").</summary>
    public sealed class ModelWeight
    {
        public ModelWeight(string name, Tensor value)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Value = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string Name { get; }

        public Tensor Value { get; }

        public TensorShape Shape => Value.Shape;

        public override string ToString() => $"{Name} {Value.Shape}";
    }
}
