// Writes MessagePack into any IBufferWriter<byte> (System.Buffers.ArrayBufferWriter<byte>, a pipe, a pooled buffer),
// always in the shortest form the spec allows, without allocating. What to write is the caller's business.
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>
    /// A MessagePack writer. It keeps no state of its own (every call goes straight to the buffer writer), so copies
    /// of it write to the same place.
    /// </summary>
    public readonly struct MessagePackWriter
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, true);

        private readonly IBufferWriter<byte> _output;

        public MessagePackWriter(IBufferWriter<byte> output)
        {
            _output = output ?? throw new ArgumentNullException(nameof(output));
        }

        /// <summary>The buffer writer this writes to (for callers that write large raw payloads in chunks).</summary>
        public IBufferWriter<byte> Output => _output;

        public void WriteNil() => WriteCode(MessagePackCode.Nil);

        public void WriteBoolean(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

        /// <summary>The shortest of fixint, int8/16/32/64 (negative) or uint8/16/32/64 (non-negative).</summary>
        public void WriteInt64(long value)
        {
            if (value >= 0)
            {
                WriteUInt64((ulong)value);
                return;
            }
            if (value >= -32)
            {
                WriteCode(unchecked((byte)value));
                return;
            }
            Span<byte> s = _output.GetSpan(9);
            int n;
            if (value >= sbyte.MinValue)
            {
                s[0] = MessagePackCode.Int8;
                s[1] = unchecked((byte)value);
                n = 2;
            }
            else if (value >= short.MinValue)
            {
                s[0] = MessagePackCode.Int16;
                BinaryPrimitives.WriteInt16BigEndian(s.Slice(1), (short)value);
                n = 3;
            }
            else if (value >= int.MinValue)
            {
                s[0] = MessagePackCode.Int32;
                BinaryPrimitives.WriteInt32BigEndian(s.Slice(1), (int)value);
                n = 5;
            }
            else
            {
                s[0] = MessagePackCode.Int64;
                BinaryPrimitives.WriteInt64BigEndian(s.Slice(1), value);
                n = 9;
            }
            _output.Advance(n);
        }

        public void WriteInt32(int value) => WriteInt64(value);

        /// <summary>The shortest of positive fixint or uint8/16/32/64.</summary>
        public void WriteUInt64(ulong value)
        {
            if (value <= MessagePackCode.MaxPositiveFixInt)
            {
                WriteCode((byte)value);
                return;
            }
            Span<byte> s = _output.GetSpan(9);
            int n;
            if (value <= byte.MaxValue)
            {
                s[0] = MessagePackCode.UInt8;
                s[1] = (byte)value;
                n = 2;
            }
            else if (value <= ushort.MaxValue)
            {
                s[0] = MessagePackCode.UInt16;
                BinaryPrimitives.WriteUInt16BigEndian(s.Slice(1), (ushort)value);
                n = 3;
            }
            else if (value <= uint.MaxValue)
            {
                s[0] = MessagePackCode.UInt32;
                BinaryPrimitives.WriteUInt32BigEndian(s.Slice(1), (uint)value);
                n = 5;
            }
            else
            {
                s[0] = MessagePackCode.UInt64;
                BinaryPrimitives.WriteUInt64BigEndian(s.Slice(1), value);
                n = 9;
            }
            _output.Advance(n);
        }

        public void WriteUInt32(uint value) => WriteUInt64(value);

        /// <summary>float32, always (the caller chooses the precision).</summary>
        public void WriteSingle(float value)
        {
            Span<byte> s = _output.GetSpan(5);
            s[0] = MessagePackCode.Float32;
            BinaryPrimitives.WriteInt32BigEndian(s.Slice(1), BitConverter.SingleToInt32Bits(value));
            _output.Advance(5);
        }

        /// <summary>float64, always (the caller chooses the precision).</summary>
        public void WriteDouble(double value)
        {
            Span<byte> s = _output.GetSpan(9);
            s[0] = MessagePackCode.Float64;
            BinaryPrimitives.WriteInt64BigEndian(s.Slice(1), BitConverter.DoubleToInt64Bits(value));
            _output.Advance(9);
        }

        /// <summary>fixarray, array16 or array32.</summary>
        public void WriteArrayHeader(int count)
        {
            if (count < 0) MessagePackThrow.NegativeLength(nameof(count), count);
            if (count <= 15) WriteCode((byte)(MessagePackCode.MinFixArray | count));
            else WriteLengthHeader(count, 0, MessagePackCode.Array16, MessagePackCode.Array32);
        }

        /// <summary>fixmap, map16 or map32; <paramref name="count"/> key/value pairs follow.</summary>
        public void WriteMapHeader(int count)
        {
            if (count < 0) MessagePackThrow.NegativeLength(nameof(count), count);
            if (count <= 15) WriteCode((byte)(MessagePackCode.MinFixMap | count));
            else WriteLengthHeader(count, 0, MessagePackCode.Map16, MessagePackCode.Map32);
        }

        /// <summary>A string (UTF-8 encoded straight into the output; unpaired surrogates are an ArgumentException).</summary>
        public void WriteString(string value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            WriteString(value.AsSpan());
        }

        /// <inheritdoc cref="WriteString(string)"/>
        public void WriteString(ReadOnlySpan<char> value)
        {
            int byteCount = s_utf8.GetByteCount(value);
            WriteStringHeader(byteCount);
            Span<byte> s = _output.GetSpan(byteCount);
            _output.Advance(s_utf8.GetBytes(value, s));
        }

        /// <summary>A string from bytes that are already UTF-8 (not validated).</summary>
        public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
        {
            WriteStringHeader(utf8.Length);
            WriteRaw(utf8);
        }

        /// <summary>fixstr, str8, str16 or str32 for <paramref name="byteCount"/> UTF-8 bytes that the caller writes next.</summary>
        public void WriteStringHeader(int byteCount)
        {
            if (byteCount < 0) MessagePackThrow.NegativeLength(nameof(byteCount), byteCount);
            if (byteCount <= 31) WriteCode((byte)(MessagePackCode.MinFixStr | byteCount));
            else WriteLengthHeader(byteCount, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32);
        }

        /// <summary>bin8, bin16 or bin32 holding <paramref name="value"/>.</summary>
        public void WriteBinary(ReadOnlySpan<byte> value)
        {
            WriteBinaryHeader(value.Length);
            WriteRaw(value);
        }

        /// <summary>bin8, bin16 or bin32 for <paramref name="length"/> bytes that the caller writes next (WriteRaw).</summary>
        public void WriteBinaryHeader(int length)
        {
            if (length < 0) MessagePackThrow.NegativeLength(nameof(length), length);
            WriteLengthHeader(length, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32);
        }

        /// <summary>fixext1/2/4/8/16 when the length is one of those, else ext8, ext16 or ext32; the payload follows.</summary>
        public void WriteExtHeader(sbyte typeCode, int length)
        {
            if (length < 0) MessagePackThrow.NegativeLength(nameof(length), length);
            Span<byte> s = _output.GetSpan(6);
            int n;
            byte fixCode = length switch
            {
                1 => MessagePackCode.FixExt1,
                2 => MessagePackCode.FixExt2,
                4 => MessagePackCode.FixExt4,
                8 => MessagePackCode.FixExt8,
                16 => MessagePackCode.FixExt16,
                _ => 0,
            };
            if (fixCode != 0)
            {
                s[0] = fixCode;
                n = 1;
            }
            else if (length <= byte.MaxValue)
            {
                s[0] = MessagePackCode.Ext8;
                s[1] = (byte)length;
                n = 2;
            }
            else if (length <= ushort.MaxValue)
            {
                s[0] = MessagePackCode.Ext16;
                BinaryPrimitives.WriteUInt16BigEndian(s.Slice(1), (ushort)length);
                n = 3;
            }
            else
            {
                s[0] = MessagePackCode.Ext32;
                BinaryPrimitives.WriteUInt32BigEndian(s.Slice(1), (uint)length);
                n = 5;
            }
            s[n] = unchecked((byte)typeCode);
            _output.Advance(n + 1);
        }

        /// <summary>An extension value: header in its shortest form, then <paramref name="payload"/>.</summary>
        public void WriteExt(sbyte typeCode, ReadOnlySpan<byte> payload)
        {
            WriteExtHeader(typeCode, payload.Length);
            WriteRaw(payload);
        }

        /// <summary>
        /// The timestamp extension in its shortest form: 32-bit when nanoseconds are 0 and seconds fit uint32, 64-bit
        /// when seconds fit 34 bits, else 96-bit.
        /// </summary>
        public void WriteTimestamp(MessagePackTimestamp value)
        {
            long seconds = value.Seconds;
            uint nanoseconds = value.Nanoseconds;
            Span<byte> s = _output.GetSpan(15);
            if ((seconds >> 34) == 0)
            {
                if (nanoseconds == 0 && seconds <= uint.MaxValue)
                {
                    s[0] = MessagePackCode.FixExt4;
                    s[1] = unchecked((byte)MessagePackCode.TimestampType);
                    BinaryPrimitives.WriteUInt32BigEndian(s.Slice(2), (uint)seconds);
                    _output.Advance(6);
                    return;
                }
                s[0] = MessagePackCode.FixExt8;
                s[1] = unchecked((byte)MessagePackCode.TimestampType);
                BinaryPrimitives.WriteUInt64BigEndian(s.Slice(2), ((ulong)nanoseconds << 34) | (ulong)seconds);
                _output.Advance(10);
                return;
            }
            s[0] = MessagePackCode.Ext8;
            s[1] = 12;
            s[2] = unchecked((byte)MessagePackCode.TimestampType);
            BinaryPrimitives.WriteUInt32BigEndian(s.Slice(3), nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(s.Slice(7), seconds);
            _output.Advance(15);
        }

        /// <summary>Bytes copied as they are (the payload after a bin, str or ext header), in chunks for large spans.</summary>
        public void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                Span<byte> s = _output.GetSpan(Math.Min(bytes.Length, 1 << 20));
                int n = Math.Min(s.Length, bytes.Length);
                bytes.Slice(0, n).CopyTo(s);
                _output.Advance(n);
                bytes = bytes.Slice(n);
            }
        }

        private void WriteCode(byte code)
        {
            _output.GetSpan(1)[0] = code;
            _output.Advance(1);
        }

        /// <summary>code8 (when non-zero) / code16 / code32 followed by the big-endian length.</summary>
        private void WriteLengthHeader(int length, byte code8, byte code16, byte code32)
        {
            Span<byte> s = _output.GetSpan(5);
            int n;
            if (code8 != 0 && length <= byte.MaxValue)
            {
                s[0] = code8;
                s[1] = (byte)length;
                n = 2;
            }
            else if (length <= ushort.MaxValue)
            {
                s[0] = code16;
                BinaryPrimitives.WriteUInt16BigEndian(s.Slice(1), (ushort)length);
                n = 3;
            }
            else
            {
                s[0] = code32;
                BinaryPrimitives.WriteUInt32BigEndian(s.Slice(1), (uint)length);
                n = 5;
            }
            _output.Advance(n);
        }
    }
}
