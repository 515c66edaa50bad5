// A bounds-checked protobuf wire-format reader over a span: tags, varints, fixed32/64, length-delimited payloads,
// packed and unpacked repeated scalars, and skipping of unknown fields. It knows no ONNX message; OnnxReader does.
using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// Reads one protobuf message (the whole span) field by field. Every read checks the bytes that remain before it
    /// slices or allocates, so a hostile length can never read past the message or ask for more memory than the input
    /// holds. Nested messages are read through <see cref="ReadMessage"/>, which counts the depth against a limit, so
    /// callers that recurse per message cannot overflow the stack. Errors are <see cref="OnnxFormatException"/>s that
    /// name the absolute byte offset and the source path.
    /// </summary>
    internal ref struct ProtoWireReader
    {
        /// <summary>Largest field number protobuf allows (2^29 - 1).</summary>
        private const uint MaxFieldNumber = (1u << 29) - 1;

        private readonly ReadOnlySpan<byte> _data;
        private readonly int _baseOffset;
        private readonly int _depth;
        private readonly int _maxDepth;
        private readonly string? _source;
        private int _position;
        private int _tagPosition;

        /// <summary>A reader over a whole top-level message; <paramref name="source"/> names it in errors.</summary>
        public ProtoWireReader(ReadOnlySpan<byte> data, string? source, int maxDepth)
            : this(data, 0, 0, maxDepth, source)
        {
        }

        private ProtoWireReader(ReadOnlySpan<byte> data, int baseOffset, int depth, int maxDepth, string? source)
        {
            _data = data;
            _baseOffset = baseOffset;
            _depth = depth;
            _maxDepth = maxDepth;
            _source = source;
            _position = 0;
            _tagPosition = 0;
        }

        /// <summary>Absolute offset (from the start of the top-level input) of the next byte to read.</summary>
        public int Offset => _baseOffset + _position;

        /// <summary>Absolute offset of the start of this message's payload.</summary>
        public int StartOffset => _baseOffset;

        /// <summary>Absolute offset of the tag last read by <see cref="TryReadTag"/>.</summary>
        public int TagOffset => _baseOffset + _tagPosition;

        public bool IsAtEnd => _position >= _data.Length;

        /// <summary>Reads the next tag; false at the end of the message.</summary>
        public bool TryReadTag(out int fieldNumber, out ProtoWireType wireType)
        {
            _tagPosition = _position;
            if (_position >= _data.Length)
            {
                fieldNumber = 0;
                wireType = ProtoWireType.Varint;
                return false;
            }

            ulong tag = ReadVarint();
            uint field = (uint)(tag >> 3);
            int type = (int)(tag & 7);
            if (tag > uint.MaxValue || field > MaxFieldNumber) FailAt(_tagPosition, $"tag {tag} has a field number above 2^29-1.");
            if (field == 0) FailAt(_tagPosition, "field number 0 is not valid.");
            if (type > 5) FailAt(_tagPosition, $"field {field} has the invalid wire type {type}.");
            fieldNumber = (int)field;
            wireType = (ProtoWireType)type;
            return true;
        }

        /// <summary>A base-128 varint of at most 10 bytes whose value fits 64 bits.</summary>
        public ulong ReadVarint()
        {
            ReadOnlySpan<byte> data = _data;
            int pos = _position;
            ulong result = 0;
            for (int shift = 0; shift < 63; shift += 7)
            {
                if ((uint)pos >= (uint)data.Length) ThrowTruncatedVarint(_position);
                byte b = data[pos++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    _position = pos;
                    return result;
                }
            }

            // The 10th byte carries only bit 63.
            if ((uint)pos >= (uint)data.Length) ThrowTruncatedVarint(_position);
            byte last = data[pos++];
            if (last > 1) ThrowBadTenthVarintByte(_position, last);
            _position = pos;
            return result | ((ulong)last << 63);
        }

        /// <summary>int64 / uint64 / enum fields: the varint's 64 bits.</summary>
        public long ReadInt64() => (long)ReadVarint();

        /// <summary>int32 fields: protobuf keeps the low 32 bits of the varint.</summary>
        public int ReadInt32() => (int)ReadVarint();

        public uint ReadFixed32()
        {
            if (_data.Length - _position < 4) FailAt(_position, "truncated fixed32 value.");
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position, 4));
            _position += 4;
            return value;
        }

        public ulong ReadFixed64()
        {
            if (_data.Length - _position < 8) FailAt(_position, "truncated fixed64 value.");
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadFixed32());

        public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadFixed64());

        /// <summary>The payload of a length-delimited field; the length is checked against the bytes left first.</summary>
        public ReadOnlySpan<byte> ReadLengthDelimited(out int payloadOffset)
        {
            int start = _position;
            ulong length = ReadVarint();
            int remaining = _data.Length - _position;
            if (length > (ulong)remaining)
            {
                FailAt(start, $"declared length {length} exceeds the {remaining} bytes left in the enclosing message.");
            }

            payloadOffset = _baseOffset + _position;
            ReadOnlySpan<byte> payload = _data.Slice(_position, (int)length);
            _position += (int)length;
            return payload;
        }

        public ReadOnlySpan<byte> ReadLengthDelimited() => ReadLengthDelimited(out _);

        /// <summary>UTF-8 string field (invalid sequences become U+FFFD, as Google.Protobuf does).</summary>
        public string ReadString()
        {
            ReadOnlySpan<byte> bytes = ReadLengthDelimited();
            return bytes.Length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
        }

        /// <summary>A reader over an embedded message, one level deeper; fails past the depth limit.</summary>
        public ProtoWireReader ReadMessage()
        {
            int tagPosition = _tagPosition;
            ReadOnlySpan<byte> payload = ReadLengthDelimited(out int payloadOffset);
            if (_depth + 1 > _maxDepth) ThrowTooDeep(tagPosition);
            return new ProtoWireReader(payload, payloadOffset, _depth + 1, _maxDepth, _source);
        }

        /// <summary>Skips the value of an unknown field of any wire type, including (deprecated) groups.</summary>
        public void SkipField(int fieldNumber, ProtoWireType wireType)
        {
            switch (wireType)
            {
                case ProtoWireType.Varint:
                    ReadVarint();
                    break;
                case ProtoWireType.Fixed64:
                    Skip(8, "fixed64");
                    break;
                case ProtoWireType.LengthDelimited:
                    ReadLengthDelimited();
                    break;
                case ProtoWireType.Fixed32:
                    Skip(4, "fixed32");
                    break;
                case ProtoWireType.StartGroup:
                    SkipGroup(fieldNumber, _tagPosition, _depth + 1);
                    break;
                default:
                    FailAt(_tagPosition, $"end-group tag for field {fieldNumber} without a matching start-group.");
                    break;
            }
        }

        /// <summary>Fails unless a known field came with the wire type its schema gives it.</summary>
        public void Expect(ProtoWireType actual, ProtoWireType expected, string fieldName)
        {
            if (actual != expected) ThrowWrongWireType(fieldName, actual, expected);
        }

        /// <summary>
        /// Number of elements in one occurrence of a repeated scalar field (a packed payload, or one unpacked value),
        /// and moves past it. <paramref name="elementType"/> is Varint, Fixed32 or Fixed64.
        /// </summary>
        public int CountRepeated(ProtoWireType wireType, ProtoWireType elementType, string fieldName)
        {
            if (wireType == elementType)
            {
                SkipField(0, wireType);
                return 1;
            }

            if (wireType != ProtoWireType.LengthDelimited) ThrowWrongWireType(fieldName, wireType, elementType);
            int payloadStart = _position;
            ReadOnlySpan<byte> payload = ReadLengthDelimited(out int payloadOffset);
            switch (elementType)
            {
                case ProtoWireType.Fixed32:
                    if ((payload.Length & 3) != 0) ThrowPackedSize(payloadStart, fieldName, payload.Length, 4);
                    return payload.Length >> 2;
                case ProtoWireType.Fixed64:
                    if ((payload.Length & 7) != 0) ThrowPackedSize(payloadStart, fieldName, payload.Length, 8);
                    return payload.Length >> 3;
                default:
                    int count = 0;
                    for (int i = 0; i < payload.Length; i++) count += payload[i] < 0x80 ? 1 : 0;
                    if (payload.Length > 0 && payload[payload.Length - 1] >= 0x80)
                    {
                        FailAt(payloadOffset - _baseOffset + payload.Length - 1, $"packed field {fieldName} ends inside a varint.");
                    }

                    return count;
            }
        }

        /// <summary>One occurrence of a repeated varint field (packed or not) appended to <paramref name="values"/>.</summary>
        public void ReadRepeatedVarint(ProtoWireType wireType, ref ProtoList<long> values, long maxCount, string fieldName)
        {
            if (wireType == ProtoWireType.Varint)
            {
                CheckCount(values.Count, 1, maxCount, fieldName);
                values.Add(ReadInt64());
                return;
            }

            if (wireType != ProtoWireType.LengthDelimited) ThrowWrongWireType(fieldName, wireType, ProtoWireType.Varint);
            ProtoWireReader packed = ReadPacked();
            while (!packed.IsAtEnd)
            {
                CheckCount(values.Count, 1, maxCount, fieldName);
                values.Add(packed.ReadInt64());
            }
        }

        /// <summary>One occurrence of a repeated float field (packed or not) appended to <paramref name="values"/>.</summary>
        public void ReadRepeatedFloat(ProtoWireType wireType, ref ProtoList<float> values, long maxCount, string fieldName)
        {
            if (wireType == ProtoWireType.Fixed32)
            {
                CheckCount(values.Count, 1, maxCount, fieldName);
                values.Add(ReadFloat());
                return;
            }

            if (wireType != ProtoWireType.LengthDelimited) ThrowWrongWireType(fieldName, wireType, ProtoWireType.Fixed32);
            int payloadStart = _position;
            ReadOnlySpan<byte> payload = ReadLengthDelimited();
            if ((payload.Length & 3) != 0) ThrowPackedSize(payloadStart, fieldName, payload.Length, 4);
            int n = payload.Length >> 2;
            CheckCount(values.Count, n, maxCount, fieldName);
            Span<float> target = values.AppendSpan(n);
            for (int i = 0; i < n; i++) target[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(payload.Slice(i * 4, 4)));
        }

        /// <summary>One occurrence of a repeated double field (packed or not) appended to <paramref name="values"/>.</summary>
        public void ReadRepeatedDouble(ProtoWireType wireType, ref ProtoList<double> values, long maxCount, string fieldName)
        {
            if (wireType == ProtoWireType.Fixed64)
            {
                CheckCount(values.Count, 1, maxCount, fieldName);
                values.Add(ReadDouble());
                return;
            }

            if (wireType != ProtoWireType.LengthDelimited) ThrowWrongWireType(fieldName, wireType, ProtoWireType.Fixed64);
            int payloadStart = _position;
            ReadOnlySpan<byte> payload = ReadLengthDelimited();
            if ((payload.Length & 7) != 0) ThrowPackedSize(payloadStart, fieldName, payload.Length, 8);
            int n = payload.Length >> 3;
            CheckCount(values.Count, n, maxCount, fieldName);
            Span<double> target = values.AppendSpan(n);
            for (int i = 0; i < n; i++) target[i] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(i * 8, 8)));
        }

        /// <summary>Throws an <see cref="OnnxFormatException"/> naming the offset of the tag last read.</summary>
        [DoesNotReturn]
        public void FailAtTag(string message) => FailAt(_tagPosition, message);

        /// <summary>Throws an <see cref="OnnxFormatException"/> naming the start of this message.</summary>
        [DoesNotReturn]
        public void FailAtStart(string message) => OnnxReaderThrowHelper.ThrowFormat(_source, _baseOffset, message);

        // A packed payload read as its own message-less reader, at the same depth (it holds scalars only).
        private ProtoWireReader ReadPacked()
        {
            ReadOnlySpan<byte> payload = ReadLengthDelimited(out int payloadOffset);
            return new ProtoWireReader(payload, payloadOffset, _depth, _maxDepth, _source);
        }

        private void Skip(int count, string what)
        {
            if (_data.Length - _position < count) FailAt(_position, $"truncated {what} value.");
            _position += count;
        }

        // Groups nest; each level counts against the depth limit, so recursion stays bounded.
        private void SkipGroup(int fieldNumber, int startPosition, int depth)
        {
            if (depth > _maxDepth) ThrowTooDeep(startPosition);
            while (true)
            {
                if (!TryReadTag(out int field, out ProtoWireType type))
                {
                    FailAt(startPosition, $"group field {fieldNumber} is not closed before the end of its message.");
                }

                if (type == ProtoWireType.EndGroup)
                {
                    if (field != fieldNumber) FailAt(_tagPosition, $"end-group tag for field {field} closes the group of field {fieldNumber}.");
                    return;
                }

                if (type == ProtoWireType.StartGroup) SkipGroup(field, _tagPosition, depth + 1);
                else SkipField(field, type);
            }
        }

        private void CheckCount(int count, int adding, long maxCount, string fieldName)
        {
            if (count + (long)adding > maxCount)
            {
                FailAt(_tagPosition, $"repeated field {fieldName} holds more than the limit of {maxCount} values.");
            }
        }

        [DoesNotReturn]
        private void FailAt(int position, string message) =>
            OnnxReaderThrowHelper.ThrowFormat(_source, (long)_baseOffset + position, message);

        [DoesNotReturn]
        private void ThrowTruncatedVarint(int position) => FailAt(position, "truncated varint.");

        [DoesNotReturn]
        private void ThrowBadTenthVarintByte(int position, byte last) =>
            FailAt(position, last >= 0x80 ? "varint is longer than 10 bytes." : "varint overflows 64 bits.");

        [DoesNotReturn]
        private void ThrowTooDeep(int position) =>
            FailAt(position, $"messages are nested deeper than the limit of {_maxDepth} levels (OnnxReadOptions.MaxDepth).");

        [DoesNotReturn]
        private void ThrowWrongWireType(string fieldName, ProtoWireType actual, ProtoWireType expected) =>
            FailAt(_tagPosition, $"field {fieldName} has wire type {actual}; its schema type is {expected}.");

        [DoesNotReturn]
        private void ThrowPackedSize(int position, string fieldName, int length, int elementSize) =>
            FailAt(position, $"packed field {fieldName} has {length} bytes, not a multiple of {elementSize}.");
    }
}
