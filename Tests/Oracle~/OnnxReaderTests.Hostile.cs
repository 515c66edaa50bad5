// OnnxReaderTests, hostile input: truncation at every offset, random corruption, huge declared lengths, overlong
// varints, overflowing dims, short data, nesting past the limit and the other limits. Only OnnxFormatException may escape.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;
using RtTensor = Recurrent.Formats.Onnx.OnnxTensor;

namespace Recurrent.Tests.Oracle
{
    public sealed partial class OnnxReaderTests
    {
        /// <summary>Random corruptions tried per run (fixed seed, so a failure reproduces).</summary>
        private const int CorruptionTrials = 3000;

        /// <summary>Deep enough to overflow any thread stack if the reader recursed without a depth limit.</summary>
        private const int AbusiveNesting = 100_000;

        /// <summary>A hostile file must be rejected quickly, not after minutes of work.</summary>
        private static readonly TimeSpan HostileReadBudget = TimeSpan.FromSeconds(10);

        [Test]
        public void RichModel_MatchesGoogleProtobufFieldByField()
        {
            ModelProto model = BuildRichModel();
            byte[] bytes = model.ToByteArray();
            OnnxModel actual = OnnxReader.Read(bytes);
            AssertModelMatches(ModelProto.Parser.ParseFrom(bytes), actual, "rich model");
            Assert.That(actual.Opset, Is.EqualTo(17L), "\"ai.onnx\" opset is the default-domain opset");
            Assert.That(actual.Path, Is.Null, "Path of a model read from memory");
        }

        [Test]
        public void TruncatedModel_AtEveryByteOffset_ThrowsFormatExceptionOrParses()
        {
            byte[] bytes = BuildRichModel().ToByteArray();
            int rejected = 0;
            for (int length = 0; length < bytes.Length; length++)
            {
                Exception? error = Catch(() => OnnxReader.Read(bytes.AsSpan(0, length)));
                Assert.That(error is null || error is OnnxFormatException, Is.True,
                    $"truncated to {length} of {bytes.Length} bytes: {error?.GetType().Name}: {error?.Message}");
                if (error != null) rejected++;
            }

            // Cutting the graph (the only field that follows the short header fields) must be noticed nearly everywhere.
            Assert.That(rejected, Is.GreaterThan(bytes.Length * 9 / 10), $"rejected truncations out of {bytes.Length}");
        }

        [Test]
        public void TruncatedTensor_AtEveryByteOffset_ThrowsFormatExceptionOrParses()
        {
            byte[] bytes = BuildRichModel().Graph.Initializer[0].ToByteArray();
            for (int length = 0; length < bytes.Length; length++)
            {
                Exception? error = Catch(() => OnnxReader.ReadTensor(bytes.AsSpan(0, length)));
                Assert.That(error is null || error is OnnxFormatException, Is.True,
                    $"tensor truncated to {length} of {bytes.Length} bytes: {error?.GetType().Name}: {error?.Message}");
            }
        }

        [Test]
        public void RandomlyCorruptedModel_ThrowsFormatExceptionOrParses()
        {
            byte[] original = BuildRichModel().ToByteArray();
            var random = new Random(20240611);
            var options = new OnnxReadOptions { MaxTotalTensorBytes = 1 << 20 };
            for (int trial = 0; trial < CorruptionTrials; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                int flips = 1 + random.Next(4);
                var changes = new string[flips];
                for (int f = 0; f < flips; f++)
                {
                    int at = random.Next(bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                    changes[f] = at.ToString(CultureInfo.InvariantCulture) + "=0x" + bytes[at].ToString("X2", CultureInfo.InvariantCulture);
                }

                var watch = Stopwatch.StartNew();
                Exception? error = Catch(() => OnnxReader.Read(bytes, null, options));
                Assert.That(error is null || error is OnnxFormatException, Is.True,
                    $"trial {trial}, bytes {string.Join(" ", changes)}: {error?.GetType().Name}: {error?.Message}");
                Assert.That(watch.Elapsed, Is.LessThan(HostileReadBudget), $"trial {trial}: read time");
            }
        }

        [Test]
        public void DeclaredLengthOf2Pow31_ThrowsNamingTheOffset()
        {
            byte[] bytes = new Pb().Varint(1, 7).Tag(7, WireLen).RawVarint(1UL << 31).Raw(0x0A, 0x00).ToArray();
            OnnxFormatException error = ReadFails(bytes);
            Assert.That(error.Message, Does.Contain("byte 3:").And.Contain("2147483648"), "message");
        }

        [Test]
        public void DeclaredLengthNear2Pow64_Throws()
        {
            byte[] bytes = new Pb().Tag(7, WireLen).RawVarint(ulong.MaxValue).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("byte 1:").And.Contain("exceeds"), "message");
        }

        [Test]
        public void VarintOf11Bytes_Throws()
        {
            byte[] bytes = new Pb().Tag(1, WireVarint).Raw(Enumerable.Repeat((byte)0x80, 10).ToArray()).Raw(0x01).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("byte 1:").And.Contain("longer than 10 bytes"), "message");
        }

        [Test]
        public void VarintOverflowing64Bits_Throws()
        {
            byte[] bytes = new Pb().Tag(1, WireVarint).Raw(Enumerable.Repeat((byte)0xFF, 9).ToArray()).Raw(0x02).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("overflows 64 bits"), "message");
        }

        [Test]
        public void TruncatedVarint_Throws()
        {
            byte[] bytes = new Pb().Tag(1, WireVarint).Raw(0x80, 0x80).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("byte 1:").And.Contain("truncated varint"), "message");
        }

        [Test]
        public void NegativeIrVersionAsTenByteVarint_Parses()
        {
            var model = new ModelProto { IrVersion = -1, Graph = new GraphProto() };
            Assert.That(OnnxReader.Read(model.ToByteArray()).IrVersion, Is.EqualTo(-1L), "ir_version");
        }

        [TestCase(new long[] { 1L << 40, 1L << 40 }, TestName = "DimsWhoseProductOverflows_Throw(2^40 x 2^40)")]
        [TestCase(new long[] { long.MaxValue, 2, 0 + 3 }, TestName = "DimsWhoseProductOverflows_Throw(max x 2 x 3)")]
        [TestCase(new long[] { 3037000500L, 3037000500L }, TestName = "DimsWhoseProductOverflows_Throw(sqrt(2^63) squared)")]
        [TestCase(new long[] { 1L << 20, 1L << 20 }, TestName = "DimsWhoseProductOverflows_Throw(2^40 elements, above the limit)")]
        public void DimsWhoseProductOverflows_Throw(long[] dims)
        {
            byte[] bytes = new Pb().PackedVarints(1, dims).Varint(2, (int)DataType.Float).String(8, "huge").Bytes(9, new byte[16]).ToArray();
            OnnxFormatException error = ReadTensorFails(bytes);
            Assert.That(error.Message, Does.Contain("'huge'").And.Contain("limit"), "message");
        }

        [Test]
        public void NegativeDim_Throws()
        {
            byte[] bytes = new Pb().Varint(1, 2).Varint(1, -3).Varint(2, (int)DataType.Float).String(8, "neg").ToArray();
            Assert.That(ReadTensorFails(bytes).Message, Does.Contain("'neg'").And.Contain("negative dimension -3"), "message");
        }

        /// <summary>A million dims of 1 (one byte each): the reader must stop at the 33rd, not decode and print them all.</summary>
        private const int HostileRank = 1_000_000;

        [TestCase(true, TestName = "TensorWithAMillionDims_Packed_IsRejectedAtThe33rdWithAShortMessage")]
        [TestCase(false, TestName = "TensorWithAMillionDims_Unpacked_IsRejectedAtThe33rdWithAShortMessage")]
        public void TensorWithAMillionDims_IsRejectedAtThe33rdWithAShortMessage(bool packed)
        {
            var pb = new Pb().Varint(2, (int)DataType.Float).String(8, "deep");
            if (packed) pb.PackedVarints(1, Enumerable.Repeat(1L, HostileRank).ToArray());
            else for (int i = 0; i < HostileRank; i++) pb.Varint(1, 1);
            byte[] bytes = pb.Bytes(9, new byte[4]).ToArray();

            Exception? error = null;
            long allocated = AllocationCounter.Measure(() => error = Catch(() => OnnxReader.ReadTensor(bytes)));

            Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
            Assert.That(error!.Message, Does.Contain("TensorProto.dims").And.Contain("32"), "message");
            Assert.That(error.Message.Length, Is.LessThan(500), "message length");
            // Before the limit this read allocated 72 times its input; now only the first 32 dims, the exception and its message.
            Assert.That(allocated, Is.LessThan(64 * 1024), $"bytes allocated reading {bytes.Length} bytes");
        }

        [TestCase(32, true, TestName = "TensorOfRank32_IsRead")]
        [TestCase(33, false, TestName = "TensorOfRank33_IsRejected")]
        public void TensorAtTheRankLimit(int rank, bool accepted)
        {
            byte[] bytes = new Pb().PackedVarints(1, Enumerable.Repeat(1L, rank).ToArray()).Varint(2, (int)DataType.Float)
                .Bytes(9, new byte[4]).ToArray();
            if (accepted) Assert.That(OnnxReader.ReadTensor(bytes).Dims.Length, Is.EqualTo(OnnxReader.MaxRank), "rank");
            else Assert.That(ReadTensorFails(bytes).Message, Does.Contain("32"), "message");
        }

        [TestCase(32, true, TestName = "DeclaredShapeOfRank32_IsRead")]
        [TestCase(33, false, TestName = "DeclaredShapeOfRank33_IsRejected")]
        public void DeclaredShapeAtTheRankLimit(int rank, bool accepted)
        {
            var shape = new TensorShapeProto();
            for (int i = 0; i < rank; i++) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
            var input = new ValueInfoProto
            {
                Name = "x",
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = shape } },
            };
            byte[] bytes = new ModelProto { Graph = new GraphProto { Name = "g", Input = { input } } }.ToByteArray();
            if (accepted) Assert.That(OnnxReader.Read(bytes).Graph.Inputs[0].Rank, Is.EqualTo(OnnxReader.MaxRank), "rank");
            else Assert.That(ReadFails(bytes).Message, Does.Contain("more than 32 dimensions").And.Contain("MaxRank"), "message");
        }

        [Test]
        public void ZeroDimBesideHugeDims_IsAnEmptyTensor()
        {
            byte[] bytes = new Pb().PackedVarints(1, long.MaxValue, 0, long.MaxValue).Varint(2, (int)DataType.Float).ToArray();
            RtTensor tensor = OnnxReader.ReadTensor(bytes);
            Assert.That(tensor.Floats, Is.Empty, "values");
            Assert.That(tensor.ElementCount, Is.EqualTo(0L), "element count");
        }

        [Test]
        public void RawDataShorterThanDims_ThrowsNamingTheTensor()
        {
            var tensor = RawFloatTensor("W", new long[] { 2, 3 }, 1, 2, 3, 4, 5);
            var model = new ModelProto { Graph = new GraphProto { Name = "g", Initializer = { tensor } } };
            OnnxFormatException error = ReadFails(model.ToByteArray());
            Assert.That(error.Message, Does.Contain("tensor 'W'").And.Contain("[2,3]").And.Contain("raw_data has 20 bytes"), "message");
        }

        [Test]
        public void TypedDataLongerThanDims_ThrowsNamingTheTensor()
        {
            var tensor = new TensorProto { Name = "B", DataType = (int)DataType.Float, Dims = { 2 }, FloatData = { 1, 2, 3 } };
            Assert.That(ReadTensorFails(tensor.ToByteArray()).Message, Does.Contain("tensor 'B'").And.Contain("float_data (4) has 3"), "message");
        }

        [Test]
        public void ScalarWithoutData_Throws()
        {
            var tensor = new TensorProto { Name = "s", DataType = (int)DataType.Int64 };
            Assert.That(ReadTensorFails(tensor.ToByteArray()).Message, Does.Contain("tensor 's'").And.Contain("no data"), "message");
        }

        [Test]
        public void SubgraphsNestedBeyondMaxDepth_Throw()
        {
            // Model (0) > graph (1) > [node > attribute > graph] x levels: the innermost graph is at depth 1 + 3 * levels.
            int deepestAllowed = (OnnxReadOptions.DefaultMaxDepth - 1) / 3;
            Assert.That(() => OnnxReader.Read(NestedSubgraphModel(deepestAllowed)), Throws.Nothing, $"{deepestAllowed} nested subgraphs");
            OnnxFormatException error = ReadFails(NestedSubgraphModel(deepestAllowed + 1));
            Assert.That(error.Message, Does.Contain("nested deeper than the limit of 64"), "message");
        }

        [Test]
        public void CustomMaxDepth_IsHonoured()
        {
            var options = new OnnxReadOptions { MaxDepth = 10 };
            Assert.That(() => OnnxReader.Read(NestedSubgraphModel(3), null, options), Throws.Nothing, "depth 10");
            Assert.That(ReadFails(NestedSubgraphModel(4), options).Message, Does.Contain("limit of 10"), "depth 13");
        }

        [Test]
        public void AbusivelyDeepSubgraphs_ThrowFormatExceptionNotStackOverflow()
        {
            byte[] bytes = NestedSubgraphModel(AbusiveNesting);
            var watch = Stopwatch.StartNew();
            Assert.That(ReadFails(bytes).Message, Does.Contain("nested deeper"), "message");
            Assert.That(watch.Elapsed, Is.LessThan(HostileReadBudget), "read time");
        }

        [Test]
        public void AbusivelyDeepGroupsInAnUnknownField_ThrowFormatExceptionNotStackOverflow()
        {
            var pb = new Pb().Varint(1, 7);
            for (int i = 0; i < AbusiveNesting; i++) pb.Tag(100, WireStartGroup);
            for (int i = 0; i < AbusiveNesting; i++) pb.Tag(100, WireEndGroup);
            Assert.That(ReadFails(pb.ToArray()).Message, Does.Contain("nested deeper"), "message");
        }

        [Test]
        public void NodeCountBeyondMaxNodes_Throws()
        {
            var graph = new GraphProto();
            for (int i = 0; i < 5; i++) graph.Node.Add(new NodeProto { OpType = "Relu" });
            byte[] bytes = new ModelProto { Graph = graph }.ToByteArray();
            Assert.That(OnnxReader.Read(bytes, null, new OnnxReadOptions { MaxNodes = 5 }).Graph.Nodes.Length, Is.EqualTo(5), "at the limit");
            Assert.That(ReadFails(bytes, new OnnxReadOptions { MaxNodes = 4 }).Message, Does.Contain("limit of 4 nodes"), "past the limit");
        }

        [Test]
        public void SubgraphNodes_CountTowardsMaxNodes()
        {
            byte[] bytes = NestedSubgraphModel(3);
            Assert.That(ReadFails(bytes, new OnnxReadOptions { MaxNodes = 2 }).Message, Does.Contain("limit of 2 nodes"), "message");
        }

        [Test]
        public void TensorBytesBeyondMaxTotalTensorBytes_Throw()
        {
            byte[] bytes = BuildRichModel().ToByteArray();
            // W 6 floats (24) + B 3 floats (12) + shape 2 longs (16) + flags 3 bools (3) + scalar 1 double (8) = 63 bytes,
            // then 4 bytes for the LSTM "tensors" attribute and 16 for the body's Constant.
            Assert.That(() => OnnxReader.Read(bytes, null, new OnnxReadOptions { MaxTotalTensorBytes = 83 }), Throws.Nothing, "83 bytes");
            Assert.That(ReadFails(bytes, new OnnxReadOptions { MaxTotalTensorBytes = 82 }).Message,
                Does.Contain("MaxTotalTensorBytes"), "82 bytes");
        }

        [Test]
        public void TensorElementsBeyondMaxTensorElements_Throw()
        {
            byte[] bytes = RawFloatTensor("W", new long[] { 2, 3 }, 1, 2, 3, 4, 5, 6).ToByteArray();
            Assert.That(OnnxReader.ReadTensor(bytes, null, new OnnxReadOptions { MaxTensorElements = 6 }).Floats!.Length, Is.EqualTo(6), "at the limit");
            Assert.That(ReadTensorFails(bytes, new OnnxReadOptions { MaxTensorElements = 5 }).Message, Does.Contain("MaxTensorElements"), "past it");
        }

        [Test]
        public void RepeatedAttributeValuesBeyondMaxTensorElements_Throw()
        {
            var attribute = new Pb().String(1, "ints").PackedVarints(8, 1, 2, 3, 4).Varint(20, 7);
            var node = new Pb().String(4, "Foo").Message(5, attribute);
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, node)).ToArray();
            Assert.That(ReadFails(bytes, new OnnxReadOptions { MaxTensorElements = 3 }).Message, Does.Contain("more than the limit of 3 values"), "message");
        }

        [Test]
        public void FloodOfTinyMessages_BeyondMaxMessages_Throws()
        {
            // 2-byte empty attributes: each would become an OnnxAttribute object of ~100 bytes.
            var node = new Pb().String(4, "Foo");
            for (int i = 0; i < 10_000; i++) node.Tag(5, WireLen).RawVarint(0);
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, node)).ToArray();
            Assert.That(OnnxReader.Read(bytes).Graph.Nodes[0].Attributes.Length, Is.EqualTo(10_000), "within the default limit");
            Assert.That(ReadFails(bytes, new OnnxReadOptions { MaxMessages = 5_000 }).Message,
                Does.Contain("limit of 5000 protobuf messages"), "past the limit");
        }

        [Test]
        public void SparseInitializer_IsRejected()
        {
            var graph = new GraphProto { SparseInitializer = { new SparseTensorProto() } };
            byte[] bytes = new ModelProto { Graph = graph }.ToByteArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("sparse initializers are not supported"), "message");
        }

        [Test]
        public void ModelWithoutGraph_Throws()
        {
            byte[] bytes = new ModelProto { IrVersion = 8 }.ToByteArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("no graph"), "message");
        }

        [Test]
        public void EmptyInput_Throws()
        {
            Assert.That(ReadFails(Array.Empty<byte>()).Message, Does.Contain("byte 0:").And.Contain("no graph"), "message");
        }

        [TestCase(6)]
        [TestCase(7)]
        public void InvalidWireType_Throws(int wireType)
        {
            byte[] bytes = new Pb().Varint(1, 7).Tag(1000, wireType).Raw(0, 0, 0, 0).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("byte 2:").And.Contain($"invalid wire type {wireType}"), "message");
        }

        [Test]
        public void FieldNumberZero_Throws()
        {
            Assert.That(ReadFails(new byte[] { 0x00, 0x00 }).Message, Does.Contain("field number 0"), "message");
        }

        [Test]
        public void EndGroupWithoutStartGroup_Throws()
        {
            byte[] bytes = new Pb().Tag(1000, WireEndGroup).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("end-group"), "message");
        }

        [Test]
        public void UnclosedGroup_Throws()
        {
            byte[] bytes = new Pb().Tag(1000, WireStartGroup).Varint(1, 5).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("not closed"), "message");
        }

        [Test]
        public void MismatchedEndGroup_Throws()
        {
            byte[] bytes = new Pb().Tag(1000, WireStartGroup).Tag(1001, WireEndGroup).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("closes the group of field 1000"), "message");
        }

        [Test]
        public void KnownFieldWithWrongWireType_Throws()
        {
            byte[] bytes = new Pb().Fixed64(1, 8).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("ModelProto.ir_version (1)").And.Contain("Fixed64"), "message");
        }

        [Test]
        public void PackedFloatsNotMultipleOf4_Throw()
        {
            byte[] bytes = new Pb().Varint(1, 1).Varint(2, (int)DataType.Float).Bytes(4, new byte[] { 0, 0, 0x80, 0x3F, 0 }).ToArray();
            Assert.That(ReadTensorFails(bytes).Message, Does.Contain("not a multiple of 4"), "message");
        }

        [Test]
        public void PackedVarintsEndingInsideAVarint_Throw()
        {
            byte[] bytes = new Pb().Varint(1, 1).Varint(2, (int)DataType.Int64).Bytes(7, new byte[] { 0x02, 0x83 }).ToArray();
            Assert.That(ReadTensorFails(bytes).Message, Does.Contain("ends inside a varint"), "message");
        }

        [Test]
        public void SecondGraphInModel_Throws()
        {
            byte[] bytes = new Pb().Message(7, new Pb()).Message(7, new Pb()).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("second graph"), "message");
        }

        [Test]
        public void UnknownAttributeType_Throws()
        {
            var attribute = new Pb().String(1, "a").Varint(20, 99);
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, new Pb().Message(5, attribute))).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("unknown type 99"), "message");
        }

        [Test]
        public void Errors_NameTheModelPathAndByteOffset()
        {
            byte[] bytes = BuildRichModel().ToByteArray();
            string folder = NewTempFolder();
            try
            {
                string path = System.IO.Path.Combine(folder, "cut.onnx");
                System.IO.File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 3).ToArray());
                Exception? error = Catch(() => OnnxReader.ReadFile(path));
                Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
                Assert.That(error!.Message, Does.StartWith($"ONNX file '{path}', byte "), "message");
            }
            finally
            {
                System.IO.Directory.Delete(folder, true);
            }
        }

        [Test]
        public void ReadFile_MissingFile_ThrowsFileNotFound()
        {
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".onnx");
            Assert.That(() => OnnxReader.ReadFile(path), Throws.TypeOf<System.IO.FileNotFoundException>(), "missing file");
        }

        [Test]
        public void Options_RejectOutOfRangeLimits()
        {
            var options = new OnnxReadOptions();
            Assert.That(() => options.MaxDepth = 0, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxDepth 0");
            Assert.That(() => options.MaxDepth = OnnxReadOptions.MaxDepthLimit + 1, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxDepth too deep");
            Assert.That(() => options.MaxTensorElements = OnnxReadOptions.MaxTensorElementsLimit + 1, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxTensorElements");
            Assert.That(() => options.MaxTotalTensorBytes = -1, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxTotalTensorBytes");
            Assert.That(() => options.MaxNodes = -1, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxNodes");
            Assert.That(() => options.MaxMessages = -1, Throws.TypeOf<ArgumentOutOfRangeException>(), "MaxMessages");
        }

        // ---- helpers ----

        private static Exception? Catch(TestDelegate action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }

        private static OnnxFormatException ReadFails(byte[] bytes, OnnxReadOptions? options = null) =>
            ExpectFormatException(() => OnnxReader.Read(bytes, null, options));

        private static OnnxFormatException ReadTensorFails(byte[] bytes, OnnxReadOptions? options = null) =>
            ExpectFormatException(() => OnnxReader.ReadTensor(bytes, null, options));

        private static OnnxFormatException ExpectFormatException(TestDelegate action)
        {
            Exception? error = Catch(action);
            Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
            return (OnnxFormatException)error!;
        }

        /// <summary>
        /// A model whose graph holds an If node whose "then_branch" graph holds an If node ... <paramref name="levels"/>
        /// deep. Written back to front so that even 100,000 levels take linear time.
        /// </summary>
        private static byte[] NestedSubgraphModel(int levels)
        {
            var writer = new PrependWriter();
            for (int level = 0; level < levels; level++)
            {
                // graph bytes are at the end; wrap: attribute { name, g } > node { op_type, attribute } > graph { node }.
                writer.PrependLengthAndTag(6);
                writer.Prepend(new Pb().String(1, "then_branch").Varint(20, 5).ToArray());
                writer.PrependLengthAndTag(5);
                writer.Prepend(new Pb().String(4, "If").ToArray());
                writer.PrependLengthAndTag(1);
            }

            writer.PrependLengthAndTag(7);
            writer.Prepend(new Pb().Varint(1, 8).ToArray());
            return writer.ToArray();
        }

        private static string NewTempFolder()
        {
            string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxreader-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>Builds protobuf bytes from the innermost message outwards (each wrap needs the size of what it wraps).</summary>
        private sealed class PrependWriter
        {
            private byte[] _buffer = new byte[256];
            private int _start = 256;

            private int Length => _buffer.Length - _start;

            public void Prepend(byte[] bytes)
            {
                Ensure(bytes.Length);
                _start -= bytes.Length;
                bytes.CopyTo(_buffer, _start);
            }

            /// <summary>Makes everything written so far the payload of length-delimited field <paramref name="field"/>.</summary>
            public void PrependLengthAndTag(int field)
            {
                byte[] header = new Pb().Tag(field, WireLen).RawVarint((ulong)Length).ToArray();
                Prepend(header);
            }

            public byte[] ToArray() => _buffer.AsSpan(_start).ToArray();

            private void Ensure(int more)
            {
                if (_start >= more) return;
                int length = Length;
                var grown = new byte[Math.Max(_buffer.Length * 2, length + more + 256)];
                _buffer.AsSpan(_start).CopyTo(grown.AsSpan(grown.Length - length));
                _buffer = grown;
                _start = grown.Length - length;
            }
        }
    }
}
