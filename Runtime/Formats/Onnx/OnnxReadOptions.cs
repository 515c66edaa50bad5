// Limits and locations for OnnxReader: how deep, how many nodes, how much tensor memory, where external data may live.
// Defaults admit any realistic recurrent model; lower them for untrusted downloads on small devices.
using System;
using Recurrent.Core;

namespace Recurrent.Formats.Onnx
{
    /// <summary>Options for <see cref="OnnxReader"/>. A file that exceeds a limit is rejected with an <see cref="OnnxFormatException"/>.</summary>
    public sealed class OnnxReadOptions
    {
        /// <summary>Default <see cref="MaxDepth"/>: more than any exporter writes (a subgraph costs 3 levels).</summary>
        public const int DefaultMaxDepth = 64;

        /// <summary>Highest <see cref="MaxDepth"/> accepted: the reader recurses once per level, and this keeps the
        /// stack use far below the smallest thread stack Unity and NativeAOT run it on.</summary>
        public const int MaxDepthLimit = 256;

        /// <summary>Default <see cref="MaxTotalTensorBytes"/>: 2 GiB.</summary>
        public const long DefaultMaxTotalTensorBytes = 2L << 30;

        /// <summary>Default <see cref="MaxTensorElements"/>: 2^29 (2 GiB of float).</summary>
        public const long DefaultMaxTensorElements = 1L << 29;

        /// <summary>Highest <see cref="MaxTensorElements"/> accepted: the largest .NET array.</summary>
        public const long MaxTensorElementsLimit = 0x7FFFFFC7;

        /// <summary>Default <see cref="MaxNodes"/>.</summary>
        public const int DefaultMaxNodes = 1_000_000;

        /// <summary>Default <see cref="MaxMessages"/>: far more than exported models hold (the 15 real models in the tests: at most a few thousand).</summary>
        public const int DefaultMaxMessages = 4_000_000;

        private int _maxDepth = DefaultMaxDepth;
        private long _maxTotalTensorBytes = DefaultMaxTotalTensorBytes;
        private long _maxTensorElements = DefaultMaxTensorElements;
        private int _maxNodes = DefaultMaxNodes;
        private int _maxMessages = DefaultMaxMessages;

        /// <summary>Deepest nesting of protobuf messages (model = 0, graph = 1, node = 2, attribute = 3, subgraph = 4, ...).
        /// Also bounds nested groups in unknown fields. 1 to <see cref="MaxDepthLimit"/>.</summary>
        public int MaxDepth
        {
            get => _maxDepth;
            set
            {
                if (value < 1 || value > MaxDepthLimit)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(value), $"MaxDepth must be between 1 and {MaxDepthLimit}.");
                _maxDepth = value;
            }
        }

        /// <summary>Most memory all decoded tensors of one file may take together (as stored in <see cref="OnnxTensor"/>:
        /// 4 bytes per float, 8 per long or double, 1 per bool), external data included.</summary>
        public long MaxTotalTensorBytes
        {
            get => _maxTotalTensorBytes;
            set
            {
                if (value < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(value), "MaxTotalTensorBytes must not be negative.");
                _maxTotalTensorBytes = value;
            }
        }

        /// <summary>Most elements one tensor (or one repeated attribute) may hold. 0 to <see cref="MaxTensorElementsLimit"/>.</summary>
        public long MaxTensorElements
        {
            get => _maxTensorElements;
            set
            {
                if (value < 0 || value > MaxTensorElementsLimit)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(value), $"MaxTensorElements must be between 0 and {MaxTensorElementsLimit}.");
                _maxTensorElements = value;
            }
        }

        /// <summary>Most nodes in the model, subgraph nodes included.</summary>
        public int MaxNodes
        {
            get => _maxNodes;
            set
            {
                if (value < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(value), "MaxNodes must not be negative.");
                _maxNodes = value;
            }
        }

        /// <summary>
        /// Most embedded protobuf messages in the file (nodes, attributes, tensors, value infos, shape dims, ...). Each
        /// becomes an object of up to a few hundred bytes, so this bounds the memory a file of millions of tiny (2-byte)
        /// messages can make the reader allocate.
        /// </summary>
        public int MaxMessages
        {
            get => _maxMessages;
            set
            {
                if (value < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(value), "MaxMessages must not be negative.");
                _maxMessages = value;
            }
        }

        /// <summary>
        /// The folder external tensor data is read from. Null (the default): the folder of the model file, and an error
        /// for a model read from memory without a path. Locations are always relative and must stay inside this folder.
        /// </summary>
        public string? ExternalDataDirectory { get; set; }

        internal OnnxReadOptions Clone() => (OnnxReadOptions)MemberwiseClone();
    }
}
