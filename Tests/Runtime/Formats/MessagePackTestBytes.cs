// Byte helpers shared by the MessagePack and model file tests: hex parsing/printing, writing into a fresh buffer and
// catching the reader's documented exception. Plain C# 9 and NUnit 3.5-safe so Unity compiles it too.
#nullable enable
using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Tests.Formats
{
    /// <summary>Reads from a fresh reader; lets a lambda take the ref struct.</summary>
    internal delegate void ReaderAction(ref MessagePackReader reader);

    internal static class MessagePackTestBytes
    {
        /// <summary>"c4-01-ff", "c401ff" or "c4 01 ff" to bytes.</summary>
        public static byte[] Hex(string hex)
        {
            string digits = hex.Replace("-", "").Replace(" ", "");
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(digits.Substring(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return bytes;
        }

        /// <summary>Bytes as "c4-01-ff" (the msgpack-test-suite spelling).</summary>
        public static string ToHex(ReadOnlySpan<byte> bytes)
        {
            var sb = new StringBuilder(bytes.Length * 3);
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0) sb.Append('-');
                sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>What <paramref name="write"/> produces in a fresh buffer.</summary>
        public static byte[] Write(Action<MessagePackWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>();
            write(new MessagePackWriter(buffer));
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Runs <paramref name="read"/> on a reader over <paramref name="bytes"/> and returns the exception it must throw.</summary>
        public static MessagePackFormatException Fails(byte[] bytes, ReaderAction read, MessagePackLimits? limits = null)
        {
            MessagePackFormatException? caught = null;
            try
            {
                var reader = new MessagePackReader(bytes, limits);
                read(ref reader);
            }
            catch (MessagePackFormatException e)
            {
                caught = e;
            }
            Assert.That(caught, Is.Not.Null, "expected a MessagePackFormatException reading " + Preview(bytes));
            AssertNamesOffset(caught!);
            return caught!;
        }

        /// <summary>Every reader error ends with "at offset N" where N is its Offset property.</summary>
        public static void AssertNamesOffset(MessagePackFormatException e)
        {
            Assert.That(e.Message, Does.EndWith("at offset " + e.Offset.ToString(CultureInfo.InvariantCulture)),
                "the message must name the offset: " + e.Message);
            Assert.That(e.Offset, Is.GreaterThanOrEqualTo(0), e.Message);
        }

        public static string Preview(byte[] bytes) =>
            bytes.Length <= 24 ? ToHex(bytes) : ToHex(bytes.AsSpan(0, 24)) + "... (" + bytes.Length + " bytes)";
    }
}
