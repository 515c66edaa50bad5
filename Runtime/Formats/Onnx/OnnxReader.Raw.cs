// OnnxReader, raw_data and external data: little-endian element bytes widened to the IR's float/long/double/bool
// arrays. The caller has already checked that the byte count equals element count times element size.
using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recurrent.Formats.Onnx
{
    public static partial class OnnxReader
    {
        private static OnnxTensor DecodeRaw(string name, OnnxDataType type, long[] shape, int count, ReadOnlySpan<byte> raw,
            OnnxReaderContext context, long tensorOffset)
        {
            switch (type)
            {
                case OnnxDataType.Float:
                {
                    var values = new float[count];
                    if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                    else for (int k = 0; k < count; k++) values[k] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(k * 4)));
                    return new OnnxTensor(name, type, shape, floats: values);
                }
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                {
                    var values = new float[count];
                    if (type == OnnxDataType.Float16)
                        for (int k = 0; k < count; k++) values[k] = HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(k * 2)));
                    else
                        for (int k = 0; k < count; k++) values[k] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(k * 2)));
                    return new OnnxTensor(name, type, shape, floats: values);
                }
                case OnnxDataType.Double:
                {
                    var values = new double[count];
                    if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                    else for (int k = 0; k < count; k++) values[k] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(k * 8)));
                    return new OnnxTensor(name, type, shape, doubles: values);
                }
                case OnnxDataType.Bool:
                {
                    // ONNX: one byte per element; any non-zero byte is true.
                    var values = new bool[count];
                    for (int k = 0; k < count; k++) values[k] = raw[k] != 0;
                    return new OnnxTensor(name, type, shape, bools: values);
                }
                default:
                {
                    long[] values = DecodeRawIntegers(type, count, raw);
                    if (type == OnnxDataType.UInt64 && AnyNegative(values))
                    {
                        ThrowTensor(context, tensorOffset, $"{TensorLabel(name)} is UINT64 with a value above 2^63-1, which does not fit Int64.");
                    }

                    return new OnnxTensor(name, type, shape, longs: values);
                }
            }
        }

        private static long[] DecodeRawIntegers(OnnxDataType type, int count, ReadOnlySpan<byte> raw)
        {
            var values = new long[count];
            switch (type)
            {
                case OnnxDataType.Int8:
                    for (int k = 0; k < count; k++) values[k] = (sbyte)raw[k];
                    break;
                case OnnxDataType.UInt8:
                    for (int k = 0; k < count; k++) values[k] = raw[k];
                    break;
                case OnnxDataType.Int16:
                    for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(k * 2));
                    break;
                case OnnxDataType.UInt16:
                    for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(k * 2));
                    break;
                case OnnxDataType.Int32:
                    for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(k * 4));
                    break;
                case OnnxDataType.UInt32:
                    for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadUInt32LittleEndian(raw.Slice(k * 4));
                    break;
                default:
                    // INT64 and UINT64 (the caller checks that the latter fits Int64).
                    if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                    else for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(k * 8));
                    break;
            }

            return values;
        }

        private static bool AnyNegative(long[] values)
        {
            long bits = 0;
            foreach (long v in values) bits |= v;
            return bits < 0;
        }

        /// <summary>IEEE 754 binary16 bits to float, exactly (every half is a float), NaN payloads kept.</summary>
        internal static float HalfToSingle(ushort bits)
        {
            uint sign = (uint)(bits & 0x8000) << 16;
            int exponent = (bits >> 10) & 0x1F;
            uint mantissa = (uint)(bits & 0x3FF);
            if (exponent == 0)
            {
                // Zero or subnormal: mantissa * 2^-24, exact in float.
                float magnitude = mantissa * (1f / 16777216f);
                return sign != 0 ? -magnitude : magnitude;
            }

            uint result = exponent == 0x1F
                ? sign | 0x7F800000u | (mantissa << 13)
                : sign | ((uint)(exponent + 112) << 23) | (mantissa << 13);
            return BitConverter.Int32BitsToSingle((int)result);
        }

        /// <summary>bfloat16 bits are the high half of a float.</summary>
        internal static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);
    }
}
