// Builds a Model in code, layer by layer, with deterministic seeded initialisation (PyTorch's defaults:
// uniform ±1/√H for recurrent weights, ±1/√I for Dense, N(0, 1) for embeddings). Named initialisers come with training.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent
{
    public sealed class ModelBuilder
    {
        private readonly List<Layer> _layers = new List<Layer>();
        private readonly DeterministicRandom _random;
        private int _features;

        /// <summary>A model over float features: <paramref name="inputFeatures"/> per step.</summary>
        public ModelBuilder(int inputFeatures, ulong seed = 1)
        {
            if (inputFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inputFeatures));
            _features = inputFeatures;
            _random = new DeterministicRandom(seed);
        }

        /// <summary>A model over token ids, starting with an Embedding [vocabularySize, embeddingSize].</summary>
        public static ModelBuilder ForTokens(int vocabularySize, int embeddingSize, ulong seed = 1)
        {
            if (vocabularySize <= 0) throw new ArgumentOutOfRangeException(nameof(vocabularySize));
            var builder = new ModelBuilder(embeddingSize, seed);
            var table = Tensor.Zeros(vocabularySize, embeddingSize);
            for (int i = 0; i < table.Length; i++) table.Data[i] = builder._random.NextGaussian();
            builder._layers.Add(new EmbeddingLayer("embedding", table));
            return builder;
        }

        public ModelBuilder Lstm(int units, bool returnSequences = true, RecurrentDirection direction = RecurrentDirection.Forward,
            bool inputForget = false, bool peepholes = false, float? clip = null) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Lstm, HiddenSize = units, Direction = direction, InputForget = inputForget, Clip = clip,
            }, returnSequences, peepholes);

        /// <summary>A GRU; <paramref name="linearBeforeReset"/> = true is the PyTorch / Keras reset_after form.</summary>
        public ModelBuilder Gru(int units, bool returnSequences = true, RecurrentDirection direction = RecurrentDirection.Forward,
            bool linearBeforeReset = true, float? clip = null) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Gru, HiddenSize = units, Direction = direction, LinearBeforeReset = linearBeforeReset, Clip = clip,
            }, returnSequences, false);

        public ModelBuilder SimpleRnn(int units, ActivationKind activation = ActivationKind.Tanh, bool returnSequences = true,
            RecurrentDirection direction = RecurrentDirection.Forward) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Rnn, HiddenSize = units, Direction = direction,
                Activations = new[] { activation.ToString() },
            }, returnSequences, false);

        /// <summary>Adds a recurrent layer with explicit attributes (layout 0).</summary>
        public ModelBuilder Recurrent(RecurrentOpAttributes attributes, bool returnSequences = true, bool peepholes = false,
            BidirectionalMerge merge = BidirectionalMerge.Concat, float dropout = 0f, float recurrentDropout = 0f)
        {
            int H = attributes.HiddenSize, D = attributes.NumDirections, GH = attributes.GateCount * H;
            float bound = 1f / (float)Math.Sqrt(H);
            var w = Uniform(bound, D, GH, _features);
            var r = Uniform(bound, D, GH, H);
            var b = Uniform(bound, D, 2 * GH);
            Tensor? p = peepholes ? Uniform(bound, D, 3 * H) : null;
            string name = NextName(attributes.Cell == RecurrentCellKind.Rnn ? "simple_rnn" : attributes.Cell.ToString().ToLowerInvariant());
            var layer = new RecurrentLayer(name, attributes, w, r, b, p, returnSequences, merge, dropout, recurrentDropout);
            _layers.Add(layer);
            _features = layer.OutputSize;
            return this;
        }

        public ModelBuilder Dense(int units, ActivationKind activation = ActivationKind.Identity)
        {
            float bound = 1f / (float)Math.Sqrt(_features);
            var kernel = Uniform(bound, _features, units);
            var bias = Uniform(bound, units);
            _layers.Add(new DenseLayer(NextName("dense"), kernel, bias, Kernels.Activation.Default(activation)));
            _features = units;
            return this;
        }

        public ModelBuilder Activation(ActivationKind activation)
        {
            _layers.Add(new ActivationLayer(NextName("activation"), _features, Kernels.Activation.Default(activation)));
            return this;
        }

        /// <summary>Dropout during training (identity at inference).</summary>
        public ModelBuilder Dropout(float rate)
        {
            _layers.Add(new DropoutLayer(NextName("dropout"), _features, rate));
            return this;
        }

        public ModelBuilder Softmax(bool log = false)
        {
            _layers.Add(new SoftmaxLayer(NextName(log ? "log_softmax" : "softmax"), _features, log));
            return this;
        }

        public Model Build(string name = "model") => new Model(_layers, name);

        private Tensor Uniform(float bound, params int[] dims)
        {
            var t = new Tensor(new TensorShape(dims));
            _random.FillUniform(t.Data, -bound, bound);
            return t;
        }

        private string NextName(string prefix)
        {
            int n = 1;
            foreach (var l in _layers)
                if (l.Name.StartsWith(prefix + "_", StringComparison.Ordinal)) n++;
            return prefix + "_" + n;
        }
    }
}
