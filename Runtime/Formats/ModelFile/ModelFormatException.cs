// The documented exception for a model file that cannot be loaded: it names the file (when read from a path), the key
// path inside the document and the byte offset. Wire-level causes are kept as the inner MessagePackFormatException.
using System;
using System.Globalization;

namespace Recurrent.Formats
{
    /// <summary>A Recurrent model file that is malformed, hostile, of an unsupported version or describes an invalid model.</summary>
    public sealed class ModelFormatException : RecurrentException
    {
        /// <param name="reason">What is wrong, without the location.</param>
        /// <param name="keyPath">Where in the document, e.g. "weights[3].data" (empty for the document itself).</param>
        /// <param name="offset">Byte offset of the offending value, or -1 when not known.</param>
        /// <param name="filePath">The file, when the model was loaded from one.</param>
        /// <param name="inner">The underlying error, if any.</param>
        public ModelFormatException(string reason, string keyPath, long offset, string? filePath, Exception? inner = null)
            : base(Format(reason, keyPath, offset, filePath), inner!)
        {
            KeyPath = keyPath ?? "";
            Offset = offset;
            FilePath = filePath;
        }

        /// <summary>Where in the document the problem is, e.g. "architecture[1].hidden_size"; empty for the whole document.</summary>
        public string KeyPath { get; }

        /// <summary>Byte offset of the offending value from the start of the file, or -1 when not known.</summary>
        public long Offset { get; }

        /// <summary>The file the model was loaded from, or null when it was read from memory.</summary>
        public string? FilePath { get; }

        private static string Format(string reason, string keyPath, long offset, string? filePath)
        {
            string text = string.IsNullOrEmpty(keyPath) ? reason : keyPath + ": " + reason;
            if (offset >= 0) text += " at offset " + offset.ToString(CultureInfo.InvariantCulture);
            return filePath is null ? text : filePath + ": " + text;
        }
    }
}
