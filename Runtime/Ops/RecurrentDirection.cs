// ONNX "direction" attribute of RNN/GRU/LSTM.
namespace Recurrent.Ops
{
    public enum RecurrentDirection
    {
        Forward,
        Reverse,
        Bidirectional,
    }
}
