// MessagePackReader against hand-assembled bytes from the spec (https://github.com/msgpack/msgpack/blob/master/spec.md):
// integer widening, floats, strings, binary, containers, extensions, timestamps, Skip, sequences and type errors.
#nullable enable
using System;
using System.Buffers;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackReaderTests
    {
        // ---- integers --------------------------------------------------------------------------------------------

        [TestCase("00", 0L)]
        [TestCase("7f", 127L)]
        [TestCase("e0", -32L)]
        [TestCase("ff", -1L)]
        [TestCase("cc-ff", 255L)]
        [TestCase("cd-ff-ff", 65535L)]
        [TestCase("ce-ff-ff-ff-ff", 4294967295L)]
        [TestCase("cf-7f-ff-ff-ff-ff-ff-ff-ff", long.MaxValue)]
        [TestCase("d0-80", -128L)]
        [TestCase("d0-7f", 127L)]
        [TestCase("d1-80-00", -32768L)]
        [TestCase("d2-80-00-00-00", -2147483648L)]
        [TestCase("d3-80-00-00-00-00-00-00-00", long.MinValue)]
        [TestCase("d3-00-00-00-00-00-00-00-05", 5L)]
        public void ReadInt64_AcceptsEveryIntegerFormWhoseValueFits(string hex, long expected)
        {
            var reader = new MessagePackReader(Hex(hex));
            Assert.That(reader.ReadInt64(), Is.EqualTo(expected), hex);
            Assert.That(reader.End, Is.True, hex + ": every byte consumed");
        }

        [Test]
        public void ReadInt64_UInt64AboveLongMaxValue_FailsNamingTheValue()
        {
            var e = Fails(Hex("c0-cf-ff-ff-ff-ff-ff-ff-ff-ff"), (ref MessagePackReader r) => { r.ReadNil(); r.ReadInt64(); });
            Assert.That(e.Offset, Is.EqualTo(1));
            Assert.That(e.Message, Does.Contain("18446744073709551615").And.Contain("Int64"));
        }

        [TestCase("cf-ff-ff-ff-ff-ff-ff-ff-ff", ulong.MaxValue)]
        [TestCase("cf-80-00-00-00-00-00-00-00", 9223372036854775808UL)]
        [TestCase("d0-05", 5UL)]
        [TestCase("05", 5UL)]
        public void ReadUInt64_AcceptsEveryNonNegativeIntegerForm(string hex, ulong expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadUInt64(), Is.EqualTo(expected), hex);
        }

        [TestCase("ff")]
        [TestCase("d3-ff-ff-ff-ff-ff-ff-ff-ff")]
        public void ReadUInt64_NegativeValue_Fails(string hex)
        {
            var e = Fails(Hex(hex), (ref MessagePackReader r) => r.ReadUInt64());
            Assert.That(e.Message, Does.Contain("-1").And.Contain("UInt64"));
        }

        [TestCase("ce-80-00-00-00")]
        [TestCase("d3-ff-ff-ff-ff-7f-ff-ff-ff")]
        public void ReadInt32_ValueOutsideInt32_Fails(string hex)
        {
            var e = Fails(Hex(hex), (ref MessagePackReader r) => r.ReadInt32());
            Assert.That(e.Message, Does.Contain("Int32"));
            Assert.That(e.Offset, Is.EqualTo(0));
        }

        [TestCase("d2-7f-ff-ff-ff", int.MaxValue)]
        [TestCase("d3-ff-ff-ff-ff-80-00-00-00", int.MinValue)]
        [TestCase("cd-01-00", 256)]
        public void ReadInt32_WidensAnyFormThatFits(string hex, int expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadInt32(), Is.EqualTo(expected), hex);
        }

        [Test]
        public void ReadUInt32_ValueAboveUInt32_Fails()
        {
            Assert.That(new MessagePackReader(Hex("ce-ff-ff-ff-ff")).ReadUInt32(), Is.EqualTo(uint.MaxValue));
            Fails(Hex("cf-00-00-00-01-00-00-00-00"), (ref MessagePackReader r) => r.ReadUInt32());
        }

        [TestCase("ca-bf-80-00-00")]
        [TestCase("c3")]
        [TestCase("a1-31")]
        public void ReadInt64_NonInteger_FailsNamingWhatItFound(string hex)
        {
            var e = Fails(Hex(hex), (ref MessagePackReader r) => r.ReadInt64());
            Assert.That(e.Message, Does.StartWith("expected an integer but found"));
        }

        // ---- floats, booleans, nil -------------------------------------------------------------------------------

        [TestCase("cb-3f-e0-00-00-00-00-00-00", 0.5)]
        [TestCase("ca-3f-00-00-00", 0.5)]
        [TestCase("ca-3d-cc-cc-cd", 0.100000001490116119384765625)]
        [TestCase("cb-7f-f0-00-00-00-00-00-00", double.PositiveInfinity)]
        [TestCase("7f", 127.0)]
        [TestCase("d3-80-00-00-00-00-00-00-00", -9223372036854775808.0)]
        [TestCase("cf-ff-ff-ff-ff-ff-ff-ff-ff", 18446744073709551615.0)]
        public void ReadDouble_ReadsFloat64AndWidensFloat32AndIntegers(string hex, double expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadDouble(), Is.EqualTo(expected), hex);
        }

        [Test]
        public void ReadDouble_NaNKeepsItsBits()
        {
            double nan = new MessagePackReader(Hex("cb-7f-f8-00-00-00-00-00-01")).ReadDouble();
            Assert.That(BitConverter.DoubleToInt64Bits(nan), Is.EqualTo(0x7ff8000000000001L));
        }

        [TestCase("ca-3d-cc-cc-cd", 0.1f)]
        [TestCase("cb-3f-b9-99-99-99-99-99-9a", 0.1f)]
        [TestCase("ca-ff-80-00-00", float.NegativeInfinity)]
        [TestCase("d1-80-00", -32768f)]
        public void ReadSingle_ReadsFloat32AndNarrowsFloat64AndIntegers(string hex, float expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadSingle(), Is.EqualTo(expected), hex);
        }

        [Test]
        public void ReadBooleanAndNil_ReadTheirFormats()
        {
            var reader = new MessagePackReader(Hex("c3-c2-c0-c0-01"));
            Assert.That(reader.ReadBoolean(), Is.True);
            Assert.That(reader.ReadBoolean(), Is.False);
            Assert.That(reader.IsNil, Is.True);
            Assert.That(reader.TryReadNil(), Is.True);
            reader.ReadNil();
            Assert.That(reader.TryReadNil(), Is.False, "TryReadNil leaves a non-nil value alone");
            Assert.That(reader.Position, Is.EqualTo(4));
            Assert.That(reader.ReadInt64(), Is.EqualTo(1));
            Assert.That(reader.IsNil, Is.False, "IsNil at the end");
        }

        [Test]
        public void ReadBoolean_OnAnInteger_Fails()
        {
            var e = Fails(Hex("01"), (ref MessagePackReader r) => r.ReadBoolean());
            Assert.That(e.Message, Is.EqualTo("expected a boolean but found positive fixint (0x01) at offset 0"));
        }

        // ---- strings and binary ----------------------------------------------------------------------------------

        [TestCase("a0", "")]
        [TestCase("a3-61-62-63", "abc")]
        [TestCase("d9-03-61-62-63", "abc")]
        [TestCase("da-00-03-61-62-63", "abc")]
        [TestCase("db-00-00-00-03-61-62-63", "abc")]
        [TestCase("a3-e2-9d-a4", "\u2764")]
        [TestCase("a4-f0-9f-8e-89", "\U0001F389")]
        public void ReadString_DecodesEveryStringForm(string hex, string expected)
        {
            var reader = new MessagePackReader(Hex(hex));
            Assert.That(reader.ReadString(), Is.EqualTo(expected), hex);
            Assert.That(reader.End, Is.True);
        }

        [Test]
        public void ReadStringSpan_ReturnsTheUtf8BytesInPlace()
        {
            byte[] bytes = Hex("c0-a3-61-62-63-c0");
            var reader = new MessagePackReader(bytes);
            reader.ReadNil();
            ReadOnlySpan<byte> utf8 = reader.ReadStringSpan();
            Assert.That(ToHex(utf8), Is.EqualTo("61-62-63"));
            Assert.That(utf8 == bytes.AsSpan(2, 3), Is.True, "the span is a slice of the input, not a copy");
            Assert.That(reader.Position, Is.EqualTo(5));
        }

        [TestCase("a2-c3-28")]
        [TestCase("a1-ff")]
        [TestCase("a3-ed-a0-80")]
        public void ReadString_InvalidUtf8_Fails(string hex)
        {
            var e = Fails(Hex("c0-" + hex), (ref MessagePackReader r) => { r.ReadNil(); r.ReadString(); });
            Assert.That(e.Message, Does.Contain("UTF-8"));
            Assert.That(e.Offset, Is.EqualTo(1));
        }

        [TestCase("c4-00", "")]
        [TestCase("c4-02-00-ff", "00-ff")]
        [TestCase("c5-00-02-00-ff", "00-ff")]
        [TestCase("c6-00-00-00-02-00-ff", "00-ff")]
        public void ReadBytes_ReadsEveryBinForm(string hex, string expected)
        {
            var reader = new MessagePackReader(Hex(hex));
            Assert.That(ToHex(reader.ReadBytes()), Is.EqualTo(expected));
            Assert.That(reader.End, Is.True);
        }

        [Test]
        public void ReadBytes_OnAString_Fails()
        {
            var e = Fails(Hex("a1-61"), (ref MessagePackReader r) => r.ReadBytes());
            Assert.That(e.Message, Does.Contain("expected binary data but found fixstr (0xa1)"));
        }

        // ---- containers ------------------------------------------------------------------------------------------

        [TestCase("90", 0)]
        [TestCase("9f" + "-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0-c0", 15)]
        [TestCase("dc-00-01-c0", 1)]
        [TestCase("dd-00-00-00-02-c0-c0", 2)]
        public void ReadArrayHeader_ReadsEveryArrayForm(string hex, int expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadArrayHeader(), Is.EqualTo(expected), hex);
        }

        [TestCase("80", 0)]
        [TestCase("81-c0-c0", 1)]
        [TestCase("de-00-01-c0-c0", 1)]
        [TestCase("df-00-00-00-01-c0-c0", 1)]
        public void ReadMapHeader_ReadsEveryMapForm(string hex, int expected)
        {
            Assert.That(new MessagePackReader(Hex(hex)).ReadMapHeader(), Is.EqualTo(expected), hex);
        }

        [Test]
        public void ReadMapHeader_OnAnArray_Fails()
        {
            var e = Fails(Hex("91-c0"), (ref MessagePackReader r) => r.ReadMapHeader());
            Assert.That(e.Message, Is.EqualTo("expected a map but found fixarray (0x91) at offset 0"));
        }

        // ---- extensions and timestamps ---------------------------------------------------------------------------

        [TestCase("d4-01-10", 1, 1)]
        [TestCase("d5-02-20-21", 2, 2)]
        [TestCase("d6-03-30-31-32-33", 3, 4)]
        [TestCase("d7-04-40-41-42-43-44-45-46-47", 4, 8)]
        [TestCase("d8-05-50-51-52-53-54-55-56-57-58-59-5a-5b-5c-5d-5e-5f", 5, 16)]
        [TestCase("c7-00-06", 6, 0)]
        [TestCase("c7-03-80-70-71-72", -128, 3)]
        [TestCase("c8-00-03-07-70-71-72", 7, 3)]
        [TestCase("c9-00-00-00-03-07-70-71-72", 7, 3)]
        public void ReadExtHeader_ReadsEveryExtensionForm(string hex, int type, int length)
        {
            var reader = new MessagePackReader(Hex(hex));
            MessagePackExtensionHeader header = reader.ReadExtHeader();
            Assert.That((int)header.TypeCode, Is.EqualTo(type), hex);
            Assert.That(header.Length, Is.EqualTo(length), hex);
            Assert.That(reader.ReadRaw(header.Length).Length, Is.EqualTo(length));
            Assert.That(reader.End, Is.True);
        }

        [TestCase("d6-ff-5a-4a-f6-a5", 1514862245L, 0u)]
        [TestCase("d7-ff-a1-dc-d7-c8-5a-4a-f6-a5", 1514862245L, 678901234u)]
        [TestCase("d7-ff-ee-6b-27-ff-ff-ff-ff-ff", 17179869183L, 999999999u)]
        [TestCase("c7-0c-ff-3b-9a-c9-ff-ff-ff-ff-ff-ff-ff-ff-ff", -1L, 999999999u)]
        [TestCase("c7-0c-ff-00-00-00-00-ff-ff-ff-f1-86-8b-84-00", -62167219200L, 0u)]
        [TestCase("c8-00-04-ff-00-00-00-01", 1L, 0u)]
        public void ReadTimestamp_ReadsThe32And64And96BitForms(string hex, long seconds, uint nanoseconds)
        {
            var reader = new MessagePackReader(Hex(hex));
            Assert.That(reader.ReadTimestamp(), Is.EqualTo(new MessagePackTimestamp(seconds, nanoseconds)), hex);
            Assert.That(reader.End, Is.True);
        }

        [Test]
        public void ReadTimestamp_NanosecondsAboveOneBillion_Fail()
        {
            // 64-bit form with nanoseconds = 2^30 - 1 (the 30-bit field's maximum).
            var e = Fails(Hex("c0-d7-ff-ff-ff-ff-fc-00-00-00-00"), (ref MessagePackReader r) => { r.ReadNil(); r.ReadTimestamp(); });
            Assert.That(e.Message, Does.Contain("1073741823"));
            Assert.That(e.Offset, Is.EqualTo(1));
            Fails(Hex("c7-0c-ff-3b-9a-ca-00-00-00-00-00-00-00-00-00"), (ref MessagePackReader r) => r.ReadTimestamp());
        }

        [TestCase("d6-01-00-00-00-00")]
        [TestCase("d5-ff-00-00")]
        [TestCase("c7-05-ff-00-00-00-00-00")]
        public void ReadTimestamp_OtherExtension_Fails(string hex)
        {
            var e = Fails(Hex(hex), (ref MessagePackReader r) => r.ReadTimestamp());
            Assert.That(e.Message, Does.Contain("expected a timestamp"));
        }

        [Test]
        public void Timestamp_ConvertsToAndFromDateTime()
        {
            var instant = new DateTime(2018, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(6789012);
            MessagePackTimestamp t = MessagePackTimestamp.FromDateTime(instant);
            Assert.That(t.Seconds, Is.EqualTo(1514862245L));
            Assert.That(t.Nanoseconds, Is.EqualTo(678901200u));
            Assert.That(t.ToDateTime(), Is.EqualTo(instant));
            var before1970 = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(5);
            Assert.That(MessagePackTimestamp.FromDateTime(before1970), Is.EqualTo(new MessagePackTimestamp(-1, 500)));
            Assert.That(MessagePackTimestamp.FromDateTime(before1970).ToDateTime(), Is.EqualTo(before1970));
            Assert.That(() => new MessagePackTimestamp(long.MaxValue, 0).ToDateTime(), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MessagePackTimestamp(0, 1_000_000_000), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        // ---- PeekType, Skip, raw values, sequences ----------------------------------------------------------------

        [Test]
        public void PeekType_ClassifiesEveryFormatByte()
        {
            for (int code = 0; code < 256; code++)
            {
                MessagePackType expected =
                    code <= 0x7f || code >= 0xe0 || (code >= 0xcc && code <= 0xd3) ? MessagePackType.Integer
                    : code <= 0x8f || code == 0xde || code == 0xdf ? MessagePackType.Map
                    : code <= 0x9f || code == 0xdc || code == 0xdd ? MessagePackType.Array
                    : code <= 0xbf || (code >= 0xd9 && code <= 0xdb) ? MessagePackType.String
                    : code == 0xc0 ? MessagePackType.Nil
                    : code == 0xc1 ? MessagePackType.Unknown
                    : code == 0xc2 || code == 0xc3 ? MessagePackType.Boolean
                    : code >= 0xc4 && code <= 0xc6 ? MessagePackType.Binary
                    : code == 0xca || code == 0xcb ? MessagePackType.Float
                    : MessagePackType.Extension;   // c7-c9, d4-d8
                var reader = new MessagePackReader(new[] { (byte)code });
                Assert.That(reader.PeekType(), Is.EqualTo(expected), "format byte 0x" + code.ToString("x2"));
                Assert.That(reader.Position, Is.EqualTo(0), "PeekType consumes nothing");
            }
        }

        [Test]
        public void Skip_ConsumesExactlyOneValueOfEveryKind()
        {
            string[] values =
            {
                "c0", "c3", "7f", "e0", "cc-ff", "cd-01-00", "ce-00-01-00-00", "cf-00-00-00-01-00-00-00-00", "d0-80", "d1-80-00",
                "d2-80-00-00-00", "d3-80-00-00-00-00-00-00-00", "ca-3f-80-00-00", "cb-3f-f0-00-00-00-00-00-00", "a1-61",
                "d9-01-61", "da-00-01-61", "db-00-00-00-01-61", "c4-01-00", "c5-00-01-00", "c6-00-00-00-01-00", "d4-01-10",
                "d5-01-10-11", "d6-ff-00-00-00-00", "d7-ff-00-00-00-00-00-00-00-00", "d8-01-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00",
                "c7-01-01-10", "c8-00-01-01-10", "c9-00-00-00-01-01-10", "92-01-91-80", "dc-00-01-c0", "dd-00-00-00-01-c0",
                "82-a1-61-91-01-a1-62-81-01-02", "de-00-01-c0-c0", "df-00-00-00-01-01-c0",
            };
            foreach (string value in values)
            {
                byte[] bytes = Hex(value + "-c3");
                var reader = new MessagePackReader(bytes);
                ReadOnlySpan<byte> raw = reader.ReadRawValue();
                Assert.That(ToHex(raw), Is.EqualTo(value), "ReadRawValue of " + value);
                Assert.That(reader.ReadBoolean(), Is.True, "the value after " + value);
                Assert.That(reader.End, Is.True);
            }
        }

        [Test]
        public void Skip_NeverUsedFormatByte_Fails()
        {
            var e = Fails(Hex("91-c1"), (ref MessagePackReader r) => r.Skip());
            Assert.That(e.Offset, Is.EqualTo(1));
            Assert.That(e.Message, Does.Contain("0xc1"));
        }

        [Test]
        public void Reader_OverMultiSegmentSequence_ReadsLikeASpan()
        {
            byte[] bytes = Hex("93-a5-68-65-6c-6c-6f-cd-01-00-c4-03-01-02-03");
            for (int split = 1; split < bytes.Length; split++)
            {
                var first = new TestSegment(bytes.AsMemory(0, split));
                TestSegment last = first.Append(bytes.AsMemory(split));
                var reader = new MessagePackReader(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
                Assert.That(reader.ReadArrayHeader(), Is.EqualTo(3));
                Assert.That(reader.ReadString(), Is.EqualTo("hello"), "split at " + split);
                Assert.That(reader.ReadInt32(), Is.EqualTo(256));
                Assert.That(ToHex(reader.ReadBytes()), Is.EqualTo("01-02-03"));
                Assert.That(reader.End, Is.True);
            }
            var single = new MessagePackReader(new ReadOnlySequence<byte>(bytes));
            Assert.That(single.ReadArrayHeader(), Is.EqualTo(3));
        }

        [Test]
        public void Reader_EmptyInput_FailsAtOffsetZero()
        {
            var e = Fails(new byte[0], (ref MessagePackReader r) => r.PeekType());
            Assert.That(e.Message, Is.EqualTo("expected a value but the input ended at offset 0"));
        }

        [Test]
        public void Limits_RejectOutOfRangeSettings()
        {
            Assert.That(() => new MessagePackLimits(maxDepth: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MessagePackLimits(maxDepth: MessagePackLimits.MaxAllowedDepth + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MessagePackLimits(maxStringLength: -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(MessagePackLimits.Default.MaxDepth, Is.EqualTo(64));
        }

        private sealed class TestSegment : ReadOnlySequenceSegment<byte>
        {
            public TestSegment(ReadOnlyMemory<byte> memory)
            {
                Memory = memory;
            }

            public TestSegment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new TestSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
                Next = next;
                return next;
            }
        }
    }
}
