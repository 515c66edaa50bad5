// The operations a backend may execute. A backend says which it supports; the rest fall back to the CPU backend.
namespace Recurrent.Backends
{
    public enum BackendOpKind
    {
        /// <summary>Output[Rows, N] = Input[Rows, K] · Weights[K, N] (+ Bias[N]), then Activation.</summary>
        Dense,
        /// <summary>Output = Activation(Input), elementwise over Rows × N.</summary>
        Activation,
        /// <summary>Softmax over each of Rows rows of N.</summary>
        Softmax,
        /// <summary>LogSoftmax over each of Rows rows of N.</summary>
        LogSoftmax,
        /// <summary>A whole recurrent layer over a time-major [T, B, I] input (see BackendOp.Recurrent).</summary>
        Recurrent,
    }
}
