// Names the gate order of each framework's recurrent weights, so a conversion says what it converts from and to.
// The block permutations and cell metadata live in GateLayouts; the conversions themselves in GateLayoutConverter.
namespace Recurrent.Formats
{
    /// <summary>
    /// The order of the gate blocks in a recurrent weight matrix or bias. Recurrent's internal order is the ONNX one
    /// (<see cref="OnnxIofc"/>, <see cref="OnnxZrh"/>, <see cref="Single"/>); other orders exist only at the format boundary.
    /// </summary>
    public enum GateLayout
    {
        /// <summary>ONNX LSTM: input, output, forget, cell (W [D, 4H, I]). The internal LSTM order.</summary>
        OnnxIofc,
        /// <summary>PyTorch <c>nn.LSTM</c>: input, forget, cell (g), output (weight_ih [4H, I]).</summary>
        PyTorchIfgo,
        /// <summary>Keras LSTM: input, forget, cell, output (kernel [I, 4H], columns in this order).</summary>
        KerasIfco,
        /// <summary>ONNX GRU: update, reset, hidden (W [D, 3H, I]). The internal GRU order.</summary>
        OnnxZrh,
        /// <summary>PyTorch <c>nn.GRU</c>: reset, update, new (weight_ih [3H, I]).</summary>
        PyTorchRzn,
        /// <summary>Keras GRU: update, reset, hidden (kernel [I, 3H]).</summary>
        KerasZrh,
        /// <summary>A simple RNN (ONNX RNN, PyTorch <c>nn.RNN</c>, Keras SimpleRNN): one gate, nothing to reorder.</summary>
        Single,
    }
}
