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

        /// <summary>
        /// An LSTM. <paramref name="returnState"/> = true (with <paramref name="returnSequences"/> = false) outputs the final
        /// [h, c] per sequence (2H values; see <see cref="RecurrentLayer.ReturnState"/>); <paramref name="singleBias"/> = true
        /// trains one bias as Keras does (Rb held at 0, see <see cref="RecurrentLayer.SingleBias"/>).
        /// </summary>
        public ModelBuilder Lstm(int units, bool returnSequences = true, RecurrentDirection direction = RecurrentDirection.Forward,
            bool inputForget = false, bool peepholes = false, float? clip = null, bool returnState = false, bool singleBias = false) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Lstm, HiddenSize = units, Direction = direction, InputForget = inputForget, Clip = clip,
            }, returnSequences, peepholes, returnState: returnState, singleBias: singleBias);

        /// <summary>
        /// A GRU; <paramref name="linearBeforeReset"/> = true is the PyTorch / Keras reset_after form (two biases in Keras
        /// too). <paramref name="singleBias"/> = true is Keras' reset_after = False bias and needs
        /// <paramref name="linearBeforeReset"/> = false. <paramref name="returnState"/>: the final h per sequence.
        /// </summary>
        public ModelBuilder Gru(int units, bool returnSequences = true, RecurrentDirection direction = RecurrentDirection.Forward,
            bool linearBeforeReset = true, float? clip = null, bool returnState = false, bool singleBias = false) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Gru, HiddenSize = units, Direction = direction, LinearBeforeReset = linearBeforeReset, Clip = clip,
            }, returnSequences, false, returnState: returnState, singleBias: singleBias);

        /// <summary>A SimpleRNN; <paramref name="returnState"/>: the final h per sequence; <paramref name="singleBias"/>: Keras' one bias.</summary>
        public ModelBuilder SimpleRnn(int units, ActivationKind activation = ActivationKind.Tanh, bool returnSequences = true,
            RecurrentDirection direction = RecurrentDirection.Forward, bool returnState = false, bool singleBias = false) =>
            Recurrent(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Rnn, HiddenSize = units, Direction = direction,
                Activations = new[] { activation.ToString() },
            }, returnSequences, false, returnState: returnState, singleBias: singleBias);

        /// <summary>
        /// Adds a recurrent layer with explicit attributes (layout 0). Weights are uniform in ±1/√H; with
        /// <paramref name="singleBias"/> the Rb half of B starts (and stays) at 0.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="returnState"/> together with <paramref name="returnSequences"/>,
        /// or <paramref name="singleBias"/> on a GRU with linear_before_reset.</exception>
        public ModelBuilder Recurrent(RecurrentOpAttributes attributes, bool returnSequences = true, bool peepholes = false,
            BidirectionalMerge merge = BidirectionalMerge.Concat, float dropout = 0f, float recurrentDropout = 0f,
            bool returnState = false, bool singleBias = false)
        {
            if (attributes is null) throw new ArgumentNullException(nameof(attributes));
            if (returnState && returnSequences)
                ThrowHelper.ThrowArgument(nameof(returnState),
                    "returnState outputs the final states once per sequence: pass returnSequences: false as well.");
            if (singleBias && attributes.Cell == RecurrentCellKind.Gru && attributes.LinearBeforeReset)
                ThrowHelper.ThrowArgument(nameof(singleBias),
                    "A GRU with linearBeforeReset (Keras reset_after = True) has two biases in Keras too; use linearBeforeReset: false for Keras' single-bias GRU.");
            int H = attributes.HiddenSize, D = attributes.NumDirections, GH = attributes.GateCount * H;
            float bound = 1f / (float)Math.Sqrt(H);
            var w = Uniform(bound, D, GH, _features);
            var r = Uniform(bound, D, GH, H);
            var b = Uniform(bound, D, 2 * GH);
            if (singleBias)
                for (int d = 0; d < D; d++) Array.Clear(b.Data, d * 2 * GH + GH, GH);   // Rb = 0
            Tensor? p = peepholes ? Uniform(bound, D, 3 * H) : null;
            string name = NextName(attributes.Cell == RecurrentCellKind.Rnn ? "simple_rnn" : attributes.Cell.ToString().ToLowerInvariant());
            var layer = new RecurrentLayer(name, attributes, w, r, b, p, returnSequences, merge, dropout, recurrentDropout, returnState, singleBias);
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

        /// <summary>
        /// The model; <paramref name="preprocessing"/> (the tokenizer, scaler, stroke, window and label settings it will be
        /// trained with) travels with it into model files, see <see cref="Model.WithPreprocessing"/>.
        /// </summary>
        public Model Build(string name = "model", Data.PreprocessingSettings? preprocessing = null) => new Model(_layers, name, null, preprocessing);

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
