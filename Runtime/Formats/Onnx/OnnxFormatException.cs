// The documented exception for a bad, hostile or unsupported ONNX file: it names what is wrong and where
// (byte offset for wire errors; op type, node name, opset and model path for graph errors).
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxFormatException : RecurrentException
    {
        public OnnxFormatException(string message) : base(message) { }

        public OnnxFormatException(string message, Exception inner) : base(message, inner) { }
    }
}
