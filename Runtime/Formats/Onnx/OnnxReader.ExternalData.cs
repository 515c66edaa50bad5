// OnnxReader, external tensor data (data_location = EXTERNAL): location / offset / length read only from a file
// inside the model's folder (or OnnxReadOptions.ExternalDataDirectory), range-checked against the file size first.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Recurrent.Formats.Onnx
{
    public static partial class OnnxReader
    {
        private static byte[] ReadExternalData(List<KeyValuePair<string, string>> entries, string label, long expectedBytes,
            OnnxReaderContext context, long tensorOffset)
        {
            string? location = null;
            long dataOffset = 0;
            long? length = null;
            foreach (KeyValuePair<string, string> entry in entries)
            {
                switch (entry.Key)
                {
                    case "location":
                        location = entry.Value;
                        break;
                    case "offset":
                        dataOffset = ParseExternalNumber(entry.Value, "offset", label, context, tensorOffset);
                        break;
                    case "length":
                        length = ParseExternalNumber(entry.Value, "length", label, context, tensorOffset);
                        break;
                    // "checksum" and anything newer are not needed to read the bytes.
                }
            }

            if (string.IsNullOrEmpty(location)) ThrowTensor(context, tensorOffset, $"{label} has external data without a 'location'.");
            if (length.HasValue && length.Value != expectedBytes)
            {
                ThrowTensor(context, tensorOffset, $"{label}: external data length {length.Value} differs from the {expectedBytes} bytes its dims and type need.");
            }

            if (expectedBytes > OnnxReadOptions.MaxTensorElementsLimit)
            {
                ThrowTensor(context, tensorOffset, $"{label}: external data of {expectedBytes} bytes is larger than one .NET array can hold.");
            }

            string directory = ExternalDataDirectory(label, context, tensorOffset);
            string file = ResolveExternalDataPath(directory, location!, label, context, tensorOffset);
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
                long fileLength = stream.Length;
                if (dataOffset > fileLength || expectedBytes > fileLength - dataOffset)
                {
                    ThrowTensor(context, tensorOffset,
                        $"{label}: external data '{location}' has {fileLength} bytes, too few for {expectedBytes} bytes at offset {dataOffset}.");
                }

                var bytes = new byte[expectedBytes];
                stream.Position = dataOffset;
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n <= 0) ThrowTensor(context, tensorOffset, $"{label}: external data '{location}' ended while it was being read.");
                    read += n;
                }

                return bytes;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                OnnxReaderThrowHelper.ThrowFormat(context.Path, tensorOffset,
                    $"{label}: cannot read external data '{location}' ({file}): {e.Message}", e);
                return Array.Empty<byte>();
            }
        }

        private static string ExternalDataDirectory(string label, OnnxReaderContext context, long tensorOffset)
        {
            try
            {
                string? configured = context.Options.ExternalDataDirectory;
                if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
                if (context.Path != null)
                {
                    string? folder = Path.GetDirectoryName(Path.GetFullPath(context.Path));
                    if (!string.IsNullOrEmpty(folder)) return folder!;
                }
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                OnnxReaderThrowHelper.ThrowFormat(context.Path, tensorOffset, $"{label}: the external data folder is not a valid path: {e.Message}", e);
            }

            ThrowTensor(context, tensorOffset,
                $"{label} keeps its data in an external file, but the model was read from memory without a path; " +
                "pass the model path or set OnnxReadOptions.ExternalDataDirectory.");
            return string.Empty;
        }

        /// <summary>
        /// The full path of <paramref name="location"/> inside <paramref name="directory"/>. Rejects absolute and rooted
        /// paths, drive letters, ".." segments and anything that resolves outside the folder. (A symbolic link inside
        /// the folder is followed by the OS; the folder is trusted to hold only what its owner put there.)
        /// </summary>
        internal static string ResolveExternalDataPath(string directory, string location, string label, OnnxReaderContext context, long tensorOffset)
        {
            if (location.IndexOf('\0') >= 0 || location.IndexOf(':') >= 0 || Path.IsPathRooted(location) ||
                location[0] == '/' || location[0] == '\\')
            {
                ThrowTensor(context, tensorOffset, $"{label}: external data location '{location}' is not a relative path inside the model's folder.");
            }

            foreach (string segment in location.Split('/', '\\'))
            {
                if (segment == "..")
                {
                    ThrowTensor(context, tensorOffset, $"{label}: external data location '{location}' leaves the model's folder ('..').");
                }
            }

            string full;
            string root;
            try
            {
                root = Path.GetFullPath(directory);
                full = Path.GetFullPath(Path.Combine(root, location));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                OnnxReaderThrowHelper.ThrowFormat(context.Path, tensorOffset, $"{label}: external data location '{location}' is not a valid path: {e.Message}", e);
                return string.Empty;
            }

            char last = root[root.Length - 1];
            if (last != Path.DirectorySeparatorChar && last != Path.AltDirectorySeparatorChar) root += Path.DirectorySeparatorChar;
            if (!full.StartsWith(root, StringComparison.Ordinal) || full.Length == root.Length)
            {
                ThrowTensor(context, tensorOffset, $"{label}: external data location '{location}' resolves to '{full}', outside the folder '{root}'.");
            }

            return full;
        }

        private static long ParseExternalNumber(string text, string key, string label, OnnxReaderContext context, long tensorOffset)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                ThrowTensor(context, tensorOffset, $"{label}: external data '{key}' is '{text}', not a non-negative integer.");
            }

            return value;
        }
    }
}
