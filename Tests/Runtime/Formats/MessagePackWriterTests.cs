// MessagePackWriter: the shortest form at every length and value boundary of the spec, explicit float widths, the
// three timestamp forms, and write-then-read round trips over many values.
#nullable enable
using System;
using System.Collections.Generic;
using System.Text;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackWriterTests
    {
        [TestCase(0L, "00")]
        [TestCase(127L, "7f")]
        [TestCase(128L, "cc-80")]
        [TestCase(255L, "cc-ff")]
        [TestCase(256L, "cd-01-00")]
        [TestCase(65535L, "cd-ff-ff")]
        [TestCase(65536L, "ce-00-01-00-00")]
        [TestCase(4294967295L, "ce-ff-ff-ff-ff")]
        [TestCase(4294967296L, "cf-00-00-00-01-00-00-00-00")]
        [TestCase(long.MaxValue, "cf-7f-ff-ff-ff-ff-ff-ff-ff")]
        [TestCase(-1L, "ff")]
        [TestCase(-32L, "e0")]
        [TestCase(-33L, "d0-df")]
        [TestCase(-128L, "d0-80")]
        [TestCase(-129L, "d1-ff-7f")]
        [TestCase(-32768L, "d1-80-00")]
        [TestCase(-32769L, "d2-ff-ff-7f-ff")]
        [TestCase(-2147483648L, "d2-80-00-00-00")]
        [TestCase(-2147483649L, "d3-ff-ff-ff-ff-7f-ff-ff-ff")]
        [TestCase(long.MinValue, "d3-80-00-00-00-00-00-00-00")]
        public void WriteInt64_UsesTheShortestForm(long value, string expected)
        {
            Assert.That(ToHex(Write(w => w.WriteInt64(value))), Is.EqualTo(expected), value.ToString());
        }

        [TestCase(ulong.MaxValue, "cf-ff-ff-ff-ff-ff-ff-ff-ff")]
        [TestCase(9223372036854775808UL, "cf-80-00-00-00-00-00-00-00")]
        [TestCase(200UL, "cc-c8")]
        public void WriteUInt64_UsesTheShortestForm(ulong value, string expected)
        {
            Assert.That(ToHex(Write(w => w.WriteUInt64(value))), Is.EqualTo(expected), value.ToString());
        }

        [Test]
        public void WriteInt64_ThenReadInt64_RoundTripsAroundEveryPowerOfTwo()
        {
            var values = new List<long> { 0, long.MinValue, long.MaxValue };
            for (int bit = 0; bit < 63; bit++)
            {
                long p = 1L << bit;
                values.AddRange(new[] { p - 1, p, p + 1, -p + 1, -p, -p - 1 });
            }
            foreach (long v in values)
            {
                byte[] bytes = Write(w => w.WriteInt64(v));
                Assert.That(bytes.Length, Is.EqualTo(ShortestIntegerLength(v)), "length of " + v);
                var reader = new MessagePackReader(bytes);
                Assert.That(reader.ReadInt64(), Is.EqualTo(v));
                Assert.That(reader.End, Is.True);
            }
        }

        [Test]
        public void WriteSingleAndWriteDouble_KeepTheirWidthAndBits()
        {
            Assert.That(ToHex(Write(w => w.WriteSingle(0.5f))), Is.EqualTo("ca-3f-00-00-00"));
            Assert.That(ToHex(Write(w => w.WriteDouble(0.5))), Is.EqualTo("cb-3f-e0-00-00-00-00-00-00"));
            Assert.That(ToHex(Write(w => w.WriteSingle(1f))), Is.EqualTo("ca-3f-80-00-00"), "an integral float stays a float");
            Assert.That(ToHex(Write(w => w.WriteSingle(-0f))), Is.EqualTo("ca-80-00-00-00"));
            float nan = BitConverter.Int32BitsToSingle(0x7fc00123);
            var reader = new MessagePackReader(Write(w => w.WriteSingle(nan)));
            Assert.That(BitConverter.SingleToInt32Bits(reader.ReadSingle()), Is.EqualTo(0x7fc00123));
        }

        [TestCase(0, "a0")]
        [TestCase(31, "bf")]
        [TestCase(32, "d9-20")]
        [TestCase(255, "d9-ff")]
        [TestCase(256, "da-01-00")]
        [TestCase(65535, "da-ff-ff")]
        [TestCase(65536, "db-00-01-00-00")]
        public void WriteString_UsesTheShortestHeader(int length, string header)
        {
            string value = new string('x', length);
            byte[] bytes = Write(w => w.WriteString(value));
            int headerLength = header.Split('-').Length;
            Assert.That(ToHex(bytes.AsSpan(0, headerLength)), Is.EqualTo(header));
            Assert.That(bytes.Length, Is.EqualTo(headerLength + length));
            Assert.That(new MessagePackReader(bytes).ReadString(), Is.EqualTo(value));
        }

        [Test]
        public void WriteString_EncodesUtf8AndCountsBytesNotChars()
        {
            Assert.That(ToHex(Write(w => w.WriteString("\u00e9\U0001F389"))), Is.EqualTo("a6-c3-a9-f0-9f-8e-89"));
            Assert.That(ToHex(Write(w => w.WriteStringUtf8(Encoding.UTF8.GetBytes("ab")))), Is.EqualTo("a2-61-62"));
        }

        [Test]
        public void WriteString_UnpairedSurrogate_ThrowsArgumentException()
        {
            Assert.That(() => Write(w => w.WriteString("a\ud800b")), Throws.InstanceOf<ArgumentException>());
        }

        [TestCase(0, "c4-00")]
        [TestCase(255, "c4-ff")]
        [TestCase(256, "c5-01-00")]
        [TestCase(65535, "c5-ff-ff")]
        [TestCase(65536, "c6-00-01-00-00")]
        public void WriteBinary_UsesTheShortestHeader(int length, string header)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte)(i * 31);
            byte[] bytes = Write(w => w.WriteBinary(data));
            int headerLength = header.Split('-').Length;
            Assert.That(ToHex(bytes.AsSpan(0, headerLength)), Is.EqualTo(header));
            Assert.That(new MessagePackReader(bytes).ReadBytes().SequenceEqual(data), Is.True);
        }

        [TestCase(0, "90", "80")]
        [TestCase(15, "9f", "8f")]
        [TestCase(16, "dc-00-10", "de-00-10")]
        [TestCase(65535, "dc-ff-ff", "de-ff-ff")]
        [TestCase(65536, "dd-00-01-00-00", "df-00-01-00-00")]
        public void WriteArrayAndMapHeaders_UseTheShortestForm(int count, string array, string map)
        {
            Assert.That(ToHex(Write(w => w.WriteArrayHeader(count))), Is.EqualTo(array));
            Assert.That(ToHex(Write(w => w.WriteMapHeader(count))), Is.EqualTo(map));
        }

        [TestCase(1, "d4-05")]
        [TestCase(2, "d5-05")]
        [TestCase(4, "d6-05")]
        [TestCase(8, "d7-05")]
        [TestCase(16, "d8-05")]
        [TestCase(0, "c7-00-05")]
        [TestCase(3, "c7-03-05")]
        [TestCase(17, "c7-11-05")]
        [TestCase(255, "c7-ff-05")]
        [TestCase(256, "c8-01-00-05")]
        [TestCase(65536, "c9-00-01-00-00-05")]
        public void WriteExtHeader_UsesFixExtForItsLengthsAndTheShortestExtOtherwise(int length, string header)
        {
            var payload = new byte[length];
            byte[] bytes = Write(w => w.WriteExt(5, payload));
            int headerLength = header.Split('-').Length;
            Assert.That(ToHex(bytes.AsSpan(0, headerLength)), Is.EqualTo(header));
            var reader = new MessagePackReader(bytes);
            Assert.That(reader.ReadExtHeader(), Is.EqualTo(new MessagePackExtensionHeader(5, length)));
        }

        [TestCase(0L, 0u, "d6-ff-00-00-00-00")]
        [TestCase(4294967295L, 0u, "d6-ff-ff-ff-ff-ff")]
        [TestCase(0L, 1u, "d7-ff-00-00-00-04-00-00-00-00")]
        [TestCase(4294967296L, 0u, "d7-ff-00-00-00-01-00-00-00-00")]
        [TestCase(17179869183L, 999999999u, "d7-ff-ee-6b-27-ff-ff-ff-ff-ff")]
        [TestCase(17179869184L, 0u, "c7-0c-ff-00-00-00-00-00-00-00-04-00-00-00-00")]
        [TestCase(-1L, 0u, "c7-0c-ff-00-00-00-00-ff-ff-ff-ff-ff-ff-ff-ff")]
        public void WriteTimestamp_UsesTheShortestOfTheThreeForms(long seconds, uint nanoseconds, string expected)
        {
            var t = new MessagePackTimestamp(seconds, nanoseconds);
            byte[] bytes = Write(w => w.WriteTimestamp(t));
            Assert.That(ToHex(bytes), Is.EqualTo(expected));
            Assert.That(new MessagePackReader(bytes).ReadTimestamp(), Is.EqualTo(t));
        }

        [Test]
        public void WriteRaw_LargerThanOneChunk_CopiesEverything()
        {
            var data = new byte[(1 << 20) * 2 + 3];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i % 251);
            byte[] bytes = Write(w => w.WriteBinary(data));
            Assert.That(new MessagePackReader(bytes).ReadBytes().SequenceEqual(data), Is.True);
        }

        [Test]
        public void Writer_NegativeLengths_ThrowArgumentOutOfRange()
        {
            Assert.That(() => Write(w => w.WriteArrayHeader(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Write(w => w.WriteBinaryHeader(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Write(w => w.WriteExtHeader(1, -1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        /// <summary>The spec's size table, written independently of the writer: 1, 2, 3, 5 or 9 bytes.</summary>
        private static int ShortestIntegerLength(long v)
        {
            if (v >= -32 && v <= 127) return 1;
            if (v >= -128 && v <= 255) return 2;
            if (v >= -32768 && v <= 65535) return 3;
            if (v >= int.MinValue && v <= uint.MaxValue) return 5;
            return 9;
        }
    }
}
