// An activation function with its parameters, plus the scalar reference formula every fast kernel is tested against.
// Parsing of ONNX names and the alpha/beta consumption rule live here; the vectorised loops live in ActivationKernels.
using System;
using Recurrent.Core;

namespace Recurrent.Kernels
{
    /// <summary>An activation function and its alpha/beta parameters (ONNX semantics).</summary>
    public readonly struct Activation : IEquatable<Activation>
    {
        public Activation(ActivationKind kind, float alpha, float beta)
        {
            Kind = kind;
            Alpha = alpha;
            Beta = beta;
        }

        public ActivationKind Kind { get; }
        public float Alpha { get; }
        public float Beta { get; }

        public static Activation Identity => new Activation(ActivationKind.Identity, 0f, 0f);
        public static Activation Sigmoid => new Activation(ActivationKind.Sigmoid, 0f, 0f);
        public static Activation Tanh => new Activation(ActivationKind.Tanh, 0f, 0f);
        public static Activation Relu => new Activation(ActivationKind.Relu, 0f, 0f);

        /// <summary>An activation with the ONNX default parameters of its kind.</summary>
        public static Activation Default(ActivationKind kind) =>
            new Activation(kind, DefaultAlpha(kind), DefaultBeta(kind));

        /// <summary>Whether the kind consumes a value from <c>activation_alpha</c>.</summary>
        public static bool TakesAlpha(ActivationKind kind) => kind switch
        {
            ActivationKind.Affine or ActivationKind.LeakyRelu or ActivationKind.ThresholdedRelu
                or ActivationKind.ScaledTanh or ActivationKind.HardSigmoid or ActivationKind.Elu => true,
            _ => false,
        };

        /// <summary>Whether the kind consumes a value from <c>activation_beta</c>.</summary>
        public static bool TakesBeta(ActivationKind kind) => kind switch
        {
            ActivationKind.Affine or ActivationKind.ScaledTanh or ActivationKind.HardSigmoid => true,
            _ => false,
        };

        /// <summary>The defaults of the matching ONNX operators (LeakyRelu 0.01, HardSigmoid 0.2/0.5, ...).</summary>
        public static float DefaultAlpha(ActivationKind kind) => kind switch
        {
            ActivationKind.Affine => 1f,
            ActivationKind.LeakyRelu => 0.01f,
            ActivationKind.ThresholdedRelu => 1f,
            ActivationKind.ScaledTanh => 1f,
            ActivationKind.HardSigmoid => 0.2f,
            ActivationKind.Elu => 1f,
            _ => 0f,
        };

        public static float DefaultBeta(ActivationKind kind) => kind switch
        {
            ActivationKind.ScaledTanh => 1f,
            ActivationKind.HardSigmoid => 0.5f,
            _ => 0f,
        };

        /// <summary>Parses an ONNX activation name (case-insensitive, as ONNX Runtime accepts it).</summary>
        public static bool TryParseKind(string name, out ActivationKind kind)
        {
            switch (name.ToLowerInvariant())
            {
                case "relu": kind = ActivationKind.Relu; return true;
                case "tanh": kind = ActivationKind.Tanh; return true;
                case "sigmoid": kind = ActivationKind.Sigmoid; return true;
                case "affine": kind = ActivationKind.Affine; return true;
                case "leakyrelu": kind = ActivationKind.LeakyRelu; return true;
                case "thresholdedrelu": kind = ActivationKind.ThresholdedRelu; return true;
                case "scaledtanh": kind = ActivationKind.ScaledTanh; return true;
                case "hardsigmoid": kind = ActivationKind.HardSigmoid; return true;
                case "elu": kind = ActivationKind.Elu; return true;
                case "softsign": kind = ActivationKind.Softsign; return true;
                case "softplus": kind = ActivationKind.Softplus; return true;
                case "identity": case "linear": kind = ActivationKind.Identity; return true;
                default: kind = ActivationKind.Identity; return false;
            }
        }

        /// <summary>
        /// Resolves ONNX <c>activations</c>/<c>activation_alpha</c>/<c>activation_beta</c>: the alpha and beta lists
        /// are consumed in order, only by the activations that take a parameter; missing values use the defaults.
        /// </summary>
        public static Activation[] FromOnnx(string[] names, float[]? alphas, float[]? betas)
        {
            var result = new Activation[names.Length];
            int ai = 0, bi = 0;
            for (int i = 0; i < names.Length; i++)
            {
                if (!TryParseKind(names[i], out var kind) || kind == ActivationKind.Identity)
                    ThrowHelper.ThrowModel($"Unsupported recurrent activation '{names[i]}'.");
                float alpha = DefaultAlpha(kind), beta = DefaultBeta(kind);
                if (TakesAlpha(kind) && alphas != null && ai < alphas.Length) alpha = alphas[ai++];
                if (TakesBeta(kind) && betas != null && bi < betas.Length) beta = betas[bi++];
                result[i] = new Activation(kind, alpha, beta);
            }
            return result;
        }

        /// <summary>The scalar reference formula (ONNX operator page), computed in double and rounded once.</summary>
        public float Apply(float x)
        {
            double v = x;
            switch (Kind)
            {
                case ActivationKind.Identity: return x;
                case ActivationKind.Relu: return x > 0f ? x : 0f;
                case ActivationKind.Tanh: return (float)Math.Tanh(v);
                case ActivationKind.Sigmoid: return (float)(1.0 / (1.0 + Math.Exp(-v)));
                case ActivationKind.Affine: return (float)(Alpha * v + Beta);
                case ActivationKind.LeakyRelu: return x >= 0f ? x : (float)(Alpha * v);
                case ActivationKind.ThresholdedRelu: return x >= Alpha ? x : 0f;
                case ActivationKind.ScaledTanh: return (float)(Alpha * Math.Tanh(Beta * v));
                case ActivationKind.HardSigmoid: return (float)Math.Min(Math.Max(Alpha * v + Beta, 0.0), 1.0);
                case ActivationKind.Elu: return x >= 0f ? x : (float)(Alpha * (Math.Exp(v) - 1.0));
                case ActivationKind.Softsign: return (float)(v / (1.0 + Math.Abs(v)));
                case ActivationKind.Softplus: return (float)(v > 30.0 ? v : Math.Log(1.0 + Math.Exp(v)));
                default: return x;
            }
        }

        /// <summary>
        /// d act / dx at pre-activation <paramref name="x"/> with output <paramref name="y"/> = Apply(x) (whichever is
        /// cheaper is used). Derived from the formulas above; at kinks the right-hand derivative is taken.
        /// </summary>
        public float Derivative(float x, float y)
        {
            switch (Kind)
            {
                case ActivationKind.Identity: return 1f;
                case ActivationKind.Relu: return x > 0f ? 1f : 0f;
                case ActivationKind.Tanh: return 1f - y * y;
                case ActivationKind.Sigmoid: return y * (1f - y);
                case ActivationKind.Affine: return Alpha;
                case ActivationKind.LeakyRelu: return x >= 0f ? 1f : Alpha;
                case ActivationKind.ThresholdedRelu: return x >= Alpha ? 1f : 0f;
                case ActivationKind.ScaledTanh:
                {
                    double t = Math.Tanh(Beta * (double)x);
                    return (float)(Alpha * Beta * (1.0 - t * t));
                }
                case ActivationKind.HardSigmoid:
                {
                    float v = Alpha * x + Beta;
                    return v > 0f && v < 1f ? Alpha : 0f;
                }
                case ActivationKind.Elu: return x >= 0f ? 1f : y + Alpha;
                case ActivationKind.Softsign:
                {
                    float d = 1f + Math.Abs(x);
                    return 1f / (d * d);
                }
                case ActivationKind.Softplus: return (float)(1.0 / (1.0 + Math.Exp(-(double)x)));
                default: return 1f;
            }
        }

        public bool Equals(Activation other) => Kind == other.Kind && Alpha.Equals(other.Alpha) && Beta.Equals(other.Beta);
        public override bool Equals(object? obj) => obj is Activation a && Equals(a);
        public override int GetHashCode() => ((int)Kind * 397) ^ Alpha.GetHashCode() ^ (Beta.GetHashCode() << 1);
        public override string ToString() => TakesAlpha(Kind) ? $"{Kind}(alpha={Alpha}, beta={Beta})" : Kind.ToString();
    }
}
