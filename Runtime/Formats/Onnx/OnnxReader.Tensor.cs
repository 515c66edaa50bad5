// OnnxReader, TensorProto: first pass reads dims, type, name and counts the data; the element count is checked
// against the data before the one exact-size allocation; a second pass decodes typed fields straight into it.
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    public static partial class OnnxReader
    {
        private const string FloatDataField = "TensorProto.float_data (4)";
        private const string Int32DataField = "TensorProto.int32_data (5)";
        private const string Int64DataField = "TensorProto.int64_data (7)";
        private const string DoubleDataField = "TensorProto.double_data (10)";
        private const string UInt64DataField = "TensorProto.uint64_data (11)";

        private static OnnxTensor ReadTensor(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            ProtoWireReader secondPass = reader;
            long tensorOffset = reader.StartOffset;
            OnnxReadOptions options = context.Options;

            var dims = new ProtoList<long>(0);
            int dataType = 0;
            string name = string.Empty;
            bool hasRaw = false;
            ReadOnlySpan<byte> raw = default;
            bool hasSegment = false;
            int dataLocation = 0;
            List<KeyValuePair<string, string>>? externalData = null;
            long floatCount = 0, int32Count = 0, int64Count = 0, doubleCount = 0, uint64Count = 0, stringCount = 0;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.ReadRepeatedVarint(type, ref dims, MaxRank, "TensorProto.dims (1) (a tensor has at most OnnxReader.MaxRank dimensions)");
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.Varint, "TensorProto.data_type (2)");
                        dataType = reader.ReadInt32();
                        break;
                    case 3:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "TensorProto.segment (3)");
                        reader.ReadLengthDelimited();
                        hasSegment = true;
                        break;
                    case 4:
                        floatCount += reader.CountRepeated(type, ProtoWireType.Fixed32, FloatDataField);
                        break;
                    case 5:
                        int32Count += reader.CountRepeated(type, ProtoWireType.Varint, Int32DataField);
                        break;
                    case 6:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "TensorProto.string_data (6)");
                        reader.ReadLengthDelimited();
                        stringCount++;
                        break;
                    case 7:
                        int64Count += reader.CountRepeated(type, ProtoWireType.Varint, Int64DataField);
                        break;
                    case 8:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "TensorProto.name (8)");
                        name = reader.ReadString();
                        break;
                    case 9:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "TensorProto.raw_data (9)");
                        raw = reader.ReadLengthDelimited();
                        hasRaw = true;
                        break;
                    case 10:
                        doubleCount += reader.CountRepeated(type, ProtoWireType.Fixed64, DoubleDataField);
                        break;
                    case 11:
                        uint64Count += reader.CountRepeated(type, ProtoWireType.Varint, UInt64DataField);
                        break;
                    case 13:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "TensorProto.external_data (13)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        (externalData ??= new List<KeyValuePair<string, string>>()).Add(ReadStringEntry(ref sub));
                        break;
                    }
                    case 14:
                        reader.Expect(type, ProtoWireType.Varint, "TensorProto.data_location (14)");
                        dataLocation = reader.ReadInt32();
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            string label = TensorLabel(name);
            var dataTypeEnum = (OnnxDataType)dataType;
            int fileElementSize = FileElementSize(dataTypeEnum);
            if (fileElementSize == 0)
            {
                string typeName = dataType == (int)OnnxDataType.String || (dataType > 0 && dataType <= (int)OnnxDataType.BFloat16)
                    ? dataTypeEnum.ToString().ToUpperInvariant()
                    : dataType.ToString(CultureInfo.InvariantCulture);
                ThrowTensor(context, tensorOffset, dataType == 0
                    ? $"{label} has no data type (TensorProto.data_type is UNDEFINED)."
                    : $"{label} has data type {typeName}, which is not supported.");
            }

            if (hasSegment) ThrowTensor(context, tensorOffset, $"{label} is a segment of a larger tensor, which is not supported.");
            if (dataLocation != 0 && dataLocation != 1)
            {
                ThrowTensor(context, tensorOffset, $"{label} has the unknown data_location {dataLocation.ToString(CultureInfo.InvariantCulture)}.");
            }

            long[] shape = dims.ToArray();
            long count = ElementCount(shape, options.MaxTensorElements, context, tensorOffset, label);
            int memorySize = MemoryElementSize(dataTypeEnum);
            context.ReserveTensorBytes(count * memorySize, name, tensorOffset);
            long fileBytes = count * fileElementSize;

            if (dataLocation == 1)
            {
                if (externalData is null) ThrowTensor(context, tensorOffset, $"{label} has data_location EXTERNAL but no external_data entries.");
                byte[] bytes = ReadExternalData(externalData, label, fileBytes, context, tensorOffset);
                return DecodeRaw(name, dataTypeEnum, shape, (int)count, bytes, context, tensorOffset);
            }

            (long typedCount, int typedField, string typedName) = TypedSource(dataTypeEnum, floatCount, int32Count, int64Count, doubleCount, uint64Count);
            if (hasRaw && (raw.Length > 0 || typedCount == 0))
            {
                if (raw.Length != fileBytes)
                {
                    ThrowTensor(context, tensorOffset,
                        $"{label}: dims {DimsText(shape)} hold {count} {TypeText(dataTypeEnum)} elements ({fileBytes} bytes) " +
                        $"but raw_data has {raw.Length} bytes.");
                }

                return DecodeRaw(name, dataTypeEnum, shape, (int)count, raw, context, tensorOffset);
            }

            if (typedCount != count)
            {
                ThrowTensor(context, tensorOffset, typedCount == 0 && !hasRaw
                    ? $"{label}: dims {DimsText(shape)} hold {count} {TypeText(dataTypeEnum)} elements but the tensor has no data."
                    : $"{label}: dims {DimsText(shape)} hold {count} {TypeText(dataTypeEnum)} elements but {typedName} has {typedCount}.");
            }

            return DecodeTyped(ref secondPass, name, dataTypeEnum, shape, (int)count, typedField, typedName, context, tensorOffset);
        }

        // The typed field that carries each data type when raw_data is absent (onnx.proto, TensorProto comments).
        private static (long Count, int Field, string Name) TypedSource(OnnxDataType type, long floatCount, long int32Count,
            long int64Count, long doubleCount, long uint64Count)
        {
            switch (type)
            {
                case OnnxDataType.Float: return (floatCount, 4, FloatDataField);
                case OnnxDataType.Int64: return (int64Count, 7, Int64DataField);
                case OnnxDataType.Double: return (doubleCount, 10, DoubleDataField);
                case OnnxDataType.UInt32:
                case OnnxDataType.UInt64: return (uint64Count, 11, UInt64DataField);
                default: return (int32Count, 5, Int32DataField);
            }
        }

        private static OnnxTensor DecodeTyped(ref ProtoWireReader reader, string name, OnnxDataType type, long[] shape, int count,
            int typedField, string typedName, OnnxReaderContext context, long tensorOffset)
        {
            var floats = new ProtoList<float>(typedField == 4 ? count : 0);
            var doubles = new ProtoList<double>(typedField == 10 ? count : 0);
            var longs = new ProtoList<long>(typedField == 5 || typedField == 7 || typedField == 11 ? count : 0);
            while (reader.TryReadTag(out int field, out ProtoWireType wire))
            {
                if (field != typedField)
                {
                    reader.SkipField(field, wire);
                    continue;
                }

                if (field == 4) reader.ReadRepeatedFloat(wire, ref floats, count, typedName);
                else if (field == 10) reader.ReadRepeatedDouble(wire, ref doubles, count, typedName);
                else reader.ReadRepeatedVarint(wire, ref longs, count, typedName);
            }

            switch (type)
            {
                case OnnxDataType.Float:
                    return new OnnxTensor(name, type, shape, floats: floats.ToArray());
                case OnnxDataType.Double:
                    return new OnnxTensor(name, type, shape, doubles: doubles.ToArray());
                case OnnxDataType.Int64:
                    return new OnnxTensor(name, type, shape, longs: longs.ToArray());
            }

            long[] values = longs.ToArray();
            switch (type)
            {
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                {
                    var result = new float[count];
                    if (type == OnnxDataType.Float16) for (int k = 0; k < count; k++) result[k] = HalfToSingle((ushort)values[k]);
                    else for (int k = 0; k < count; k++) result[k] = BFloat16ToSingle((ushort)values[k]);
                    return new OnnxTensor(name, type, shape, floats: result);
                }
                case OnnxDataType.Bool:
                {
                    var result = new bool[count];
                    for (int k = 0; k < count; k++) result[k] = (int)values[k] != 0;
                    return new OnnxTensor(name, type, shape, bools: result);
                }
                case OnnxDataType.UInt64:
                {
                    if (AnyNegative(values)) ThrowTensor(context, tensorOffset, $"{TensorLabel(name)} is UINT64 with a value above 2^63-1, which does not fit Int64.");
                    return new OnnxTensor(name, type, shape, longs: values);
                }
            }

            // int32_data carries INT8/16/32 and UINT8/16 (sign or zero extended); uint64_data carries UINT32.
            for (int k = 0; k < count; k++)
            {
                long v = values[k];
                values[k] = type switch
                {
                    OnnxDataType.Int8 => (sbyte)v,
                    OnnxDataType.UInt8 => (byte)v,
                    OnnxDataType.Int16 => (short)v,
                    OnnxDataType.UInt16 => (ushort)v,
                    OnnxDataType.UInt32 => (uint)v,
                    _ => (int)v,
                };
            }

            return new OnnxTensor(name, type, shape, longs: values);
        }

        /// <summary>Product of the dims, after checking each is non-negative and the product stays within the limit.</summary>
        private static long ElementCount(long[] dims, long limit, OnnxReaderContext context, long tensorOffset, string label)
        {
            for (int k = 0; k < dims.Length; k++)
            {
                if (dims[k] < 0)
                {
                    ThrowTensor(context, tensorOffset, $"{label} has the negative dimension {dims[k].ToString(CultureInfo.InvariantCulture)} at axis {k} (dims {DimsText(dims)}).");
                }
            }

            for (int k = 0; k < dims.Length; k++)
            {
                if (dims[k] == 0) return 0;
            }

            long count = 1;
            for (int k = 0; k < dims.Length; k++)
            {
                // count >= 1 and dims[k] >= 1, so this is count * dims[k] > limit without overflowing.
                if (dims[k] > limit / count)
                {
                    ThrowTensor(context, tensorOffset,
                        $"{label}: dims {DimsText(dims)} hold more than the limit of {limit} elements (OnnxReadOptions.MaxTensorElements).");
                }

                count *= dims[k];
            }

            return count;
        }

        // Bytes per element in raw_data / external data; 0 for types this reader does not decode.
        private static int FileElementSize(OnnxDataType type)
        {
            switch (type)
            {
                case OnnxDataType.Bool:
                case OnnxDataType.Int8:
                case OnnxDataType.UInt8:
                    return 1;
                case OnnxDataType.Int16:
                case OnnxDataType.UInt16:
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                    return 2;
                case OnnxDataType.Float:
                case OnnxDataType.Int32:
                case OnnxDataType.UInt32:
                    return 4;
                case OnnxDataType.Int64:
                case OnnxDataType.UInt64:
                case OnnxDataType.Double:
                    return 8;
                default:
                    return 0;
            }
        }

        // Bytes per element as decoded into OnnxTensor (float, long, double or bool arrays).
        private static int MemoryElementSize(OnnxDataType type)
        {
            switch (type)
            {
                case OnnxDataType.Float:
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                    return 4;
                case OnnxDataType.Bool:
                    return 1;
                default:
                    return 8;
            }
        }

        private static string TensorLabel(string name) => name.Length == 0 ? "an unnamed tensor" : "tensor '" + name + "'";

        private static string TypeText(OnnxDataType type) => type.ToString().ToUpperInvariant();

        private static string DimsText(long[] dims)
        {
            var parts = new string[dims.Length];
            for (int k = 0; k < dims.Length; k++) parts[k] = dims[k].ToString(CultureInfo.InvariantCulture);
            return "[" + string.Join(",", parts) + "]";
        }

        [DoesNotReturn]
        private static void ThrowTensor(OnnxReaderContext context, long offset, string message) =>
            OnnxReaderThrowHelper.ThrowFormat(context.Path, offset, message);
    }
}
