// Public surface of the Recurrent model file (docs/model-format.md) and its atomic save. Encoding is in ModelFile.Write.cs,
// decoding in ModelFile.Read*.cs, model assembly in ModelFile.Build.cs; the MessagePack wire format is Formats/MessagePack's.
using System;
using System.Buffers;
using System.IO;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Formats
{
    /// <summary>Reads and writes the Recurrent model file format.</summary>
    public static partial class ModelFile
    {
        /// <summary>The value of the top-level <c>format</c> key.</summary>
        public const string FormatName = "recurrent-model";

        /// <summary>The schema version this code writes and the newest it reads.</summary>
        public const int CurrentVersion = 1;

        /// <summary>Limits for reading model files: shallow nesting, long strings and large tensors allowed.</summary>
        private static readonly MessagePackLimits s_limits = new MessagePackLimits(maxDepth: 32);

        /// <summary>Test hook: runs after the temporary file is written and flushed, before it replaces the target.</summary>
        [ThreadStatic]
        internal static Action<string>? t_afterTempWriteForTests;

        /// <summary>
        /// Writes the model to <paramref name="path"/> atomically: the bytes go to a temporary file in the same folder,
        /// which is flushed to disk and then renamed over the target, so a crash leaves either the old file or the new one.
        /// </summary>
        /// <exception cref="ArgumentException">The model holds a layer kind or optimizer slot the format cannot store.</exception>
        /// <exception cref="IOException">The file cannot be written (the target is then unchanged).</exception>
        public static void Save(Model model, string path, ModelFileOptions? options = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A path is required.", nameof(path));
            string target = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(target) ?? ".";

            var buffer = new ArrayBufferWriter<byte>(EstimateSize(model, options));
            Write(model, buffer, options);

            string temp = Path.Combine(folder, Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    stream.Write(buffer.WrittenSpan);
                    stream.Flush(flushToDisk: true);
                }
                t_afterTempWriteForTests?.Invoke(temp);
                ReplaceFile(temp, target);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Encodes the model (and the options' preprocessing, optimizer state and metadata) into <paramref name="output"/>.</summary>
        /// <exception cref="ArgumentException">The model holds a layer kind or optimizer slot the format cannot store.</exception>
        public static void Write(Model model, IBufferWriter<byte> output, ModelFileOptions? options = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (output is null) throw new ArgumentNullException(nameof(output));
            WriteDocument(model, new MessagePackWriter(output), options ?? new ModelFileOptions());
        }

        /// <summary>The encoded file as a new array.</summary>
        public static byte[] ToBytes(Model model, ModelFileOptions? options = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            var buffer = new ArrayBufferWriter<byte>(EstimateSize(model, options));
            Write(model, buffer, options);
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Reads a model file from disk.</summary>
        /// <exception cref="ModelFormatException">The file is not a valid model file; the message names the file, key path and offset.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static ModelFileContents Load(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A path is required.", nameof(path));
            byte[] bytes = File.ReadAllBytes(path);
            return ReadDocument(bytes, path);
        }

        /// <summary>Reads a model file from memory (e.g. a Unity TextAsset's bytes).</summary>
        /// <exception cref="ModelFormatException">The bytes are not a valid model file; the message names the key path and offset.</exception>
        public static ModelFileContents Read(ReadOnlySpan<byte> data) => ReadDocument(data, null);

        private static int EstimateSize(Model model, ModelFileOptions? options)
        {
            long bytes = 4096 + model.ParameterCount * (options?.WeightType == ModelWeightType.Float16 ? 2 : 4);
            if (options?.Optimizer != null)
                foreach (OptimizerSlot slot in options.Optimizer.Slots)
                    if (slot != null) bytes += 64 + 4L * slot.Value.Length;
            return (int)Math.Min(bytes, int.MaxValue / 2);
        }

        private static void ReplaceFile(string temp, string target)
        {
#if NET8_0_OR_GREATER
            File.Move(temp, target, overwrite: true);
#else
            // netstandard2.1 has no File.Move(overwrite); File.Replace is rename(2) on Unix and ReplaceFile on Windows.
            if (File.Exists(target))
            {
                File.Replace(temp, target, null, ignoreMetadataErrors: true);
                return;
            }
            try
            {
                File.Move(temp, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                // The target appeared in between (another writer): replace it.
                File.Replace(temp, target, null, ignoreMetadataErrors: true);
            }
#endif
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: a leftover *.tmp is harmless (and Unity ignores files ending in .tmp).
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
