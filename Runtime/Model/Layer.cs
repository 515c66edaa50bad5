// Base of the model description: a layer's configuration and named weights, no execution state.
// Execution lives in Inference/ (compiled per model), training will add backward passes beside each forward pass.
using System;
using System.Collections.Generic;

namespace Recurrent
{
    /// <summary>One layer of a <see cref="Model"/>: configuration plus named weights.</summary>
    public abstract class Layer
    {
        protected Layer(string name)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A layer needs a name.", nameof(name));
            Name = name;
        }

        public string Name { get; }

        public abstract LayerKind Kind { get; }

        /// <summary>Features per step (or per sample) this layer consumes; for Embedding the vocabulary size.</summary>
        public abstract int InputSize { get; }

        /// <summary>Features per step this layer produces.</summary>
        public abstract int OutputSize { get; }

        /// <summary>Whether the layer keeps the time axis (false for a recurrent layer returning its last step only).</summary>
        public virtual bool ReturnsSequences => true;

        /// <summary>The layer's weights, in a fixed documented order.</summary>
        public abstract IReadOnlyList<ModelWeight> Weights { get; }

        public long ParameterCount
        {
            get
            {
                long n = 0;
                foreach (var w in Weights) n += w.Value.Length;
                return n;
            }
        }

        /// <summary>
        /// The same layer with its own copies of the weights, so training the copy never changes this one. Layers
        /// without weights are immutable and return themselves.
        /// </summary>
        public virtual Layer Clone()
        {
            if (Weights.Count != 0) throw new RecurrentException($"Layer '{Name}' ({Kind}) does not implement Clone.");
            return this;
        }

        /// <summary>A one-line description for inspectors: kind and key settings.</summary>
        public abstract string Describe();

        public override string ToString() => $"{Name}: {Describe()}";
    }
}
