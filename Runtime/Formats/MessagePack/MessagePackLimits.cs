// What a MessagePackReader accepts from untrusted input beyond the always-on rule that a declared length never exceeds
// the bytes that remain. Immutable, so one instance can be shared by every reader.
using System;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>Limits that bound the work and memory a hostile document can cause.</summary>
    public sealed class MessagePackLimits
    {
        /// <summary>The deepest nesting a limit may allow: Skip recurses once per level.</summary>
        public const int MaxAllowedDepth = 1000;

        /// <summary>Depth 64, strings up to 16 MiB, binary and extension data up to int.MaxValue bytes.</summary>
        public static MessagePackLimits Default { get; } = new MessagePackLimits();

        /// <param name="maxDepth">Nesting of arrays and maps (the outermost container is depth 1), 1 to <see cref="MaxAllowedDepth"/>.</param>
        /// <param name="maxStringLength">UTF-8 bytes of one string.</param>
        /// <param name="maxBinaryLength">Bytes of one bin value or extension payload.</param>
        /// <param name="maxContainerLength">Elements of one array or entries of one map.</param>
        public MessagePackLimits(int maxDepth = 64, int maxStringLength = 16 * 1024 * 1024, int maxBinaryLength = int.MaxValue,
            int maxContainerLength = int.MaxValue)
        {
            if (maxDepth < 1 || maxDepth > MaxAllowedDepth)
                throw new ArgumentOutOfRangeException(nameof(maxDepth), $"Depth limit must be 1 to {MaxAllowedDepth} (got {maxDepth}).");
            if (maxStringLength < 0) throw new ArgumentOutOfRangeException(nameof(maxStringLength));
            if (maxBinaryLength < 0) throw new ArgumentOutOfRangeException(nameof(maxBinaryLength));
            if (maxContainerLength < 0) throw new ArgumentOutOfRangeException(nameof(maxContainerLength));
            MaxDepth = maxDepth;
            MaxStringLength = maxStringLength;
            MaxBinaryLength = maxBinaryLength;
            MaxContainerLength = maxContainerLength;
        }

        /// <summary>Deepest nesting of arrays and maps; deeper input is a <see cref="MessagePackFormatException"/>.</summary>
        public int MaxDepth { get; }

        /// <summary>Longest string in UTF-8 bytes.</summary>
        public int MaxStringLength { get; }

        /// <summary>Longest bin value or extension payload in bytes.</summary>
        public int MaxBinaryLength { get; }

        /// <summary>Most elements of an array or entries of a map.</summary>
        public int MaxContainerLength { get; }
    }
}
