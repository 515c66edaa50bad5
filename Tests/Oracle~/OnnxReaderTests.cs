// OnnxReader against Google.Protobuf: every fixture model and test-data tensor is parsed by both and compared field by
// field (values bit-exact). Hostile input and wire-format corner cases live in the other OnnxReaderTests.*.cs parts.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;
using RtAttribute = Recurrent.Formats.Onnx.OnnxAttribute;
using RtNode = Recurrent.Formats.Onnx.OnnxNode;
using RtTensor = Recurrent.Formats.Onnx.OnnxTensor;
using RtValueInfo = Recurrent.Formats.Onnx.OnnxValueInfo;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed partial class OnnxReaderTests
    {
        /// <summary>Case folders in Tests/Fixtures~/onnx-conformance (its README lists 98).</summary>
        private const int ConformanceModelCount = 98;

        /// <summary>Case folders in Tests/Fixtures~/ort-generated (its README lists 75).</summary>
        private const int OrtGeneratedModelCount = 75;

        private const string RealModelsFolderName = "onnx-real";

        public static IEnumerable<TestCaseData> ConformanceCases() => CaseData(FixturePaths.OnnxConformance);

        public static IEnumerable<TestCaseData> OrtGeneratedCases() => CaseData(FixturePaths.OrtGenerated);

        public static IEnumerable<TestCaseData> AllFixtureCases() => ConformanceCases().Concat(OrtGeneratedCases());

        public static IEnumerable<TestCaseData> RealModelCases()
        {
            string? root = RealModelsRoot();
            string[] folders = root is null
                ? Array.Empty<string>()
                : Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "model.onnx")))
                    .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
            if (folders.Length == 0)
            {
                yield return new TestCaseData(string.Empty).SetArgDisplayNames("(absent)");
                yield break;
            }

            foreach (string folder in folders) yield return new TestCaseData(folder).SetArgDisplayNames(Path.GetFileName(folder));
        }

        [Test]
        public void FixtureTrees_HoldTheDocumentedNumberOfModels()
        {
            Assert.That(OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance).Length, Is.EqualTo(ConformanceModelCount),
                FixturePaths.OnnxConformance);
            Assert.That(OnnxTestCase.FindCaseDirectories(FixturePaths.OrtGenerated).Length, Is.EqualTo(OrtGeneratedModelCount),
                FixturePaths.OrtGenerated);
        }

        [TestCaseSource(nameof(ConformanceCases))]
        public void ConformanceModel_MatchesGoogleProtobufFieldByField(string caseDirectory) => AssertModelFileMatches(caseDirectory);

        [TestCaseSource(nameof(OrtGeneratedCases))]
        public void OrtGeneratedModel_MatchesGoogleProtobufFieldByField(string caseDirectory) => AssertModelFileMatches(caseDirectory);

        [TestCaseSource(nameof(AllFixtureCases))]
        public void TestDataTensors_MatchGoogleProtobufBitExact(string caseDirectory)
        {
            string[] files = Directory.GetDirectories(caseDirectory, "test_data_set_*")
                .SelectMany(d => Directory.GetFiles(d, "*.pb"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            Assert.That(files, Is.Not.Empty, $"{caseDirectory}: no test_data_set_*/*.pb files");
            foreach (string file in files)
            {
                byte[] bytes = File.ReadAllBytes(file);
                TensorProto expected = TensorProto.Parser.ParseFrom(bytes);
                RtTensor actual = OnnxReader.ReadTensor(bytes, file);
                AssertTensorMatches(expected, actual, Path.GetFileName(caseDirectory) + "/" + Path.GetFileName(Path.GetDirectoryName(file)) + "/" + Path.GetFileName(file));
                RtTensor fromFile = OnnxReader.ReadTensorFile(file);
                AssertTensorMatches(expected, fromFile, file + " (ReadTensorFile)");
            }
        }

        [TestCaseSource(nameof(RealModelCases))]
        public void RealModel_MatchesGoogleProtobufFieldByField(string folder)
        {
            if (folder.Length == 0)
            {
                Assert.Ignore($"The real-model collection ({RealModelsFolderName}) is not present next to the repository " +
                    $"({Path.Combine(FixturePaths.Root, "..", "shared", RealModelsFolderName)}) nor at /work/shared/{RealModelsFolderName}.");
            }

            AssertModelFileMatches(folder);
        }

        private static IEnumerable<TestCaseData> CaseData(string root) =>
            OnnxTestCase.FindCaseDirectories(root).Select(d => new TestCaseData(d).SetArgDisplayNames(Path.GetFileName(d)));

        private static string? RealModelsRoot()
        {
            var candidates = new List<string> { "/work/shared/" + RealModelsFolderName };
            try
            {
                candidates.Insert(0, Path.GetFullPath(Path.Combine(FixturePaths.Root, "..", "shared", RealModelsFolderName)));
            }
            catch (DirectoryNotFoundException)
            {
                // No package root found; only the absolute location is left.
            }

            return candidates.FirstOrDefault(Directory.Exists);
        }

        private static void AssertModelFileMatches(string folder)
        {
            string path = Path.Combine(folder, "model.onnx");
            byte[] bytes = File.ReadAllBytes(path);
            ModelProto expected = ModelProto.Parser.ParseFrom(bytes);
            OnnxModel actual = OnnxReader.ReadFile(path);
            Assert.That(actual.Path, Is.EqualTo(path), "OnnxModel.Path");
            AssertModelMatches(expected, actual, Path.GetFileName(folder));
        }

        // ---- Field-by-field comparison with the Google.Protobuf decode ----

        internal static void AssertModelMatches(ModelProto expected, OnnxModel actual, string where)
        {
            Assert.That(actual.IrVersion, Is.EqualTo(expected.IrVersion), $"{where}: ir_version");
            Assert.That(OpsetText(actual.OpsetImports), Is.EqualTo(OpsetText(ExpectedOpsets(expected))), $"{where}: opset_import");
            Assert.That(actual.ProducerName, Is.EqualTo(expected.ProducerName), $"{where}: producer_name");
            Assert.That(actual.ProducerVersion, Is.EqualTo(expected.ProducerVersion), $"{where}: producer_version");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (StringStringEntryProto entry in expected.MetadataProps) metadata[entry.Key] = entry.Value;
            Assert.That(actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
                Is.EqualTo(metadata.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray()), $"{where}: metadata_props");
            AssertGraphMatches(expected.Graph, actual.Graph, $"{where}/graph '{expected.Graph.Name}'");
        }

        private static Dictionary<string, long> ExpectedOpsets(ModelProto model)
        {
            var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (OperatorSetIdProto opset in model.OpsetImport)
            {
                string domain = opset.Domain == "ai.onnx" ? string.Empty : opset.Domain;
                if (!opsets.TryGetValue(domain, out long v) || opset.Version > v) opsets[domain] = opset.Version;
            }

            return opsets;
        }

        private static string OpsetText(IEnumerable<KeyValuePair<string, long>> opsets) =>
            string.Join(", ", opsets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"'{p.Key}':{p.Value}"));

        internal static void AssertGraphMatches(GraphProto expected, OnnxGraph actual, string where)
        {
            Assert.That(actual.Name, Is.EqualTo(expected.Name), $"{where}: name");
            Assert.That(actual.Nodes.Select(n => n.OpType).ToArray(), Is.EqualTo(expected.Node.Select(n => n.OpType).ToArray()),
                $"{where}: node op types");
            for (int i = 0; i < expected.Node.Count; i++)
            {
                AssertNodeMatches(expected.Node[i], actual.Nodes[i], $"{where}/node {i} {expected.Node[i].OpType} '{expected.Node[i].Name}'");
            }

            Assert.That(actual.Initializers.Select(t => t.Name).ToArray(), Is.EqualTo(expected.Initializer.Select(t => t.Name).ToArray()),
                $"{where}: initializer names");
            for (int i = 0; i < expected.Initializer.Count; i++)
            {
                AssertTensorMatches(expected.Initializer[i], actual.Initializers[i], $"{where}/initializer '{expected.Initializer[i].Name}'");
            }

            AssertValueInfosMatch(expected.Input, actual.Inputs, $"{where}/input");
            AssertValueInfosMatch(expected.Output, actual.Outputs, $"{where}/output");
            AssertValueInfosMatch(expected.ValueInfo, actual.ValueInfo, $"{where}/value_info");
        }

        private static void AssertNodeMatches(NodeProto expected, RtNode actual, string where)
        {
            Assert.That(actual.OpType, Is.EqualTo(expected.OpType), $"{where}: op_type");
            Assert.That(actual.Name, Is.EqualTo(expected.Name), $"{where}: name");
            Assert.That(actual.Domain, Is.EqualTo(expected.Domain), $"{where}: domain");
            Assert.That(actual.Inputs, Is.EqualTo(expected.Input.ToArray()), $"{where}: inputs");
            Assert.That(actual.Outputs, Is.EqualTo(expected.Output.ToArray()), $"{where}: outputs");
            Assert.That(actual.Attributes.Select(a => a.Name).ToArray(), Is.EqualTo(expected.Attribute.Select(a => a.Name).ToArray()),
                $"{where}: attribute names");
            for (int i = 0; i < expected.Attribute.Count; i++)
            {
                AssertAttributeMatches(expected.Attribute[i], actual.Attributes[i], $"{where}/attribute '{expected.Attribute[i].Name}'");
            }
        }

        private static void AssertAttributeMatches(AttributeProto expected, RtAttribute actual, string where)
        {
            Assert.That((int)actual.Type, Is.EqualTo((int)ExpectedAttributeType(expected)), $"{where}: type");
            Assert.That(BitConverter.SingleToInt32Bits(actual.F), Is.EqualTo(BitConverter.SingleToInt32Bits(expected.F)), $"{where}: f bits");
            Assert.That(actual.I, Is.EqualTo(expected.I), $"{where}: i");
            Assert.That(actual.S, Is.EqualTo(expected.S.ToStringUtf8()), $"{where}: s");
            Assert.That(actual.Floats.Select(BitConverter.SingleToInt32Bits).ToArray(),
                Is.EqualTo(expected.Floats.Select(BitConverter.SingleToInt32Bits).ToArray()), $"{where}: floats bits");
            Assert.That(actual.Ints, Is.EqualTo(expected.Ints.ToArray()), $"{where}: ints");
            Assert.That(actual.Strings, Is.EqualTo(expected.Strings.Select(s => s.ToStringUtf8()).ToArray()), $"{where}: strings");

            Assert.That(actual.T is null, Is.EqualTo(expected.T is null), $"{where}: t present");
            if (expected.T != null) AssertTensorMatches(expected.T, actual.T!, $"{where}/t");
            Assert.That(actual.G is null, Is.EqualTo(expected.G is null), $"{where}: g present");
            if (expected.G != null) AssertGraphMatches(expected.G, actual.G!, $"{where}/g '{expected.G.Name}'");

            Assert.That(actual.Tensors.Length, Is.EqualTo(expected.Tensors.Count), $"{where}: tensors count");
            for (int i = 0; i < expected.Tensors.Count; i++) AssertTensorMatches(expected.Tensors[i], actual.Tensors[i], $"{where}/tensors[{i}]");
            Assert.That(actual.Graphs.Length, Is.EqualTo(expected.Graphs.Count), $"{where}: graphs count");
            for (int i = 0; i < expected.Graphs.Count; i++) AssertGraphMatches(expected.Graphs[i], actual.Graphs[i], $"{where}/graphs[{i}]");
        }

        // The declared type, or for a file without one, the kind of the one populated value field (old IR files).
        private static AttributeType ExpectedAttributeType(AttributeProto proto)
        {
            if (proto.Type != AttributeType.Undefined) return proto.Type;
            if (proto.Floats.Count > 0) return AttributeType.Floats;
            if (proto.Ints.Count > 0) return AttributeType.Ints;
            if (proto.Strings.Count > 0) return AttributeType.Strings;
            if (proto.Tensors.Count > 0) return AttributeType.Tensors;
            if (proto.Graphs.Count > 0) return AttributeType.Graphs;
            if (proto.T != null) return AttributeType.Tensor;
            if (proto.G != null) return AttributeType.Graph;
            if (!proto.S.IsEmpty) return AttributeType.String;
            if (proto.I != 0) return AttributeType.Int;
            if (BitConverter.SingleToInt32Bits(proto.F) != 0) return AttributeType.Float;
            return AttributeType.Undefined;
        }

        private static void AssertValueInfosMatch(IList<ValueInfoProto> expected, RtValueInfo[] actual, string where)
        {
            Assert.That(actual.Select(v => v.Name).ToArray(), Is.EqualTo(expected.Select(v => v.Name).ToArray()), $"{where}: names");
            for (int i = 0; i < expected.Count; i++)
            {
                ValueInfoProto e = expected[i];
                RtValueInfo a = actual[i];
                string at = $"{where} '{e.Name}'";
                TypeProto.Types.Tensor? tensorType = e.Type?.ValueCase == TypeProto.ValueOneofCase.TensorType ? e.Type.TensorType : null;
                Assert.That((int)a.ElementType, Is.EqualTo(tensorType?.ElemType ?? 0), $"{at}: elem_type");
                if (tensorType?.Shape is null)
                {
                    Assert.That(a.DimValues, Is.Null, $"{at}: shape (none declared)");
                    continue;
                }

                long[] dims = tensorType.Shape.Dim
                    .Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0 ? d.DimValue : -1)
                    .ToArray();
                string[] parameters = tensorType.Shape.Dim
                    .Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : string.Empty)
                    .ToArray();
                Assert.That(a.DimValues, Is.EqualTo(dims), $"{at}: dim values");
                Assert.That(a.DimParams, Is.EqualTo(parameters), $"{at}: dim params");
            }
        }

        /// <summary>Dims, type, name and the values, decoded here independently of the reader, compared bit for bit.</summary>
        internal static void AssertTensorMatches(TensorProto expected, RtTensor actual, string where)
        {
            Assert.That(actual.Name, Is.EqualTo(expected.Name), $"{where}: name");
            Assert.That((int)actual.DataType, Is.EqualTo(expected.DataType), $"{where}: data_type");
            Assert.That(actual.Dims, Is.EqualTo(expected.Dims.ToArray()), $"{where}: dims");
            ReadOnlySpan<byte> raw = expected.RawData.Span;
            bool hasRaw = !expected.RawData.IsEmpty;
            var type = (DataType)expected.DataType;
            switch (type)
            {
                case DataType.Float:
                case DataType.Float16:
                case DataType.Bfloat16:
                {
                    float[] values = type == DataType.Float
                        ? hasRaw ? RawValues(raw, 4, s => BinaryPrimitives.ReadSingleLittleEndian(s)) : expected.FloatData.ToArray()
                        : hasRaw ? RawValues(raw, 2, s => Widen16(type, BinaryPrimitives.ReadUInt16LittleEndian(s)))
                            : expected.Int32Data.Select(v => Widen16(type, (ushort)v)).ToArray();
                    AssertOnly(actual, "Floats", where);
                    Assert.That(actual.Floats!.Select(BitConverter.SingleToInt32Bits).ToArray(),
                        Is.EqualTo(values.Select(BitConverter.SingleToInt32Bits).ToArray()), $"{where}: float bits");
                    break;
                }
                case DataType.Double:
                {
                    double[] values = hasRaw ? RawValues(raw, 8, s => BinaryPrimitives.ReadDoubleLittleEndian(s)) : expected.DoubleData.ToArray();
                    AssertOnly(actual, "Doubles", where);
                    Assert.That(actual.Doubles!.Select(BitConverter.DoubleToInt64Bits).ToArray(),
                        Is.EqualTo(values.Select(BitConverter.DoubleToInt64Bits).ToArray()), $"{where}: double bits");
                    break;
                }
                case DataType.Bool:
                {
                    bool[] values = hasRaw ? raw.ToArray().Select(b => b != 0).ToArray() : expected.Int32Data.Select(v => v != 0).ToArray();
                    AssertOnly(actual, "Bools", where);
                    Assert.That(actual.Bools, Is.EqualTo(values), $"{where}: bools");
                    break;
                }
                default:
                {
                    long[] values = ExpectedIntegers(expected, type, raw, hasRaw);
                    AssertOnly(actual, "Longs", where);
                    Assert.That(actual.Longs, Is.EqualTo(values), $"{where}: integer values");
                    break;
                }
            }
        }

        private static long[] ExpectedIntegers(TensorProto expected, DataType type, ReadOnlySpan<byte> raw, bool hasRaw)
        {
            switch (type)
            {
                case DataType.Int8: return hasRaw ? raw.ToArray().Select(b => (long)(sbyte)b).ToArray() : expected.Int32Data.Select(v => (long)(sbyte)v).ToArray();
                case DataType.Uint8: return hasRaw ? raw.ToArray().Select(b => (long)b).ToArray() : expected.Int32Data.Select(v => (long)(byte)v).ToArray();
                case DataType.Int16: return hasRaw ? RawValues(raw, 2, s => (long)BinaryPrimitives.ReadInt16LittleEndian(s)) : expected.Int32Data.Select(v => (long)(short)v).ToArray();
                case DataType.Uint16: return hasRaw ? RawValues(raw, 2, s => (long)BinaryPrimitives.ReadUInt16LittleEndian(s)) : expected.Int32Data.Select(v => (long)(ushort)v).ToArray();
                case DataType.Int32: return hasRaw ? RawValues(raw, 4, s => (long)BinaryPrimitives.ReadInt32LittleEndian(s)) : expected.Int32Data.Select(v => (long)v).ToArray();
                case DataType.Uint32: return hasRaw ? RawValues(raw, 4, s => (long)BinaryPrimitives.ReadUInt32LittleEndian(s)) : expected.Uint64Data.Select(v => (long)(uint)v).ToArray();
                case DataType.Int64: return hasRaw ? RawValues(raw, 8, s => BinaryPrimitives.ReadInt64LittleEndian(s)) : expected.Int64Data.ToArray();
                case DataType.Uint64: return hasRaw ? RawValues(raw, 8, s => checked((long)BinaryPrimitives.ReadUInt64LittleEndian(s))) : expected.Uint64Data.Select(v => checked((long)v)).ToArray();
                default: throw new NotSupportedException($"The test decoder does not handle {type}.");
            }
        }

        private delegate T SpanReader<T>(ReadOnlySpan<byte> bytes);

        private static T[] RawValues<T>(ReadOnlySpan<byte> raw, int size, SpanReader<T> read)
        {
            Assert.That(raw.Length % size, Is.EqualTo(0), $"raw_data length {raw.Length} is not a multiple of {size}");
            var values = new T[raw.Length / size];
            for (int i = 0; i < values.Length; i++) values[i] = read(raw.Slice(i * size, size));
            return values;
        }

        // System.Half and bfloat16-as-high-bits: a reference independent of the reader's own conversion.
        private static float Widen16(DataType type, ushort bits) =>
            type == DataType.Float16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.Int32BitsToSingle(bits << 16);

        private static void AssertOnly(RtTensor tensor, string which, string where)
        {
            string[] set = new[]
            {
                tensor.Floats != null ? "Floats" : null,
                tensor.Longs != null ? "Longs" : null,
                tensor.Doubles != null ? "Doubles" : null,
                tensor.Bools != null ? "Bools" : null,
            }.Where(s => s != null).Select(s => s!).ToArray();
            Assert.That(set, Is.EqualTo(new[] { which }), $"{where}: value arrays set");
        }
    }
}
