// Elementwise unary operators: activations (float through Recurrent.Kernels.ActivationKernels), math functions,
// Not, Clip, Cast, Identity and Dropout (inference: identity). Formulas: the ONNX operator pages.
using System;
using Recurrent.Kernels;

namespace Recurrent.Formats.Onnx
{
    internal enum UnaryKind
    {
        Sigmoid, Tanh, Relu, LeakyRelu, Elu, HardSigmoid, Softplus, Softsign, ThresholdedRelu,
        Sqrt, Exp, Log, Neg, Abs, Reciprocal, Floor, Ceil, Round, Sign, Erf, Not,
    }

    internal sealed class UnaryKernel : OnnxKernel
    {
        private readonly UnaryKind _kind;
        private readonly Activation _activation;

        private UnaryKernel(UnaryKind kind, Activation activation)
        {
            _kind = kind;
            _activation = activation;
        }

        public static OnnxKernel Create(OnnxNodeContext c, UnaryKind kind)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            Activation act = kind switch
            {
                UnaryKind.Sigmoid => Activation.Sigmoid,
                UnaryKind.Tanh => Activation.Tanh,
                UnaryKind.Relu => Activation.Relu,
                UnaryKind.LeakyRelu => new Activation(ActivationKind.LeakyRelu, c.Float("alpha", 0.01f), 0f),
                UnaryKind.Elu => new Activation(ActivationKind.Elu, c.Float("alpha", 1f), 0f),
                UnaryKind.HardSigmoid => new Activation(ActivationKind.HardSigmoid, c.Float("alpha", 0.2f), c.Float("beta", 0.5f)),
                UnaryKind.Softplus => new Activation(ActivationKind.Softplus, 0f, 0f),
                UnaryKind.Softsign => new Activation(ActivationKind.Softsign, 0f, 0f),
                UnaryKind.ThresholdedRelu => new Activation(ActivationKind.ThresholdedRelu, c.Float("alpha", 1f), 0f),
                _ => Activation.Identity,
            };
            return new UnaryKernel(kind, act);
        }

        private bool IsActivation => _kind <= UnaryKind.ThresholdedRelu;

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (x.IsSequence) throw new OnnxKernelException($"{_kind} takes a tensor, got {x.Describe()}.");
            int n = x.ElementCount;
            if (_kind == UnaryKind.Not)
            {
                if (x.B is null) throw new OnnxKernelException($"Not takes a bool tensor, got {x.Describe()}.");
                var r = context.Budget.Bools(n);
                for (int i = 0; i < n; i++) r[i] = !x.B[i];
                outputs[0] = OnnxValue.Bools(r, x.Dims);
                return;
            }
            if (x.F != null)
            {
                var r = context.Budget.Floats(n);
                if (IsActivation) ActivationKernels.Forward(_activation, x.F, r);
                else for (int i = 0; i < n; i++) r[i] = (float)Compute(_kind, x.F[i]);
                outputs[0] = OnnxValue.Floats(r, x.Dims);
            }
            else if (x.D != null)
            {
                var r = context.Budget.Doubles(n);
                for (int i = 0; i < n; i++) r[i] = IsActivation ? Activate(_activation, x.D[i]) : Compute(_kind, x.D[i]);
                outputs[0] = OnnxValue.Tensor(OnnxDataType.Double, x.Dims, r);
            }
            else if (x.L != null && (_kind == UnaryKind.Neg || _kind == UnaryKind.Abs || _kind == UnaryKind.Relu || _kind == UnaryKind.Sign))
            {
                var r = context.Budget.Longs(n);
                for (int i = 0; i < n; i++)
                {
                    long v = x.L[i];
                    r[i] = _kind switch
                    {
                        UnaryKind.Neg => -v,
                        UnaryKind.Abs => v < 0 ? -v : v,
                        UnaryKind.Relu => v > 0 ? v : 0,
                        _ => Math.Sign(v),
                    };
                }
                outputs[0] = OnnxValue.Longs(x.ElementType, r, x.Dims);
            }
            else throw new OnnxKernelException($"{_kind} is not defined on {x.Describe()}.");
        }

        /// <summary>The double-precision activation (ONNX operator pages), for DOUBLE tensors.</summary>
        private static double Activate(in Activation a, double x) => a.Kind switch
        {
            ActivationKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-x)),
            ActivationKind.Tanh => Math.Tanh(x),
            ActivationKind.Relu => x > 0 ? x : 0,
            ActivationKind.LeakyRelu => x >= 0 ? x : a.Alpha * x,
            ActivationKind.Elu => x >= 0 ? x : a.Alpha * (Math.Exp(x) - 1.0),
            ActivationKind.HardSigmoid => Math.Min(Math.Max(a.Alpha * x + a.Beta, 0.0), 1.0),
            ActivationKind.Softplus => x > 30 ? x : Math.Log(1.0 + Math.Exp(x)),
            ActivationKind.Softsign => x / (1.0 + Math.Abs(x)),
            ActivationKind.ThresholdedRelu => x > a.Alpha ? x : 0,
            _ => x,
        };

        private static double Compute(UnaryKind kind, double x) => kind switch
        {
            UnaryKind.Sqrt => Math.Sqrt(x),
            UnaryKind.Exp => Math.Exp(x),
            UnaryKind.Log => Math.Log(x),
            UnaryKind.Neg => -x,
            UnaryKind.Abs => Math.Abs(x),
            UnaryKind.Reciprocal => 1.0 / x,
            UnaryKind.Floor => Math.Floor(x),
            UnaryKind.Ceil => Math.Ceiling(x),
            UnaryKind.Round => Math.Round(x, MidpointRounding.ToEven),
            UnaryKind.Sign => Math.Sign(x),
            UnaryKind.Erf => Erf(x),
            _ => x,
        };

        /// <summary>erf(x) from the Chebyshev fit of erfc in Numerical Recipes (erfcc; fractional error &lt; 1.2e-7).</summary>
        private static double Erf(double x)
        {
            double z = Math.Abs(x);
            double t = 1.0 / (1.0 + 0.5 * z);
            double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? 1.0 - r : r - 1.0;
        }
    }

    /// <summary>Clip: min/max attributes before opset 11, optional inputs from 11.</summary>
    internal sealed class ClipKernel : OnnxKernel
    {
        private readonly float? _minAttr, _maxAttr;
        private readonly bool _fromInputs;

        private ClipKernel(float? min, float? max, bool fromInputs)
        {
            _minAttr = min;
            _maxAttr = max;
            _fromInputs = fromInputs;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectOutputs(1, 1);
            if (c.Opset < 11)
            {
                c.ExpectInputs(1, 1);
                return new ClipKernel(c.OptionalFloat("min"), c.OptionalFloat("max"), false);
            }
            c.ExpectInputs(1, 3);
            return new ClipKernel(null, null, true);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            OnnxValue? lo = _fromInputs && inputs.Length > 1 ? inputs[1] : null;
            OnnxValue? hi = _fromInputs && inputs.Length > 2 ? inputs[2] : null;
            int n = x.ElementCount;
            if (x.F != null)
            {
                float min = lo != null ? Scalar(lo, x).F![0] : _minAttr ?? float.NegativeInfinity;
                float max = hi != null ? Scalar(hi, x).F![0] : _maxAttr ?? float.PositiveInfinity;
                var r = context.Budget.Floats(n);
                for (int i = 0; i < n; i++) r[i] = Math.Min(Math.Max(x.F[i], min), max);
                outputs[0] = OnnxValue.Floats(r, x.Dims);
            }
            else if (x.D != null)
            {
                double min = lo != null ? Scalar(lo, x).D![0] : _minAttr ?? double.NegativeInfinity;
                double max = hi != null ? Scalar(hi, x).D![0] : _maxAttr ?? double.PositiveInfinity;
                var r = context.Budget.Doubles(n);
                for (int i = 0; i < n; i++) r[i] = Math.Min(Math.Max(x.D[i], min), max);
                outputs[0] = OnnxValue.Tensor(OnnxDataType.Double, x.Dims, r);
            }
            else if (x.L != null)
            {
                long min = lo != null ? Scalar(lo, x).L![0] : long.MinValue;
                long max = hi != null ? Scalar(hi, x).L![0] : long.MaxValue;
                var r = context.Budget.Longs(n);
                for (int i = 0; i < n; i++) r[i] = Math.Min(Math.Max(x.L[i], min), max);
                outputs[0] = OnnxValue.Longs(x.ElementType, r, x.Dims);
            }
            else throw new OnnxKernelException($"Clip is not defined on {x.Describe()}.");
        }

        private static OnnxValue Scalar(OnnxValue bound, OnnxValue x)
        {
            if (bound.IsSequence || bound.ElementCount != 1 || bound.ElementType != x.ElementType)
                throw new OnnxKernelException($"Clip bounds must be single {x.ElementType} values, got {bound.Describe()}.");
            return bound;
        }
    }

    /// <summary>Cast to float, double, bool or an integer type (conversion rules: <see cref="OnnxData.Convert"/>).</summary>
    internal sealed class CastKernel : OnnxKernel
    {
        private readonly OnnxDataType _to;

        private CastKernel(OnnxDataType to) => _to = to;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            var toAttr = c.Node.Attribute("to") ?? throw c.Error("attribute 'to' is missing.");
            OnnxDataType to;
            if (toAttr.Type == OnnxAttributeType.String) to = ParseLegacyName(c, toAttr.S); // Cast-1 named the type
            else to = (OnnxDataType)c.Int("to", 0);
            if (!OnnxData.IsSupportedTarget(to)) throw c.Error($"casting to {to} is not supported (float, double, bool and integer types are).");
            return new CastKernel(to);
        }

        private static OnnxDataType ParseLegacyName(OnnxNodeContext c, string name) => name.ToUpperInvariant() switch
        {
            "FLOAT" => OnnxDataType.Float,
            "DOUBLE" => OnnxDataType.Double,
            "BOOL" => OnnxDataType.Bool,
            "INT32" => OnnxDataType.Int32,
            "INT64" => OnnxDataType.Int64,
            "INT8" => OnnxDataType.Int8,
            "UINT8" => OnnxDataType.UInt8,
            "INT16" => OnnxDataType.Int16,
            "UINT16" => OnnxDataType.UInt16,
            _ => throw c.Error($"casting to '{name}' is not supported."),
        };

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (x.IsSequence) throw new OnnxKernelException($"Cast takes a tensor, got {x.Describe()}.");
            outputs[0] = OnnxData.Convert(context.Budget, x, _to);
        }
    }

    /// <summary>Identity, and Dropout in inference mode (output = input; the optional mask is all true).</summary>
    internal sealed class IdentityKernel : OnnxKernel
    {
        private readonly bool _dropout;

        private IdentityKernel(bool dropout) => _dropout = dropout;

        public static OnnxKernel Create(OnnxNodeContext c, bool dropout)
        {
            c.ExpectInputs(1, dropout ? 3 : 1);
            c.ExpectOutputs(1, dropout ? 2 : 1);
            if (dropout && c.Opset < 7 && c.Int("is_test", 1) == 0)
                throw c.Error("Dropout in training mode (is_test = 0) is not supported.");
            return new IdentityKernel(dropout);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (_dropout && inputs.Length > 2 && inputs[2] != null && OnnxShapes.ScalarBool(inputs[2]!, "Dropout training_mode"))
                throw new OnnxKernelException("Dropout in training mode is not supported.");
            outputs[0] = x;
            if (outputs.Length > 1)
            {
                var mask = context.Budget.Bools(x.ElementCount);
                for (int i = 0; i < mask.Length; i++) mask[i] = true;
                outputs[1] = OnnxValue.Bools(mask, x.Dims);
            }
        }
    }
}
