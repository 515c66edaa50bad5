// The initializer registry (an explicit switch over Keras names) and the recurrent-specific helpers: Keras'
// unit_forget_bias in ONNX gate order and PyTorch's default nn.LSTM/GRU/RNN and nn.Linear initialisation.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public static class Initializers
    {
        /// <summary>Names accepted by <see cref="FromName"/>.</summary>
        public static readonly string[] Names =
        {
            "zeros", "ones", "random_uniform", "random_normal", "truncated_normal", "glorot_uniform", "glorot_normal",
            "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "orthogonal", "pytorch_linear",
        };

        /// <summary>
        /// An initializer with Keras' defaults by name or class name, ignoring case, '_' and '-' ("glorot_uniform" =
        /// "GlorotUniform" = "xavier_uniform"). "pytorch_linear" is nn.Linear's default (uniform ±1/√fan_in).
        /// PyTorch's recurrent default needs the hidden size: use <see cref="PyTorchRecurrent"/>.
        /// </summary>
        public static Initializer FromName(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            switch (Losses.Normalize(name))
            {
                case "zeros":
                case "zero": return new ConstantInitializer(0f);
                case "ones":
                case "one": return new ConstantInitializer(1f);
                case "randomuniform":
                case "uniform": return new RandomUniformInitializer();
                case "randomnormal":
                case "normal": return new RandomNormalInitializer();
                case "truncatednormal": return new TruncatedNormalInitializer();
                case "glorotuniform":
                case "xavieruniform": return VarianceScalingInitializer.GlorotUniform();
                case "glorotnormal":
                case "xaviernormal": return VarianceScalingInitializer.GlorotNormal();
                case "heuniform": return VarianceScalingInitializer.HeUniform();
                case "henormal": return VarianceScalingInitializer.HeNormal();
                case "lecununiform": return VarianceScalingInitializer.LecunUniform();
                case "lecunnormal": return VarianceScalingInitializer.LecunNormal();
                case "orthogonal": return new OrthogonalInitializer();
                case "pytorchlinear": return new PyTorchLinearInitializer();
                default:
                    throw new ArgumentException($"Unknown initializer '{name}'. Known initializers: {string.Join(", ", Names)}.", nameof(name));
            }
        }

        /// <summary>
        /// PyTorch's nn.RNN/GRU/LSTM default (torch.nn docs): every weight and bias uniform in ±1/√hidden_size.
        /// </summary>
        public static RandomUniformInitializer PyTorchRecurrent(int hiddenSize)
        {
            if (hiddenSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(hiddenSize), $"Hidden size must be positive (got {hiddenSize}).");
            float k = (float)(1.0 / Math.Sqrt(hiddenSize));
            return new RandomUniformInitializer(-k, k, "pytorch_recurrent");
        }

        /// <summary>
        /// Keras unit_forget_bias for an LSTM bias in ONNX gate order i, o, f, c: zeros with the forget block (the third
        /// H-block) set to 1. <paramref name="bias"/> is one gate vector [4H], or ONNX B [D, 8H] = (Wb, Rb) per
        /// direction, where only Wb gets the ones (Keras has one bias, which maps to Wb with Rb = 0).
        /// </summary>
        public static void UnitForgetBias(Span<float> bias, int hiddenSize)
        {
            if (hiddenSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(hiddenSize), $"Hidden size must be positive (got {hiddenSize}).");
            int gates = 4 * hiddenSize;
            int block = bias.Length == gates ? gates : 2 * gates;
            if (bias.Length == 0 || bias.Length % block != 0)
                ThrowHelper.ThrowArgument(nameof(bias), $"An LSTM bias with H = {hiddenSize} holds 4H = {gates} or D·8H values, not {bias.Length}.");
            bias.Clear();
            for (int start = 0; start < bias.Length; start += block)
                bias.Slice(start + 2 * hiddenSize, hiddenSize).Fill(1f);
        }
    }
}
