// Which recurrent cell an operator or layer computes.
namespace Recurrent.Ops
{
    public enum RecurrentCellKind
    {
        /// <summary>ONNX RNN / Keras SimpleRNN: one gate.</summary>
        Rnn,
        /// <summary>ONNX GRU: gates z, r, h.</summary>
        Gru,
        /// <summary>ONNX LSTM: gates i, o, f, c.</summary>
        Lstm,
    }
}
