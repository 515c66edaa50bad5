// Hostile MessagePack (truncation at every offset, gigabyte lengths, nesting 10,000 deep, limits, random garbage) must end
// in a MessagePackFormatException naming its offset: never a crash, StackOverflow, hang or large allocation.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackHostileInputTests
    {
        /// <summary>A hostile length must not make the reader allocate anything near it; a few KiB of bookkeeping is fine.</summary>
        private const long AllocationBudgetBytes = 64 * 1024;

        /// <summary>A nested document with every kind of value.</summary>
        private static byte[] NestedDocument() => Write(w =>
        {
            w.WriteMapHeader(4);
            w.WriteString("name");
            w.WriteString("model \u2713");
            w.WriteString("layers");
            w.WriteArrayHeader(2);
            w.WriteMapHeader(2);
            w.WriteString("units");
            w.WriteInt64(300);
            w.WriteString("weights");
            w.WriteBinary(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            w.WriteArrayHeader(3);
            w.WriteDouble(0.25);
            w.WriteSingle(-2f);
            w.WriteNil();
            w.WriteString("when");
            w.WriteTimestamp(new MessagePackTimestamp(-5, 7));
            w.WriteString("ext");
            w.WriteExt(9, new byte[] { 0xaa, 0xbb, 0xcc });
        });

        [Test]
        public void Skip_TruncatedAtEveryOffsetOfANestedDocument_FailsWithinTheInput()
        {
            byte[] full = NestedDocument();
            var whole = new MessagePackReader(full);
            whole.Skip();
            Assert.That(whole.End, Is.True, "the untruncated document skips cleanly");

            for (int length = 0; length < full.Length; length++)
            {
                byte[] prefix = full.AsSpan(0, length).ToArray();
                var e = Fails(prefix, (ref MessagePackReader r) => r.Skip());
                Assert.That(e.Offset, Is.LessThanOrEqualTo(length), "truncated to " + length + ": " + e.Message);
            }
        }

        [Test]
        public void ReadString_Str32DeclaringTwoGigabytes_FailsWithoutAllocating()
        {
            byte[] bytes = Hex("db-80-00-00-00-61-62-63");
            long before = AllocationCounter.Now();
            var e = Fails(bytes, (ref MessagePackReader r) => r.ReadString());
            long allocated = AllocationCounter.Now() - before;
            Assert.That(e.Message, Does.Contain("2147483648").And.Contain("only 3 bytes remain"));
            Assert.That(e.Offset, Is.EqualTo(0));
            Assert.That(allocated, Is.LessThan(AllocationBudgetBytes), "bytes allocated while rejecting the string");
        }

        [TestCase("dd-ff-ff-ff-ff", "4294967295 elements")]
        [TestCase("df-ff-ff-ff-ff", "4294967295 entries")]
        [TestCase("c6-ff-ff-ff-ff-00", "4294967295 bytes")]
        [TestCase("c9-ff-ff-ff-ff-01", "4294967295 bytes")]
        [TestCase("dc-ff-ff-c0-c0", "65535 elements")]
        [TestCase("de-00-02-c0-c0-c0", "2 entries")]
        public void Skip_ContainerOrBlobDeclaringMoreThanRemains_FailsAtOnce(string hex, string declared)
        {
            long before = AllocationCounter.Now();
            var e = Fails(Hex(hex), (ref MessagePackReader r) => r.Skip());
            long allocated = AllocationCounter.Now() - before;
            Assert.That(e.Message, Does.Contain(declared).And.Contain("remain"));
            Assert.That(allocated, Is.LessThan(AllocationBudgetBytes));
        }

        [TestCase(0x91)]   // fixarray of 1
        [TestCase(0x81)]   // fixmap of 1 (key nil, value the next level)
        public void Skip_NestingTenThousandDeep_FailsAtTheDepthLimitInsteadOfOverflowingTheStack(int container)
        {
            const int depth = 10_000;
            var bytes = new List<byte>();
            for (int i = 0; i < depth; i++)
            {
                bytes.Add((byte)container);
                if (container == 0x81) bytes.Add(0xc0);
            }
            bytes.Add(0xc0);
            var e = Fails(bytes.ToArray(), (ref MessagePackReader r) => r.Skip());
            Assert.That(e.Message, Does.Contain("deeper than the limit of 64"));
            int stride = container == 0x81 ? 2 : 1;
            Assert.That(e.Offset, Is.EqualTo(64 * stride), "the 65th container is the one rejected");
        }

        [Test]
        public void Skip_NestingExactlyAtTheLimit_Succeeds()
        {
            var limits = new MessagePackLimits(maxDepth: 5);
            byte[] five = Hex("91-91-91-91-91-c0");
            var reader = new MessagePackReader(five, limits);
            reader.Skip();
            Assert.That(reader.End, Is.True);
            Fails(Hex("91-91-91-91-91-91-c0"), (ref MessagePackReader r) => r.Skip(), limits);
            Assert.That(reader.Depth, Is.EqualTo(0), "Skip leaves the depth where it found it");
        }

        [Test]
        public void Limits_StringBinaryAndContainerLengths_AreEnforced()
        {
            var limits = new MessagePackLimits(maxStringLength: 3, maxBinaryLength: 2, maxContainerLength: 1);
            var reader = new MessagePackReader(Hex("a3-61-62-63"), limits);
            Assert.That(reader.ReadString(), Is.EqualTo("abc"), "at the limit");
            Assert.That(Fails(Hex("a4-61-62-63-64"), (ref MessagePackReader r) => r.ReadString(), limits).Message,
                Does.Contain("more than the limit of 3"));
            Fails(Hex("c4-03-01-02-03"), (ref MessagePackReader r) => r.ReadBytes(), limits);
            Fails(Hex("d6-01-00-00-00-00"), (ref MessagePackReader r) => r.ReadExtHeader(), limits);
            Fails(Hex("92-c0-c0"), (ref MessagePackReader r) => r.ReadArrayHeader(), limits);
            Fails(Hex("82-c0-c0-c0-c0"), (ref MessagePackReader r) => r.ReadMapHeader(), limits);
        }

        [Test]
        public void EnterContainer_CountsDepthForRecursiveReaders()
        {
            var limits = new MessagePackLimits(maxDepth: 2);
            var e = Fails(Hex("91-91-91-c0"), (ref MessagePackReader r) =>
            {
                while (r.PeekType() == MessagePackType.Array)
                {
                    r.ReadArrayHeader();
                    r.EnterContainer();
                }
            }, limits);
            Assert.That(e.Offset, Is.EqualTo(2), "the header of the third array");
        }

        [TestCase("cd-01")]
        [TestCase("ce-00-00-01")]
        [TestCase("cf-00")]
        [TestCase("d3-00-00-00-00-00-00-00")]
        [TestCase("cb-00-00")]
        [TestCase("d9")]
        [TestCase("da-00")]
        [TestCase("c4-05-00")]
        [TestCase("c7-03")]
        [TestCase("d6-ff-00")]
        [TestCase("c1")]
        public void EveryTruncatedScalar_FailsWithItsOffsetInTheMessage(string hex)
        {
            byte[] bytes = Hex("c0-" + hex);
            var e = Fails(bytes, (ref MessagePackReader r) =>
            {
                r.Skip();
                r.Skip();
            });
            Assert.That(e.Offset, Is.EqualTo(1), e.Message);
        }

        [Test]
        public void Skip_SeededRandomBytes_EitherSucceedsOrFailsWithTheDocumentedException()
        {
            var rng = new Random(20240611);
            int failures = 0;
            for (int trial = 0; trial < 20_000; trial++)
            {
                var bytes = new byte[rng.Next(1, 40)];
                rng.NextBytes(bytes);
                try
                {
                    var reader = new MessagePackReader(bytes);
                    while (!reader.End) reader.Skip();
                }
                catch (MessagePackFormatException e)
                {
                    AssertNamesOffset(e);
                    Assert.That(e.Offset, Is.LessThanOrEqualTo(bytes.Length));
                    failures++;
                }
            }
            Assert.That(failures, Is.GreaterThan(0), "random input must sometimes be rejected");
        }

        [Test]
        public void Skip_EveryByteOfANestedDocumentMutated_EitherSucceedsOrFailsWithTheDocumentedException()
        {
            byte[] original = NestedDocument();
            var values = new byte[] { 0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xc6, 0xc9, 0xcb, 0xcf, 0xd3, 0xd8, 0xdb, 0xdd, 0xdf, 0xff };
            foreach (byte value in values)
            {
                for (int i = 0; i < original.Length; i++)
                {
                    byte[] bytes = (byte[])original.Clone();
                    bytes[i] = value;
                    try
                    {
                        var reader = new MessagePackReader(bytes);
                        while (!reader.End) reader.Skip();
                    }
                    catch (MessagePackFormatException e)
                    {
                        AssertNamesOffset(e);
                    }
                }
            }
        }
    }
}
