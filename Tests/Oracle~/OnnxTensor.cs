// A decoded onnx.TensorProto: dims plus one typed array, read from raw_data (little-endian) or the typed *_data fields.
// Test-only oracle built on Google.Protobuf; it shares no code with the importer in Runtime/Formats on purpose.
using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Recurrent.Tests.Oracle.Onnx;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;

namespace Recurrent.Tests.Oracle
{
    /// <summary>
    /// A tensor read from an ONNX file. Exactly one of <see cref="Floats"/>, <see cref="Int32s"/>, <see cref="Int64s"/>,
    /// <see cref="Doubles"/>, <see cref="Bools"/> is set, by <see cref="DataType"/>. The decoded length is not checked
    /// against the dims here, so that tests can assert it (<see cref="Length"/> vs <see cref="ElementCount"/>).
    /// </summary>
    internal sealed class OnnxTensor
    {
        private OnnxTensor(string name, DataType dataType, long[] dims)
        {
            Name = name;
            DataType = dataType;
            Dims = dims;
        }

        /// <summary>TensorProto.name (the graph value name in the ONNX test data).</summary>
        public string Name { get; }

        public DataType DataType { get; }

        /// <summary>Row-major dims; empty for a scalar.</summary>
        public long[] Dims { get; }

        public float[]? Floats { get; private set; }

        public int[]? Int32s { get; private set; }

        public long[]? Int64s { get; private set; }

        public double[]? Doubles { get; private set; }

        public bool[]? Bools { get; private set; }

        /// <summary>Product of <see cref="Dims"/> (1 for a scalar).</summary>
        public long ElementCount
        {
            get
            {
                long count = 1;
                foreach (long d in Dims) count *= d;
                return count;
            }
        }

        /// <summary>Number of decoded elements.</summary>
        public int Length =>
            Floats?.Length ?? Int32s?.Length ?? Int64s?.Length ?? Doubles?.Length ?? Bools?.Length ?? 0;

        public string ShapeText => "[" + string.Join(",", Dims) + "]";

        public static OnnxTensor Load(string path) => FromProto(TensorProto.Parser.ParseFrom(File.ReadAllBytes(path)));

        public static OnnxTensor FromProto(TensorProto proto)
        {
            if (proto.DataLocation == TensorProto.Types.DataLocation.External || proto.ExternalData.Count > 0)
            {
                throw new NotSupportedException($"Tensor '{proto.Name}' uses external data, which the oracle does not read.");
            }

            var dataType = (DataType)proto.DataType;
            var tensor = new OnnxTensor(proto.Name, dataType, proto.Dims.ToArray());
            ReadOnlySpan<byte> raw = proto.RawData.Span;
            bool hasRaw = !proto.RawData.IsEmpty;
            switch (dataType)
            {
                case DataType.Float:
                    tensor.Floats = hasRaw ? DecodeRawFloat(raw, proto.Name) : proto.FloatData.ToArray();
                    break;
                case DataType.Int32:
                    tensor.Int32s = hasRaw ? DecodeRawInt32(raw, proto.Name) : proto.Int32Data.ToArray();
                    break;
                case DataType.Int64:
                    tensor.Int64s = hasRaw ? DecodeRawInt64(raw, proto.Name) : proto.Int64Data.ToArray();
                    break;
                case DataType.Double:
                    tensor.Doubles = hasRaw ? DecodeRawDouble(raw, proto.Name) : proto.DoubleData.ToArray();
                    break;
                case DataType.Bool:
                    tensor.Bools = hasRaw ? DecodeRawBool(raw) : DecodeInt32Bool(proto);
                    break;
                default:
                    throw new NotSupportedException($"Tensor '{proto.Name}' has data type {dataType}, which the oracle does not read.");
            }

            return tensor;
        }

        /// <summary>The data as float32; only a FLOAT tensor qualifies (no silent conversion of expected values).</summary>
        public float[] AsFloats()
        {
            if (Floats is null) throw new InvalidDataException($"Tensor '{Name}' is {DataType}, expected FLOAT.");
            return Floats;
        }

        /// <summary>The data as int32 (INT32 as is, INT64 range-checked): for <c>sequence_lens</c>.</summary>
        public int[] AsInt32s()
        {
            if (Int32s is not null) return Int32s;
            if (Int64s is not null)
            {
                var result = new int[Int64s.Length];
                for (int i = 0; i < result.Length; i++) result[i] = checked((int)Int64s[i]);
                return result;
            }

            throw new InvalidDataException($"Tensor '{Name}' is {DataType}, expected INT32 or INT64.");
        }

        public override string ToString() => $"{Name}: {DataType}{ShapeText}";

        private static float[] DecodeRawFloat(ReadOnlySpan<byte> raw, string name)
        {
            var values = new float[CheckedCount(raw.Length, sizeof(float), name)];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
            return values;
        }

        private static int[] DecodeRawInt32(ReadOnlySpan<byte> raw, string name)
        {
            var values = new int[CheckedCount(raw.Length, sizeof(int), name)];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4, 4));
            return values;
        }

        private static long[] DecodeRawInt64(ReadOnlySpan<byte> raw, string name)
        {
            var values = new long[CheckedCount(raw.Length, sizeof(long), name)];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
            return values;
        }

        private static double[] DecodeRawDouble(ReadOnlySpan<byte> raw, string name)
        {
            var values = new double[CheckedCount(raw.Length, sizeof(double), name)];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8, 8));
            return values;
        }

        // ONNX: "Boolean type MUST be written one byte per tensor element".
        private static bool[] DecodeRawBool(ReadOnlySpan<byte> raw)
        {
            var values = new bool[raw.Length];
            for (int i = 0; i < values.Length; i++) values[i] = raw[i] != 0;
            return values;
        }

        private static bool[] DecodeInt32Bool(TensorProto proto)
        {
            var values = new bool[proto.Int32Data.Count];
            for (int i = 0; i < values.Length; i++) values[i] = proto.Int32Data[i] != 0;
            return values;
        }

        private static int CheckedCount(int byteLength, int elementSize, string name)
        {
            if (byteLength % elementSize != 0)
            {
                throw new InvalidDataException(
                    $"Tensor '{name}': raw_data has {byteLength} bytes, not a multiple of the {elementSize}-byte element size.");
            }

            return byteLength / elementSize;
        }
    }
}
