// Base of the weight initializers: deterministic fills from a DeterministicRandom, so a seed reproduces a model bit for
// bit. Distributions follow keras.initializers; which initializer a layer uses by default is the layer's business.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public abstract class Initializer
    {
        /// <summary>The registry name ("glorot_uniform", "orthogonal", ...).</summary>
        public abstract string Name { get; }

        /// <summary>Fills <paramref name="values"/> (the whole weight, row-major) for the given layout and fans.</summary>
        public abstract void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng);

        /// <summary>
        /// Fills a weight stored output-major as [fanOut, fanIn] (the ONNX recurrent layout); for a vector pass the
        /// fans of its weight (the distributions use only the fans and values.Length).
        /// </summary>
        public void Fill(Span<float> values, int fanIn, int fanOut, DeterministicRandom rng)
        {
            WeightShape shape = values.Length == (long)fanIn * fanOut
                ? WeightShape.OutputMajor(fanOut, fanIn)
                : WeightShape.Vector(values.Length, fanIn, fanOut);
            Fill(values, shape, rng);
        }

        /// <summary>A new tensor of <paramref name="shape"/> filled by this initializer.</summary>
        public Tensor Create(TensorShape tensorShape, WeightShape shape, DeterministicRandom rng)
        {
            var t = new Tensor(tensorShape);
            Fill(t.Span, shape, rng);
            return t;
        }

        private protected static void CheckRng(DeterministicRandom rng)
        {
            if (rng is null) throw new ArgumentNullException(nameof(rng));
        }
    }
}
