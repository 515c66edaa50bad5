// Re-initialises every weight of a Model with a framework's layer defaults (Keras or PyTorch) or with initializers
// chosen by name per weight role, deterministically from a seed. ModelBuilder's own fill is PyTorch's; this is how a
// model built in code (or imported) starts from Keras' defaults instead, before training.
using System;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Training
{
    /// <summary>The layer defaults of a framework.</summary>
    public enum InitializationScheme
    {
        /// <summary>
        /// keras.layers defaults: recurrent kernels glorot_uniform, recurrent weights orthogonal, biases zero with LSTM
        /// unit_forget_bias, Dense kernels glorot_uniform with zero bias, Embedding uniform ±0.05.
        /// </summary>
        Keras,

        /// <summary>
        /// torch.nn defaults: every RNN/GRU/LSTM weight and bias uniform ±1/√hidden, Linear weight and bias uniform
        /// ±1/√fan_in, Embedding N(0, 1).
        /// </summary>
        PyTorch,
    }

    /// <summary>Initializer names (see <see cref="Initializers.FromName"/>) per weight role.</summary>
    public sealed class ModelInitializationOptions
    {
        /// <summary>Recurrent input kernels W ("kernel_initializer").</summary>
        public string RecurrentKernel { get; set; } = "glorot_uniform";

        /// <summary>Recurrent state weights R ("recurrent_initializer").</summary>
        public string RecurrentWeights { get; set; } = "orthogonal";

        /// <summary>Recurrent biases B (both halves) and peepholes P.</summary>
        public string RecurrentBias { get; set; } = "zeros";

        /// <summary>Keras unit_forget_bias: LSTM forget-gate input bias 1 (after <see cref="RecurrentBias"/>).</summary>
        public bool UnitForgetBias { get; set; } = true;

        public string DenseKernel { get; set; } = "glorot_uniform";

        public string DenseBias { get; set; } = "zeros";

        public string Embeddings { get; set; } = "random_uniform";

        /// <summary>The options equal to <see cref="InitializationScheme.Keras"/>.</summary>
        public static ModelInitializationOptions Keras() => new ModelInitializationOptions();
    }

    public static class ModelInitialization
    {
        /// <summary>
        /// Overwrites every weight of <paramref name="model"/> with <paramref name="scheme"/>'s defaults. The same seed
        /// gives bit-identical weights; layers are filled in order, each weight from the same random stream.
        /// </summary>
        public static void Initialize(this Model model, InitializationScheme scheme, ulong seed)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (scheme == InitializationScheme.Keras)
            {
                Initialize(model, ModelInitializationOptions.Keras(), seed);
                return;
            }
            if (scheme != InitializationScheme.PyTorch)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(scheme), $"Unknown initialization scheme {scheme}.");
            var rng = new DeterministicRandom(seed);
            foreach (var layer in model.Layers)
            {
                switch (layer)
                {
                    case RecurrentLayer r:
                        var uniform = Initializers.PyTorchRecurrent(r.HiddenSize);
                        uniform.Fill(r.W.Data, WeightShape.OutputMajor(r.W.Shape[1], r.InputSize), rng);
                        uniform.Fill(r.R.Data, WeightShape.OutputMajor(r.R.Shape[1], r.HiddenSize), rng);
                        if (r.B != null) uniform.Fill(r.B.Data, WeightShape.Vector(r.B.Length, r.HiddenSize, r.HiddenSize), rng);
                        if (r.P != null) uniform.Fill(r.P.Data, WeightShape.Vector(r.P.Length, r.HiddenSize, r.HiddenSize), rng);
                        break;
                    case DenseLayer d:
                        var linear = new PyTorchLinearInitializer();
                        linear.Fill(d.Kernel.Data, WeightShape.InputMajor(d.InputSize, d.OutputSize), rng);
                        if (d.Bias != null) linear.Fill(d.Bias.Data, WeightShape.Vector(d.Bias.Length, d.InputSize, d.OutputSize), rng);
                        break;
                    case EmbeddingLayer e:
                        new RandomNormalInitializer(0f, 1f).Fill(e.Table.Data,
                            WeightShape.InputMajor(e.VocabularySize, e.EmbeddingSize), rng);
                        break;
                }
            }
        }

        /// <summary>Overwrites every weight of <paramref name="model"/> with the named initializers of <paramref name="options"/>.</summary>
        public static void Initialize(this Model model, ModelInitializationOptions options, ulong seed)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (options is null) throw new ArgumentNullException(nameof(options));
            // Resolve every name first: a typo fails before any weight changes.
            var kernel = Initializers.FromName(options.RecurrentKernel);
            var recurrent = Initializers.FromName(options.RecurrentWeights);
            var bias = Initializers.FromName(options.RecurrentBias);
            var denseKernel = Initializers.FromName(options.DenseKernel);
            var denseBias = Initializers.FromName(options.DenseBias);
            var embeddings = Initializers.FromName(options.Embeddings);
            var rng = new DeterministicRandom(seed);
            foreach (var layer in model.Layers)
            {
                switch (layer)
                {
                    case RecurrentLayer r:
                        int D = r.NumDirections, H = r.HiddenSize, GH = r.W.Shape[1], I = r.InputSize;
                        // Per direction, as Keras builds each direction's cell (Bidirectional holds two layers).
                        for (int d = 0; d < D; d++)
                        {
                            kernel.Fill(r.W.Data.AsSpan(d * GH * I, GH * I), WeightShape.OutputMajor(GH, I), rng);
                            recurrent.Fill(r.R.Data.AsSpan(d * GH * H, GH * H), WeightShape.OutputMajor(GH, H), rng);
                        }
                        if (r.B != null)
                        {
                            bias.Fill(r.B.Data, WeightShape.Vector(r.B.Length, I, GH), rng);
                            if (options.UnitForgetBias && r.Cell == RecurrentCellKind.Lstm)
                                for (int d = 0; d < D; d++)   // Wb's forget block (ONNX order i, o, f, c) = 1
                                    r.B.Data.AsSpan(d * 2 * GH + 2 * H, H).Fill(1f);
                        }
                        if (r.P != null) bias.Fill(r.P.Data, WeightShape.Vector(r.P.Length, H, H), rng);
                        break;
                    case DenseLayer dl:
                        denseKernel.Fill(dl.Kernel.Data, WeightShape.InputMajor(dl.InputSize, dl.OutputSize), rng);
                        if (dl.Bias != null) denseBias.Fill(dl.Bias.Data, WeightShape.Vector(dl.Bias.Length, dl.InputSize, dl.OutputSize), rng);
                        break;
                    case EmbeddingLayer e:
                        embeddings.Fill(e.Table.Data, WeightShape.InputMajor(e.VocabularySize, e.EmbeddingSize), rng);
                        break;
                }
            }
        }
    }
}
