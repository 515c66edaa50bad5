// The documented exception for a bad, hostile or unsupported ONNX file: it names what is wrong and where
// (byte offset for wire errors; op type, node name, opset and model path for graph errors).
using System;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// A bad, hostile or unsupported ONNX file, or a graph that exceeded its run budget
    /// (<see cref="OnnxBudgetExceededException"/>, the one subtype).
    /// </summary>
    public class OnnxFormatException : RecurrentException
    {
        public OnnxFormatException(string message) : base(message) { }

        public OnnxFormatException(string message, Exception inner) : base(message, inner) { }
    }
}
