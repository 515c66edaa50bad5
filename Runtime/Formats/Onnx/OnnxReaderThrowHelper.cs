// Cold throws for the ONNX reader: every message names the byte offset and the model path (or says it was in memory).
// Graph-level errors (unsupported ops and the like) belong to the graph importer, not here.
using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    internal static class OnnxReaderThrowHelper
    {
        [DoesNotReturn]
        public static void ThrowFormat(string? path, long offset, string message) =>
            throw new OnnxFormatException(Format(path, offset, message));

        [DoesNotReturn]
        public static void ThrowFormat(string? path, long offset, string message, Exception inner) =>
            throw new OnnxFormatException(Format(path, offset, message), inner);

        /// <summary>"ONNX file 'p', byte 12: message" or "ONNX data in memory, byte 12: message".</summary>
        public static string Format(string? path, long offset, string message)
        {
            string where = path is null ? "ONNX data in memory" : "ONNX file '" + path + "'";
            return where + ", byte " + offset.ToString(CultureInfo.InvariantCulture) + ": " + message;
        }
    }
}
