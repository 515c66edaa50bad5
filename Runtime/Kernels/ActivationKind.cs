// The activation functions of the ONNX RNN/GRU/LSTM operators (and of Dense layers), by name.
// Formulas: https://onnx.ai/onnx/operators/onnx__LSTM.html ("Activation functions").
namespace Recurrent.Kernels
{
    public enum ActivationKind
    {
        /// <summary>y = x (Dense layers only; not an ONNX recurrent activation).</summary>
        Identity = 0,
        /// <summary>max(0, x)</summary>
        Relu,
        /// <summary>(1 - e^{-2x}) / (1 + e^{-2x})</summary>
        Tanh,
        /// <summary>1 / (1 + e^{-x})</summary>
        Sigmoid,
        /// <summary>alpha*x + beta</summary>
        Affine,
        /// <summary>x if x &gt;= 0 else alpha*x</summary>
        LeakyRelu,
        /// <summary>x if x &gt;= alpha else 0</summary>
        ThresholdedRelu,
        /// <summary>alpha*tanh(beta*x)</summary>
        ScaledTanh,
        /// <summary>min(max(alpha*x + beta, 0), 1)</summary>
        HardSigmoid,
        /// <summary>x if x &gt;= 0 else alpha*(e^x - 1)</summary>
        Elu,
        /// <summary>x / (1 + |x|)</summary>
        Softsign,
        /// <summary>log(1 + e^x)</summary>
        Softplus,
    }
}
