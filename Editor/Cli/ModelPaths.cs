// How the tool tells the two model formats apart: by extension, .onnx for ONNX and anything else for a Recurrent
// model file (whose reader then says clearly if the bytes are not one).
using System;
using System.IO;

namespace Recurrent.Cli
{
    internal static class ModelPaths
    {
        public static bool IsOnnx(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);

        /// <summary>"4.0 KiB" style size of an existing file.</summary>
        public static string SizeOf(string path)
        {
            long bytes = new FileInfo(path).Length;
            return bytes < 1024 ? bytes + " bytes"
                : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " KiB"
                : (bytes / (1024.0 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";
        }
    }
}
