// Cold throws of the MessagePack reader and writer, so their hot paths stay free of string formatting.
// Every reader error names the byte offset of the value it could not read.
using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Recurrent.Formats.MessagePack
{
    internal static class MessagePackThrow
    {
        [DoesNotReturn]
        public static void EndOfData(int offset) =>
            throw new MessagePackFormatException("expected a value but the input ended", offset);

        [DoesNotReturn]
        public static void Unexpected(string expected, byte code, int offset) =>
            throw new MessagePackFormatException("expected " + expected + " but found " + MessagePackCode.Describe(code), offset);

        [DoesNotReturn]
        public static void Truncated(byte code, int needed, int remaining, int offset) =>
            throw new MessagePackFormatException(
                $"truncated {MessagePackCode.Describe(code)}: it needs {needed} more bytes but only {remaining} remain", offset);

        [DoesNotReturn]
        public static void DeclaredTooMany(byte code, long count, string unit, int remaining, int offset) =>
            throw new MessagePackFormatException(
                $"{MessagePackCode.Describe(code)} declares {count} {unit} but only {remaining} bytes remain", offset);

        [DoesNotReturn]
        public static void OverLimit(byte code, long count, string unit, int limit, int offset) =>
            throw new MessagePackFormatException(
                $"{MessagePackCode.Describe(code)} declares {count} {unit}, more than the limit of {limit}", offset);

        [DoesNotReturn]
        public static void TooDeep(int limit, int offset) =>
            throw new MessagePackFormatException($"arrays and maps nest deeper than the limit of {limit}", offset);

        [DoesNotReturn]
        public static void DoesNotFit(long value, string type, int offset) =>
            throw new MessagePackFormatException(
                $"integer {value.ToString(CultureInfo.InvariantCulture)} does not fit {type}", offset);

        [DoesNotReturn]
        public static void DoesNotFit(ulong value, string type, int offset) =>
            throw new MessagePackFormatException(
                $"integer {value.ToString(CultureInfo.InvariantCulture)} does not fit {type}", offset);

        [DoesNotReturn]
        public static void InvalidUtf8(int offset, Exception inner) =>
            throw new MessagePackFormatException("string is not valid UTF-8", offset, inner);

        [DoesNotReturn]
        public static void RawBeyondEnd(int length, int remaining, int offset) =>
            throw new MessagePackFormatException($"cannot read {length} raw bytes: only {remaining} remain", offset);

        [DoesNotReturn]
        public static void NotATimestamp(MessagePackExtensionHeader header, int offset) =>
            throw new MessagePackFormatException(
                $"expected a timestamp (extension type -1 with 4, 8 or 12 bytes) but found extension type {header.TypeCode} with {header.Length} bytes",
                offset);

        [DoesNotReturn]
        public static void BadNanoseconds(uint nanoseconds, int offset) =>
            throw new MessagePackFormatException($"timestamp nanoseconds {nanoseconds} exceed 999999999", offset);

        [DoesNotReturn]
        public static void NeverUsed(byte code, int offset) =>
            throw new MessagePackFormatException("format byte " + MessagePackCode.Describe(code) + " is never used by the spec", offset);

        [DoesNotReturn]
        public static void TooLarge(long length) =>
            throw new MessagePackFormatException($"input of {length} bytes is larger than the 2 GiB a reader can address", 0);

        [DoesNotReturn]
        public static void NegativeLength(string paramName, int length) =>
            throw new ArgumentOutOfRangeException(paramName, $"Length must not be negative (got {length}).");
    }
}
