// Interop with @msgpack/msgpack (Tests/Tools~/msgpack-interop): our writer still produces the bytes the Node script verified,
// and the Node-written document reads back. The JSON-level comparisons live in Tests/Oracle~/MessagePackInteropJsonTests.cs.
#nullable enable
using System;
using System.IO;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackInteropTests
    {
        public static string InteropFolder => Path.Combine(FixturePaths.Fixtures, "msgpack-interop");

        /// <summary>
        /// The document behind from-csharp.msgpack. Its expected decoding, written by hand, is from-csharp.json; the Node
        /// script checks that @msgpack/msgpack decodes our bytes to exactly that.
        /// </summary>
        public static void WriteInteropDocument(MessagePackWriter w)
        {
            w.WriteMapHeader(20);
            w.WriteString("format");
            w.WriteString("recurrent-interop");
            w.WriteString("producer");
            w.WriteString("Recurrent MessagePackWriter");
            w.WriteString("text");
            w.WriteString("caf\u00e9 \u2713 \u65e5\u672c \U0001F389");
            w.WriteString("empty");
            w.WriteString("");
            w.WriteString("str8");
            w.WriteString(new string('a', 32));
            w.WriteString("str16");
            w.WriteString(new string('b', 300));
            w.WriteString("nil");
            w.WriteNil();
            w.WriteString("flags");
            w.WriteArrayHeader(2);
            w.WriteBoolean(true);
            w.WriteBoolean(false);

            w.WriteString("ints");
            long[] ints = { 0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32, -33, -128, -129, -32768, -32769,
                -2147483648, -2147483649, 9007199254740991, long.MinValue };
            w.WriteArrayHeader(ints.Length + 1);
            foreach (long v in ints) w.WriteInt64(v);
            w.WriteUInt64(ulong.MaxValue);

            w.WriteString("float32");
            w.WriteArrayHeader(5);
            w.WriteSingle(0.5f);
            w.WriteSingle(-1.25f);
            w.WriteSingle((float)Math.PI);
            w.WriteSingle(float.MaxValue);
            w.WriteSingle(float.Epsilon);
            w.WriteString("float64");
            w.WriteArrayHeader(4);
            w.WriteDouble(0.1);
            w.WriteDouble(-1e300);
            w.WriteDouble(Math.PI);
            w.WriteDouble(double.Epsilon);

            w.WriteString("weights");
            w.WriteMapHeader(4);
            w.WriteString("name");
            w.WriteString("lstm_1/W");
            w.WriteString("dtype");
            w.WriteString("float32");
            w.WriteString("shape");
            w.WriteArrayHeader(2);
            w.WriteInt32(2);
            w.WriteInt32(3);
            w.WriteString("data");
            float[] weights = { 0.5f, -1.25f, 3.1415927f, 1e-8f, -65504f, 7f };
            var data = new byte[4 * weights.Length];
            for (int i = 0; i < weights.Length; i++)
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), BitConverter.SingleToInt32Bits(weights[i]));
            w.WriteBinary(data);

            w.WriteString("bin8");
            w.WriteBinary(new byte[] { 0, 1, 2, 254, 255 });
            w.WriteString("bin16");
            var bin16 = new byte[300];
            for (int i = 0; i < bin16.Length; i++) bin16[i] = (byte)(i * 7);
            w.WriteBinary(bin16);

            w.WriteString("nested");
            w.WriteMapHeader(1);
            w.WriteString("a");
            w.WriteMapHeader(1);
            w.WriteString("b");
            w.WriteMapHeader(1);
            w.WriteString("c");
            w.WriteArrayHeader(3);
            w.WriteArrayHeader(0);
            w.WriteMapHeader(0);
            w.WriteArrayHeader(2);
            w.WriteInt32(1);
            w.WriteArrayHeader(2);
            w.WriteInt32(2);
            w.WriteArrayHeader(1);
            w.WriteInt32(3);

            w.WriteString("array16");
            w.WriteArrayHeader(16);
            for (int i = 0; i < 16; i++) w.WriteInt32(i);
            w.WriteString("map16");
            w.WriteMapHeader(16);
            for (int i = 0; i < 16; i++)
            {
                w.WriteString("k" + i.ToString("00"));
                w.WriteInt32(i);
            }
            w.WriteString("int_keys");
            w.WriteMapHeader(2);
            w.WriteInt32(1);
            w.WriteString("one");
            w.WriteInt32(-2);
            w.WriteString("minus two");

            w.WriteString("timestamps");
            w.WriteArrayHeader(4);
            w.WriteTimestamp(new MessagePackTimestamp(1514862245, 0));
            w.WriteTimestamp(new MessagePackTimestamp(1514862245, 678901234));
            w.WriteTimestamp(new MessagePackTimestamp(-62167219200, 0));
            w.WriteTimestamp(new MessagePackTimestamp(253402300799, 999999999));

            w.WriteString("ext");
            w.WriteArrayHeader(4);
            w.WriteExt(1, new byte[] { 0x10 });
            var ext16 = new byte[16];
            for (int i = 0; i < 16; i++) ext16[i] = (byte)(0x50 + i);
            w.WriteExt(5, ext16);
            w.WriteExt(7, new byte[] { 0x70, 0x71, 0x72 });
            w.WriteExt(6, ReadOnlySpan<byte>.Empty);
        }

        [Test]
        public void Writer_StillProducesTheBytesThatMsgpackJsVerified()
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(InteropFolder, "from-csharp.msgpack"));
            byte[] actual = Write(WriteInteropDocument);
            int first = 0;
            while (first < Math.Min(expected.Length, actual.Length) && expected[first] == actual[first]) first++;
            Assert.That(actual.Length == expected.Length && first == actual.Length, Is.True,
                $"our writer's bytes changed: {actual.Length} bytes vs {expected.Length} committed, first difference at offset {first}. "
                + "If the change is intended, regenerate with RegenerateFromCSharpFixture and re-run Tests/Tools~/msgpack-interop/interop.mjs.");
        }

        [Test]
        [Explicit("Rewrites Tests/Fixtures~/msgpack-interop/from-csharp.msgpack; then run interop.mjs to verify it.")]
        public void RegenerateFromCSharpFixture()
        {
            File.WriteAllBytes(Path.Combine(InteropFolder, "from-csharp.msgpack"), Write(WriteInteropDocument));
        }

        [Test]
        public void FromJs_ReadsCompletelyAndItsFloatWeightsMatch()
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(InteropFolder, "from-js.msgpack"));
            var skip = new MessagePackReader(bytes);
            skip.Skip();
            Assert.That(skip.End, Is.True, "one value, no trailing bytes");

            var reader = new MessagePackReader(bytes);
            int count = reader.ReadMapHeader();
            float[]? weights = null;
            string? text = null;
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                if (key == "text")
                {
                    text = reader.ReadString();
                }
                else if (key == "weights")
                {
                    int n = reader.ReadMapHeader();
                    for (int j = 0; j < n; j++)
                    {
                        if (reader.ReadString() != "data")
                        {
                            reader.Skip();
                            continue;
                        }
                        ReadOnlySpan<byte> data = reader.ReadBytes();
                        weights = new float[data.Length / 4];
                        for (int k = 0; k < weights.Length; k++)
                            weights[k] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.Slice(4 * k)));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            Assert.That(text, Is.EqualTo("caf\u00e9 \u2713 \u65e5\u672c \U0001F389"));
            Assert.That(weights, Is.EqualTo(new[] { 0.5f, -1.25f, 3.1415927f, 1e-8f, -65504f, 7f }));
        }
    }
}
