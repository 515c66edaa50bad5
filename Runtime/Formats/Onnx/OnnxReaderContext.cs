// Per-read state of OnnxReader: the source path, a snapshot of the limits and the running totals they are checked
// against (nodes, messages, decoded tensor bytes). One instance per Read call; never shared between threads.
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    internal sealed class OnnxReaderContext
    {
        private long _tensorBytes;
        private int _nodes;
        private int _messages;

        public OnnxReaderContext(string? path, OnnxReadOptions options)
        {
            Path = path;
            Options = options.Clone();
        }

        /// <summary>The model path named in errors and used to find external data; null for data in memory.</summary>
        public string? Path { get; }

        /// <summary>A private copy, so a caller changing its options mid-read changes nothing.</summary>
        public OnnxReadOptions Options { get; }

        /// <summary>Counts one more node against <see cref="OnnxReadOptions.MaxNodes"/>.</summary>
        public void AddNode(ref ProtoWireReader reader)
        {
            if (++_nodes > Options.MaxNodes)
            {
                reader.FailAtTag("the model has more than the limit of " +
                    Options.MaxNodes.ToString(CultureInfo.InvariantCulture) + " nodes (OnnxReadOptions.MaxNodes).");
            }
        }

        /// <summary>Counts one more embedded message against <see cref="OnnxReadOptions.MaxMessages"/>.</summary>
        public void CountMessage(ref ProtoWireReader reader)
        {
            if (++_messages > Options.MaxMessages)
            {
                reader.FailAtTag("the model has more than the limit of " +
                    Options.MaxMessages.ToString(CultureInfo.InvariantCulture) + " protobuf messages (OnnxReadOptions.MaxMessages).");
            }
        }

        /// <summary>Reserves <paramref name="bytes"/> of decoded tensor memory, before it is allocated.</summary>
        public void ReserveTensorBytes(long bytes, string tensorName, long offset)
        {
            if (bytes > Options.MaxTotalTensorBytes - _tensorBytes)
            {
                OnnxReaderThrowHelper.ThrowFormat(Path, offset,
                    $"tensor '{tensorName}' needs {bytes} bytes, which brings the decoded tensors past the limit of " +
                    $"{Options.MaxTotalTensorBytes} bytes (OnnxReadOptions.MaxTotalTensorBytes).");
            }

            _tensorBytes += bytes;
        }
    }
}
