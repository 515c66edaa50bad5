// MessagePackReader, variable-length part: strings, binary, array and map headers, extensions, timestamps and Skip.
// A declared length is checked against the limits and the bytes that remain before anything is sliced or allocated.
using System;
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Formats.MessagePack
{
    public ref partial struct MessagePackReader
    {
        private static readonly UTF8Encoding s_strictUtf8 = new UTF8Encoding(false, true);

        /// <summary>An array header: the number of elements that follow (each at least one byte).</summary>
        public int ReadArrayHeader()
        {
            int start = _position;
            byte code = ReadCode();
            long count;
            if (code >= MessagePackCode.MinFixArray && code <= MessagePackCode.MaxFixArray) count = code & 0x0f;
            else if (code == MessagePackCode.Array16) count = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code));
            else if (code == MessagePackCode.Array32) count = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code));
            else
            {
                MessagePackThrow.Unexpected("an array", code, start);
                return 0;
            }
            if (count > Remaining) MessagePackThrow.DeclaredTooMany(code, count, "elements", Remaining, start);
            if (count > _limits.MaxContainerLength) MessagePackThrow.OverLimit(code, count, "elements", _limits.MaxContainerLength, start);
            _lastHeader = start;
            return (int)count;
        }

        /// <summary>A map header: the number of key/value pairs that follow (each at least two bytes).</summary>
        public int ReadMapHeader()
        {
            int start = _position;
            byte code = ReadCode();
            long count;
            if (code >= MessagePackCode.MinFixMap && code <= MessagePackCode.MaxFixMap) count = code & 0x0f;
            else if (code == MessagePackCode.Map16) count = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code));
            else if (code == MessagePackCode.Map32) count = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code));
            else
            {
                MessagePackThrow.Unexpected("a map", code, start);
                return 0;
            }
            if (count * 2 > Remaining) MessagePackThrow.DeclaredTooMany(code, count, "entries", Remaining, start);
            if (count > _limits.MaxContainerLength) MessagePackThrow.OverLimit(code, count, "entries", _limits.MaxContainerLength, start);
            _lastHeader = start;
            return (int)count;
        }

        /// <summary>
        /// Counts one more level of nesting; call after reading the header of a container whose elements a recursive
        /// reader descends into, and call <see cref="LeaveContainer"/> after them. Throws beyond <see cref="MessagePackLimits.MaxDepth"/>.
        /// </summary>
        public void EnterContainer()
        {
            if (_depth >= _limits.MaxDepth) MessagePackThrow.TooDeep(_limits.MaxDepth, _lastHeader);
            _depth++;
        }

        /// <summary>Ends the level counted by <see cref="EnterContainer"/>.</summary>
        public void LeaveContainer()
        {
            if (_depth > 0) _depth--;
        }

        /// <summary>The UTF-8 bytes of a string, without decoding or copying them.</summary>
        public ReadOnlySpan<byte> ReadStringSpan()
        {
            int start = _position;
            byte code = ReadCode();
            long length;
            if (code >= MessagePackCode.MinFixStr && code <= MessagePackCode.MaxFixStr) length = code & 0x1f;
            else if (code == MessagePackCode.Str8) length = Take(1, start, code)[0];
            else if (code == MessagePackCode.Str16) length = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code));
            else if (code == MessagePackCode.Str32) length = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code));
            else
            {
                MessagePackThrow.Unexpected("a string", code, start);
                return default;
            }
            return TakeDeclared(code, length, _limits.MaxStringLength, start);
        }

        /// <summary>A string, decoded from strict UTF-8 (invalid sequences are an error). Allocates the string.</summary>
        public string ReadString()
        {
            int start = _position;
            ReadOnlySpan<byte> utf8 = ReadStringSpan();
            if (utf8.IsEmpty) return string.Empty;
            try
            {
                return s_strictUtf8.GetString(utf8);
            }
            catch (DecoderFallbackException e)
            {
                MessagePackThrow.InvalidUtf8(start, e);
                return string.Empty;
            }
        }

        /// <summary>The bytes of a bin value, without copying them.</summary>
        public ReadOnlySpan<byte> ReadBytes()
        {
            int start = _position;
            byte code = ReadCode();
            long length;
            if (code == MessagePackCode.Bin8) length = Take(1, start, code)[0];
            else if (code == MessagePackCode.Bin16) length = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code));
            else if (code == MessagePackCode.Bin32) length = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code));
            else
            {
                MessagePackThrow.Unexpected("binary data", code, start);
                return default;
            }
            return TakeDeclared(code, length, _limits.MaxBinaryLength, start);
        }

        /// <summary>An extension header; the payload (<see cref="MessagePackExtensionHeader.Length"/> bytes) follows and
        /// is read with <see cref="ReadRaw"/>. The length is already checked against the bytes that remain.</summary>
        public MessagePackExtensionHeader ReadExtHeader()
        {
            int start = _position;
            byte code = ReadCode();
            long length;
            switch (code)
            {
                case MessagePackCode.FixExt1: length = 1; break;
                case MessagePackCode.FixExt2: length = 2; break;
                case MessagePackCode.FixExt4: length = 4; break;
                case MessagePackCode.FixExt8: length = 8; break;
                case MessagePackCode.FixExt16: length = 16; break;
                case MessagePackCode.Ext8: length = Take(1, start, code)[0]; break;
                case MessagePackCode.Ext16: length = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code)); break;
                case MessagePackCode.Ext32: length = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code)); break;
                default:
                    MessagePackThrow.Unexpected("an extension", code, start);
                    return default;
            }
            sbyte type = (sbyte)Take(1, start, code)[0];
            if (length > Remaining) MessagePackThrow.DeclaredTooMany(code, length, "bytes", Remaining, start);
            if (length > _limits.MaxBinaryLength) MessagePackThrow.OverLimit(code, length, "bytes", _limits.MaxBinaryLength, start);
            return new MessagePackExtensionHeader(type, (int)length);
        }

        /// <summary><paramref name="length"/> raw bytes (an extension payload), without copying them.</summary>
        public ReadOnlySpan<byte> ReadRaw(int length)
        {
            if (length < 0 || length > Remaining) MessagePackThrow.RawBeyondEnd(length, Remaining, _position);
            ReadOnlySpan<byte> slice = _buffer.Slice(_position, length);
            _position += length;
            return slice;
        }

        /// <summary>A timestamp extension (type -1) in its 32-, 64- or 96-bit form.</summary>
        public MessagePackTimestamp ReadTimestamp()
        {
            int start = _position;
            MessagePackExtensionHeader header = ReadExtHeader();
            if (header.TypeCode != MessagePackCode.TimestampType) MessagePackThrow.NotATimestamp(header, start);
            ReadOnlySpan<byte> payload = ReadRaw(header.Length);
            long seconds;
            uint nanoseconds;
            switch (header.Length)
            {
                case 4:
                    return new MessagePackTimestamp(BinaryPrimitives.ReadUInt32BigEndian(payload), 0);
                case 8:
                    ulong packed = BinaryPrimitives.ReadUInt64BigEndian(payload);
                    nanoseconds = (uint)(packed >> 34);
                    seconds = (long)(packed & 0x3_FFFF_FFFFUL);
                    break;
                case 12:
                    nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    seconds = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(4));
                    break;
                default:
                    MessagePackThrow.NotATimestamp(header, start);
                    return default;
            }
            if (nanoseconds > 999_999_999u) MessagePackThrow.BadNanoseconds(nanoseconds, start);
            return new MessagePackTimestamp(seconds, nanoseconds);
        }

        /// <summary>
        /// Consumes the next value whatever it is, containers included, without allocating. Nesting is bounded by
        /// <see cref="MessagePackLimits.MaxDepth"/>, and every element costs at least one input byte, so the work is
        /// bounded by the input length.
        /// </summary>
        public void Skip()
        {
            int start = _position;
            byte code = PeekCode();
            switch (MessagePackCode.TypeOf(code))
            {
                case MessagePackType.Nil:
                case MessagePackType.Boolean:
                    _position++;
                    return;
                case MessagePackType.Integer:
                case MessagePackType.Float:
                    ReadDouble();
                    return;
                case MessagePackType.String:
                    ReadStringSpan();
                    return;
                case MessagePackType.Binary:
                    ReadBytes();
                    return;
                case MessagePackType.Extension:
                    ReadRaw(ReadExtHeader().Length);
                    return;
                case MessagePackType.Array:
                {
                    int count = ReadArrayHeader();
                    EnterContainer();
                    for (int i = 0; i < count; i++) Skip();
                    LeaveContainer();
                    return;
                }
                case MessagePackType.Map:
                {
                    int count = ReadMapHeader();
                    EnterContainer();
                    for (int i = 0; i < count; i++)
                    {
                        Skip();
                        Skip();
                    }
                    LeaveContainer();
                    return;
                }
                default:
                    MessagePackThrow.NeverUsed(code, start);
                    return;
            }
        }

        /// <summary>Consumes the next value and returns its complete encoding (a slice of the input).</summary>
        public ReadOnlySpan<byte> ReadRawValue()
        {
            int start = _position;
            Skip();
            return _buffer.Slice(start, _position - start);
        }

        private ReadOnlySpan<byte> TakeDeclared(byte code, long length, int limit, int start)
        {
            if (length > Remaining) MessagePackThrow.DeclaredTooMany(code, length, "bytes", Remaining, start);
            if (length > limit) MessagePackThrow.OverLimit(code, length, "bytes", limit, start);
            ReadOnlySpan<byte> slice = _buffer.Slice(_position, (int)length);
            _position += (int)length;
            return slice;
        }
    }
}
