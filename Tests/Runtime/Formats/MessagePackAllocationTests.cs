// Reading and writing primitives must not allocate (games read models and messages on the main thread): measured
// with GC.GetAllocatedBytesForCurrentThread around many iterations after a warm-up.
#nullable enable
using System;
using System.Buffers;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackAllocationTests
    {
        private const int Iterations = 1000;

        private static readonly byte[] s_document = Write(w =>
        {
            w.WriteArrayHeader(14);
            w.WriteInt64(-123456789012);
            w.WriteUInt64(ulong.MaxValue);
            w.WriteInt32(300);
            w.WriteDouble(0.25);
            w.WriteSingle(1.5f);
            w.WriteBoolean(true);
            w.WriteNil();
            w.WriteMapHeader(1);
            w.WriteString("key");
            w.WriteString("value \u2713");
            w.WriteBinary(new byte[] { 1, 2, 3 });
            w.WriteExt(3, new byte[] { 9, 9 });
            w.WriteTimestamp(new MessagePackTimestamp(1514862245, 678901234));
            w.WriteArrayHeader(2);
            w.WriteInt64(1);
            w.WriteInt64(2);
            w.WriteInt64(7);
            w.WriteInt64(8);
        });

        [Test]
        public void ReadingPrimitives_AllocatesNothing()
        {
            long sink = ReadAll();   // warm-up: JIT, static initialisers
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < Iterations; i++) sink += ReadAll();
            });
            Assert.That(allocated, Is.EqualTo(0), $"bytes allocated by {Iterations} reads of every primitive (checksum {sink})");
        }

        [Test]
        public void WritingPrimitives_AllocatesNothing()
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            WriteAll(buffer);   // warm-up
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < Iterations; i++)
                {
                    buffer.Clear();
                    WriteAll(buffer);
                }
            });
            Assert.That(allocated, Is.EqualTo(0), $"bytes allocated by {Iterations} writes of every primitive");
            Assert.That(buffer.WrittenSpan.SequenceEqual(s_document), Is.True, "WriteAll writes the same document");
        }

        [Test]
        public void SkippingADocument_AllocatesNothing()
        {
            var warm = new MessagePackReader(s_document);
            warm.Skip();
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < Iterations; i++)
                {
                    var reader = new MessagePackReader(s_document);
                    reader.Skip();
                }
            });
            Assert.That(allocated, Is.EqualTo(0));
        }

        private static long ReadAll()
        {
            var r = new MessagePackReader(s_document);
            long sum = r.ReadArrayHeader();
            sum += r.ReadInt64();
            sum += (long)(r.ReadUInt64() >> 60);
            sum += r.ReadInt32();
            sum += (long)r.ReadDouble();
            sum += (long)r.ReadSingle();
            sum += r.ReadBoolean() ? 1 : 0;
            sum += r.TryReadNil() ? 1 : 0;
            sum += r.ReadMapHeader();
            sum += r.ReadStringSpan().Length;
            sum += r.ReadStringSpan().Length;
            sum += r.ReadBytes().Length;
            MessagePackExtensionHeader ext = r.ReadExtHeader();
            sum += r.ReadRaw(ext.Length)[0];
            sum += (int)r.PeekType();
            sum += r.ReadTimestamp().Nanoseconds;
            r.Skip();
            sum += r.ReadInt64() + r.ReadInt64();
            return sum;
        }

        private static void WriteAll(IBufferWriter<byte> output)
        {
            var w = new MessagePackWriter(output);
            w.WriteArrayHeader(14);
            w.WriteInt64(-123456789012);
            w.WriteUInt64(ulong.MaxValue);
            w.WriteInt32(300);
            w.WriteDouble(0.25);
            w.WriteSingle(1.5f);
            w.WriteBoolean(true);
            w.WriteNil();
            w.WriteMapHeader(1);
            w.WriteString("key");
            w.WriteString("value \u2713");
            w.WriteBinary(stackalloc byte[] { 1, 2, 3 });
            w.WriteExt(3, stackalloc byte[] { 9, 9 });
            w.WriteTimestamp(new MessagePackTimestamp(1514862245, 678901234));
            w.WriteArrayHeader(2);
            w.WriteInt64(1);
            w.WriteInt64(2);
            w.WriteInt64(7);
            w.WriteInt64(8);
        }
    }
}
