// OnnxReaderTests, wire-format and decoding corner cases: unknown fields of every wire type in every message, packed
// and unpacked repeated fields, attributes without a type (old IR), every element type, float16/bfloat16 widening.
using System;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;
using RtAttributeType = Recurrent.Formats.Onnx.OnnxAttributeType;
using RtTensor = Recurrent.Formats.Onnx.OnnxTensor;

namespace Recurrent.Tests.Oracle
{
    public sealed partial class OnnxReaderTests
    {
        [Test]
        public void UnknownFieldsOfEveryWireType_InEveryMessage_AreSkipped()
        {
            // The same small model twice, once with a block of unknown fields (varint, fixed64, bytes, a nested group,
            // fixed32) in every message the reader decodes.
            byte[] plain = HandWrittenModel(withUnknown: false);
            byte[] noisy = HandWrittenModel(withUnknown: true);
            Assert.That(noisy.Length, Is.GreaterThan(plain.Length + 12 * 30), "the noisy model carries the unknown fields");

            OnnxModel actual = OnnxReader.Read(noisy);
            AssertModelMatches(ModelProto.Parser.ParseFrom(noisy), actual, "model with unknown fields");
            AssertModelMatches(ModelProto.Parser.ParseFrom(plain), actual, "model with unknown fields vs without");
            Assert.That(actual.Graph.Initializers[0].Floats, Is.EqualTo(new[] { 1f, 2f }), "initializer values");
            Assert.That(actual.Graph.Nodes[0].Attributes[1].G!.Nodes[0].OpType, Is.EqualTo("Identity"), "subgraph node");
        }

        [Test]
        public void PackedAndUnpackedRepeatedFields_DecodeAlike()
        {
            var packed = new Pb().PackedVarints(1, 2, 3).Varint(2, (int)DataType.Float).String(8, "t")
                .PackedFloats(4, 1, -2, 3.5f, float.NaN, float.NegativeInfinity, 0.1f);
            var unpacked = new Pb().Varint(1, 2).Varint(1, 3).Varint(2, (int)DataType.Float).String(8, "t");
            foreach (float v in new[] { 1, -2, 3.5f, float.NaN, float.NegativeInfinity, 0.1f }) unpacked.Float(4, v);
            // Protobuf also allows a repeated field split over several packed chunks and mixed with unpacked values.
            var mixed = new Pb().Varint(1, 2).PackedVarints(1, 3).Varint(2, (int)DataType.Float).String(8, "t")
                .PackedFloats(4, 1, -2).Float(4, 3.5f).PackedFloats(4, float.NaN, float.NegativeInfinity, 0.1f);
            foreach (Pb pb in new[] { packed, unpacked, mixed })
            {
                byte[] bytes = pb.ToArray();
                AssertTensorMatches(TensorProto.Parser.ParseFrom(bytes), OnnxReader.ReadTensor(bytes), "float tensor");
            }

            var int64Packed = new Pb().PackedVarints(1, 3).Varint(2, (int)DataType.Int64).PackedVarints(7, -1, 0, long.MaxValue);
            var int64Unpacked = new Pb().Varint(1, 3).Varint(2, (int)DataType.Int64).Varint(7, -1).Varint(7, 0).Varint(7, long.MaxValue);
            var doubleUnpacked = new Pb().Varint(1, 2).Varint(2, (int)DataType.Double)
                .Fixed64(10, (ulong)BitConverter.DoubleToInt64Bits(Math.E)).Fixed64(10, (ulong)BitConverter.DoubleToInt64Bits(-0.0));
            var doublePacked = new Pb().Varint(1, 2).Varint(2, (int)DataType.Double)
                .Bytes(10, BitConverter.GetBytes(Math.E).Concat(BitConverter.GetBytes(-0.0)).ToArray());
            foreach (Pb pb in new[] { int64Packed, int64Unpacked, doubleUnpacked, doublePacked })
            {
                byte[] bytes = pb.ToArray();
                AssertTensorMatches(TensorProto.Parser.ParseFrom(bytes), OnnxReader.ReadTensor(bytes), "int64/double tensor");
            }

            var attributePacked = new Pb().String(1, "a").Varint(20, 7).PackedVarints(8, 5, -6).PackedFloats(7, 0.5f, 1.5f);
            var attributeUnpacked = new Pb().String(1, "a").Varint(20, 7).Varint(8, 5).Varint(8, -6).Float(7, 0.5f).Float(7, 1.5f);
            foreach (Pb attribute in new[] { attributePacked, attributeUnpacked })
            {
                byte[] bytes = new Pb().Message(7, new Pb().Message(1, new Pb().String(4, "Foo").Message(5, attribute))).ToArray();
                OnnxModel model = OnnxReader.Read(bytes);
                AssertModelMatches(ModelProto.Parser.ParseFrom(bytes), model, "attribute lists");
                Assert.That(model.Graph.Nodes[0].Attributes[0].Ints, Is.EqualTo(new long[] { 5, -6 }), "ints");
            }
        }

        [TestCase(2, RtAttributeType.Float)]
        [TestCase(3, RtAttributeType.Int)]
        [TestCase(4, RtAttributeType.String)]
        [TestCase(5, RtAttributeType.Tensor)]
        [TestCase(6, RtAttributeType.Graph)]
        [TestCase(7, RtAttributeType.Floats)]
        [TestCase(8, RtAttributeType.Ints)]
        [TestCase(9, RtAttributeType.Strings)]
        [TestCase(10, RtAttributeType.Tensors)]
        [TestCase(11, RtAttributeType.Graphs)]
        public void AttributeWithoutType_TakesTheTypeOfItsValueField(int field, RtAttributeType expected)
        {
            var attribute = new Pb().String(1, "a");
            AppendAttributeValue(attribute, field);
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, new Pb().String(4, "Foo").Message(5, attribute))).ToArray();
            OnnxModel model = OnnxReader.Read(bytes);
            Assert.That(model.Graph.Nodes[0].Attributes[0].Type, Is.EqualTo(expected), $"type inferred from field {field}");
            AssertModelMatches(ModelProto.Parser.ParseFrom(bytes), model, $"attribute with field {field} and no type");
        }

        [Test]
        public void AttributeWithoutTypeAndTwoKindsOfValue_Throws()
        {
            var attribute = new Pb().String(1, "a");
            AppendAttributeValue(attribute, 3);
            AppendAttributeValue(attribute, 7);
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, new Pb().String(4, "Foo").Message(5, attribute))).ToArray();
            Assert.That(ReadFails(bytes).Message, Does.Contain("attribute 'a' has no type"), "message");
        }

        [Test]
        public void AttributeWithTypeAndDefaultValue_KeepsTheDeclaredType()
        {
            // proto3 writers leave out i = 0, so only `type` says this is an INT attribute.
            byte[] bytes = new Pb().Message(7, new Pb().Message(1, new Pb().String(4, "Foo")
                .Message(5, new Pb().String(1, "axis").Varint(20, 2)))).ToArray();
            var attribute = OnnxReader.Read(bytes).Graph.Nodes[0].Attributes[0];
            Assert.That(attribute.Type, Is.EqualTo(RtAttributeType.Int), "type");
            Assert.That(attribute.I, Is.EqualTo(0L), "i");
        }

        [Test]
        public void Float16_AllBitPatterns_WidenExactly()
        {
            ushort[] bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
            byte[] raw = bits.SelectMany(b => BitConverter.GetBytes(b)).ToArray();
            var proto = new TensorProto { Name = "h", DataType = (int)DataType.Float16, Dims = { bits.Length }, RawData = ByteString.CopyFrom(raw) };
            float[] fromRaw = OnnxReader.ReadTensor(proto.ToByteArray()).Floats!;
            proto.RawData = ByteString.Empty;
            proto.Int32Data.Add(bits.Select(b => (int)b));
            float[] fromTyped = OnnxReader.ReadTensor(proto.ToByteArray()).Floats!;
            for (int i = 0; i < bits.Length; i++)
            {
                float expected = (float)BitConverter.UInt16BitsToHalf(bits[i]);
                if (float.IsNaN(expected))
                {
                    Assert.That(float.IsNaN(fromRaw[i]) && float.IsNaN(fromTyped[i]), Is.True, $"half 0x{bits[i]:X4} is NaN");
                    continue;
                }

                Assert.That(BitConverter.SingleToInt32Bits(fromRaw[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)), $"raw half 0x{bits[i]:X4}");
                Assert.That(BitConverter.SingleToInt32Bits(fromTyped[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)), $"int32_data half 0x{bits[i]:X4}");
            }
        }

        [Test]
        public void BFloat16_AllBitPatterns_WidenExactly()
        {
            ushort[] bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
            var proto = new TensorProto { Name = "b", DataType = (int)DataType.Bfloat16, Dims = { bits.Length } };
            proto.RawData = ByteString.CopyFrom(bits.SelectMany(b => BitConverter.GetBytes(b)).ToArray());
            int[] fromRaw = OnnxReader.ReadTensor(proto.ToByteArray()).Floats!.Select(BitConverter.SingleToInt32Bits).ToArray();
            proto.RawData = ByteString.Empty;
            proto.Int32Data.Add(bits.Select(b => (int)b));
            int[] fromTyped = OnnxReader.ReadTensor(proto.ToByteArray()).Floats!.Select(BitConverter.SingleToInt32Bits).ToArray();
            int[] expected = bits.Select(b => b << 16).ToArray();
            Assert.That(fromRaw, Is.EqualTo(expected), "raw_data");
            Assert.That(fromTyped, Is.EqualTo(expected), "int32_data");
        }

        [TestCase("Int8", new long[] { -128, -1, 0, 1, 127 })]
        [TestCase("Uint8", new long[] { 0, 1, 200, 255 })]
        [TestCase("Int16", new long[] { short.MinValue, -1, 0, short.MaxValue })]
        [TestCase("Uint16", new long[] { 0, 1, ushort.MaxValue })]
        [TestCase("Int32", new long[] { int.MinValue, -1, 0, int.MaxValue })]
        [TestCase("Uint32", new long[] { 0, 1, uint.MaxValue })]
        [TestCase("Int64", new long[] { long.MinValue, -1, 0, long.MaxValue })]
        [TestCase("Uint64", new long[] { 0, 1, long.MaxValue })]
        [TestCase("Bool", new long[] { 0, 1, 0, 1 })]
        public void IntegerTypes_RawAndTyped_MatchGoogleProtobuf(string typeName, long[] values)
        {
            var type = Enum.Parse<DataType>(typeName);
            int size = type switch
            {
                DataType.Int8 or DataType.Uint8 or DataType.Bool => 1,
                DataType.Int16 or DataType.Uint16 => 2,
                DataType.Int32 or DataType.Uint32 => 4,
                _ => 8,
            };
            var raw = new byte[values.Length * size];
            for (int i = 0; i < values.Length; i++) BitConverter.GetBytes(values[i]).AsSpan(0, size).CopyTo(raw.AsSpan(i * size, size));
            var fromRaw = new TensorProto { Name = "r", DataType = (int)type, Dims = { values.Length }, RawData = ByteString.CopyFrom(raw) };
            var typed = new TensorProto { Name = "t", DataType = (int)type, Dims = { values.Length } };
            if (type == DataType.Int64) typed.Int64Data.Add(values);
            else if (type == DataType.Uint32 || type == DataType.Uint64) typed.Uint64Data.Add(values.Select(v => (ulong)v));
            else typed.Int32Data.Add(values.Select(v => (int)v));
            foreach (TensorProto proto in new[] { fromRaw, typed })
            {
                RtTensor tensor = OnnxReader.ReadTensor(proto.ToByteArray());
                AssertTensorMatches(proto, tensor, $"{type} {(proto == typed ? "typed" : "raw")}");
                if (type == DataType.Bool) Assert.That(tensor.Bools, Is.EqualTo(values.Select(v => v != 0).ToArray()), "bools");
                else Assert.That(tensor.Longs, Is.EqualTo(values), "values");
            }
        }

        [Test]
        public void UInt64AboveInt64Max_Throws()
        {
            var proto = new TensorProto { Name = "u", DataType = (int)DataType.Uint64, Dims = { 1 }, Uint64Data = { ulong.MaxValue } };
            Assert.That(ReadTensorFails(proto.ToByteArray()).Message, Does.Contain("tensor 'u'").And.Contain("UINT64"), "typed");
            proto.Uint64Data.Clear();
            proto.RawData = ByteString.CopyFrom(BitConverter.GetBytes(ulong.MaxValue));
            Assert.That(ReadTensorFails(proto.ToByteArray()).Message, Does.Contain("tensor 'u'").And.Contain("UINT64"), "raw");
        }

        [TestCase("String")]
        [TestCase("Complex64")]
        [TestCase("Float8E4M3Fn")]
        [TestCase("Undefined")]
        public void UnsupportedElementType_ThrowsNamingIt(string typeName)
        {
            var type = Enum.Parse<DataType>(typeName);
            var proto = new TensorProto { Name = "x", DataType = (int)type, Dims = { 1 }, StringData = { ByteString.CopyFromUtf8("s") } };
            string message = ReadTensorFails(proto.ToByteArray()).Message;
            Assert.That(message, Does.Contain("tensor 'x'"), "names the tensor");
            Assert.That(message, type == DataType.Undefined ? Does.Contain("no data type") : Does.Contain("not supported"), "says why");
        }

        [Test]
        public void RawDataWinsOverTypedData()
        {
            var proto = RawFloatTensor("w", new long[] { 2 }, 1, 2);
            proto.FloatData.Add(new[] { 7f, 8f });
            Assert.That(OnnxReader.ReadTensor(proto.ToByteArray()).Floats, Is.EqualTo(new[] { 1f, 2f }), "values");
        }

        [Test]
        public void OpsetImports_MapAiOnnxToDefaultDomainAndKeepOthers()
        {
            var model = new ModelProto { Graph = new GraphProto() };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx", Version = 13 });
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 11 });
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 2 });
            OnnxModel actual = OnnxReader.Read(model.ToByteArray());
            Assert.That(actual.OpsetImports.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}").ToArray(),
                Is.EqualTo(new[] { "=13", "ai.onnx.ml=2" }), "opsets");
            Assert.That(actual.Opset, Is.EqualTo(13L), "default opset");
        }

        [Test]
        public void ValueInfo_ShapesAndNonTensorTypes_Decode()
        {
            var graph = new GraphProto();
            graph.Input.Add(TensorValueInfo("x", DataType.Float, "N", 3L, null));
            graph.Input.Add(TensorValueInfo("scalar", DataType.Int64));
            graph.Input.Add(new ValueInfoProto { Name = "seq", Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto() } } });
            graph.Input.Add(new ValueInfoProto { Name = "untyped" });
            OnnxModel model = OnnxReader.Read(new ModelProto { Graph = graph }.ToByteArray());
            AssertModelMatches(new ModelProto { Graph = graph }, model, "value infos");
            Assert.That(model.Graph.Inputs[0].ToString(), Is.EqualTo("x: Float[N,3,?]"), "symbolic dims");
            Assert.That(model.Graph.Inputs[1].Rank, Is.EqualTo(0), "scalar rank");
            Assert.That(model.Graph.Inputs[2].Rank, Is.EqualTo(-1), "sequence: unknown rank");
            Assert.That(model.Graph.Inputs[3].ElementType, Is.EqualTo(OnnxDataType.Undefined), "no type");
        }

        private static void AppendAttributeValue(Pb attribute, int field)
        {
            switch (field)
            {
                case 2: attribute.Float(2, 0.25f); break;
                case 3: attribute.Varint(3, 42); break;
                case 4: attribute.String(4, "text"); break;
                case 5: attribute.Message(5, RawFloatTensor("t", new long[] { 1 }, 3)); break;
                case 6: attribute.Message(6, new GraphProto { Name = "sub" }); break;
                case 7: attribute.PackedFloats(7, 1, 2); break;
                case 8: attribute.PackedVarints(8, 1, 2); break;
                case 9: attribute.String(9, "a").String(9, "b"); break;
                case 10: attribute.Message(10, RawFloatTensor("t", new long[] { 1 }, 3)); break;
                default: attribute.Message(11, new GraphProto { Name = "sub" }); break;
            }
        }

        /// <summary>A small model written field by field; with <paramref name="withUnknown"/>, every message gets unknown fields.</summary>
        private static byte[] HandWrittenModel(bool withUnknown)
        {
            Pb U(Pb pb) => withUnknown ? pb.UnknownFields() : pb;

            var dim = U(new Pb().Varint(1, 2));
            var dimParam = U(new Pb().String(2, "batch"));
            var shape = U(new Pb().Message(1, dimParam).Message(1, dim));
            var tensorType = U(new Pb().Varint(1, (int)DataType.Float).Message(2, shape));
            var type = U(new Pb().Message(1, tensorType));
            var input = U(new Pb().String(1, "X").Message(2, type));
            var initializer = U(new Pb().Varint(1, 2).Varint(2, (int)DataType.Float).String(8, "W").PackedFloats(4, 1, 2));
            var subNode = U(new Pb().String(1, "a").String(2, "b").String(4, "Identity"));
            var subGraph = U(new Pb().Message(1, subNode).String(2, "body"));
            var tensorAttribute = U(new Pb().String(1, "value").Varint(20, 4)
                .Message(5, U(new Pb().Varint(2, (int)DataType.Int64).PackedVarints(7, 9))));
            var graphAttribute = U(new Pb().String(1, "body").Varint(20, 5).Message(6, subGraph));
            var node = U(new Pb().String(1, "X").String(1, "W").String(2, "Y").String(3, "n0").String(4, "Loop").String(7, "")
                .Message(5, tensorAttribute).Message(5, graphAttribute));
            var graph = U(new Pb().Message(1, node).String(2, "main").Message(5, initializer).Message(11, input).Message(12, U(new Pb().String(1, "Y"))));
            var opset = U(new Pb().String(1, "").Varint(2, 17));
            var metadata = U(new Pb().String(1, "k").String(2, "v"));
            return U(new Pb().Varint(1, 9).String(2, "hand").String(3, "0.1").Message(8, opset).Message(7, graph).Message(14, metadata)).ToArray();
        }
    }
}
