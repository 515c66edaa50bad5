// OnnxReaderTests, a tiny protobuf writer for hand-built (and deliberately broken) wire bytes, and a builder of a
// model that uses every field the reader decodes (built with Google.Protobuf).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Google.Protobuf;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;

namespace Recurrent.Tests.Oracle
{
    public sealed partial class OnnxReaderTests
    {
        private const int WireVarint = 0;
        private const int WireFixed64 = 1;
        private const int WireLen = 2;
        private const int WireStartGroup = 3;
        private const int WireEndGroup = 4;
        private const int WireFixed32 = 5;

        /// <summary>Appends protobuf fields; nothing is validated, so tests can write what no real writer would.</summary>
        private sealed class Pb
        {
            private readonly List<byte> _bytes = new List<byte>();

            public int Length => _bytes.Count;

            public Pb Tag(int field, int wireType) => RawVarint(((ulong)(uint)field << 3) | (uint)wireType);

            public Pb RawVarint(ulong value)
            {
                while (value >= 0x80)
                {
                    _bytes.Add((byte)(value | 0x80));
                    value >>= 7;
                }

                _bytes.Add((byte)value);
                return this;
            }

            public Pb Raw(params byte[] bytes)
            {
                _bytes.AddRange(bytes);
                return this;
            }

            public Pb Varint(int field, long value) => Tag(field, WireVarint).RawVarint((ulong)value);

            public Pb Fixed32(int field, uint value) => Tag(field, WireFixed32).Raw(BitConverter.GetBytes(value));

            public Pb Float(int field, float value) => Fixed32(field, (uint)BitConverter.SingleToInt32Bits(value));

            public Pb Fixed64(int field, ulong value) => Tag(field, WireFixed64).Raw(BitConverter.GetBytes(value));

            public Pb Bytes(int field, byte[] value) => Tag(field, WireLen).RawVarint((ulong)value.Length).Raw(value);

            public Pb String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

            public Pb Message(int field, Pb message) => Bytes(field, message.ToArray());

            public Pb Message(int field, IMessage message) => Bytes(field, message.ToByteArray());

            public Pb PackedVarints(int field, params long[] values)
            {
                var inner = new Pb();
                foreach (long v in values) inner.RawVarint((ulong)v);
                return Message(field, inner);
            }

            public Pb PackedFloats(int field, params float[] values) =>
                Bytes(field, values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());

            /// <summary>One unknown field of every wire type, a nested group included, numbered from <paramref name="first"/>.</summary>
            public Pb UnknownFields(int first = 1000)
            {
                Varint(first, 1234567890123L);
                Fixed64(first + 1, 0x0102030405060708UL);
                Bytes(first + 2, new byte[] { 0x08, 0x96, 0x01, 0xFF });
                Tag(first + 3, WireStartGroup).Varint(1, 5).Tag(2, WireStartGroup).Fixed32(3, 7).Tag(2, WireEndGroup).String(4, "g").Tag(first + 3, WireEndGroup);
                Fixed32(first + 4, 0xDEADBEEF);
                return this;
            }

            public byte[] ToArray() => _bytes.ToArray();
        }

        /// <summary>
        /// A model that exercises every field OnnxReader decodes: opsets incl. "ai.onnx" and a custom domain, metadata,
        /// raw and typed initializers of several types, symbolic and fixed dims, attributes of every kind and a Loop
        /// body subgraph that holds a Constant with a tensor attribute.
        /// </summary>
        private static ModelProto BuildRichModel()
        {
            var model = new ModelProto { IrVersion = 8, ProducerName = "rich-test", ProducerVersion = "1.2.3", Graph = new GraphProto { Name = "main" } };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx", Version = 17 });
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "note", Value = "ünïcode ✓" });

            GraphProto g = model.Graph;
            g.Initializer.Add(RawFloatTensor("W", new long[] { 2, 3 }, 0.5f, -1.25f, 3e-8f, float.MaxValue, -0f, 7f));
            var b = new TensorProto { Name = "B", DataType = (int)DataType.Float };
            b.Dims.Add(3);
            b.FloatData.Add(new[] { 1f, float.Epsilon, -2f });
            g.Initializer.Add(b);
            var shape = new TensorProto { Name = "shape", DataType = (int)DataType.Int64 };
            shape.Dims.Add(2);
            shape.Int64Data.Add(new[] { -1L, long.MaxValue });
            g.Initializer.Add(shape);
            var flags = new TensorProto { Name = "flags", DataType = (int)DataType.Bool, RawData = ByteString.CopyFrom(0, 1, 2) };
            flags.Dims.Add(3);
            g.Initializer.Add(flags);
            var scalar = new TensorProto { Name = "scalar", DataType = (int)DataType.Double };
            scalar.DoubleData.Add(Math.PI);
            g.Initializer.Add(scalar);

            g.Input.Add(TensorValueInfo("X", DataType.Float, "batch", 3L));
            g.Output.Add(TensorValueInfo("Y", DataType.Float, "batch", null));
            g.ValueInfo.Add(new ValueInfoProto { Name = "unknown_rank", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Int64 } } });

            var gemm = new NodeProto { OpType = "Gemm", Name = "gemm", Input = { "X", "W", "B" }, Output = { "G" } };
            gemm.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeType.Float, F = 0.75f });
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeType.Int, I = 1 });
            g.Node.Add(gemm);

            var lstm = new NodeProto { OpType = "LSTM", Name = "lstm", Domain = "", Input = { "G", "W", "", "B" }, Output = { "", "Yh" } };
            lstm.Attribute.Add(new AttributeProto { Name = "activations", Type = AttributeType.Strings, Strings = { ByteString.CopyFromUtf8("Sigmoid"), ByteString.CopyFromUtf8("Tanh") } });
            lstm.Attribute.Add(new AttributeProto { Name = "activation_alpha", Type = AttributeType.Floats, Floats = { 0.1f, -0.2f } });
            lstm.Attribute.Add(new AttributeProto { Name = "ints", Type = AttributeType.Ints, Ints = { -3, 0, long.MinValue } });
            lstm.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeType.String, S = ByteString.CopyFromUtf8("forward") });
            lstm.Attribute.Add(new AttributeProto { Name = "tensors", Type = AttributeType.Tensors, Tensors = { RawFloatTensor("t0", new long[] { 1 }, 9f) } });
            g.Node.Add(lstm);

            var body = new GraphProto { Name = "body" };
            body.Input.Add(TensorValueInfo("i", DataType.Int64));
            body.Input.Add(TensorValueInfo("cond", DataType.Bool));
            body.Output.Add(TensorValueInfo("cond_out", DataType.Bool));
            var constant = new NodeProto { OpType = "Constant", Output = { "c" } };
            var value = new TensorProto { DataType = (int)DataType.Int32 };
            value.Dims.Add(2);
            value.Int32Data.Add(new[] { -7, 8 });
            constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeType.Tensor, T = value });
            body.Node.Add(constant);
            body.Node.Add(new NodeProto { OpType = "Identity", Input = { "cond" }, Output = { "cond_out" }, Domain = "ai.onnx" });
            var loop = new NodeProto { OpType = "Loop", Name = "loop", Input = { "", "" }, Output = { "L" } };
            loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeType.Graph, G = body });
            loop.Attribute.Add(new AttributeProto { Name = "branches", Type = AttributeType.Graphs, Graphs = { new GraphProto { Name = "empty" } } });
            g.Node.Add(loop);
            return model;
        }

        private static TensorProto RawFloatTensor(string name, long[] dims, params float[] values)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
            tensor.Dims.Add(dims);
            tensor.RawData = ByteString.CopyFrom(values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());
            return tensor;
        }

        /// <summary>A tensor value info; a string dim is a dim_param, a long a dim_value, null a dim with neither.</summary>
        private static ValueInfoProto TensorValueInfo(string name, DataType type, params object?[] dims)
        {
            var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
            foreach (object? dim in dims)
            {
                var d = new TensorShapeProto.Types.Dimension();
                if (dim is string param) d.DimParam = param;
                else if (dim is long v) d.DimValue = v;
                tensorType.Shape.Dim.Add(d);
            }

            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
        }
    }
}
