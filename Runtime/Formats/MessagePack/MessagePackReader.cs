// Reads MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) from a span without allocating, trusting nothing;
// scalars here, strings/binary/containers/extensions/Skip in MessagePackReader.Containers.cs. Writing is MessagePackWriter's.
using System;
using System.Buffers;
using System.Buffers.Binary;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>
    /// A forward-only MessagePack reader over contiguous bytes. Errors are <see cref="MessagePackFormatException"/>s that
    /// name the byte offset; after one the reader's position is unspecified.
    /// </summary>
    public ref partial struct MessagePackReader
    {
        private readonly ReadOnlySpan<byte> _buffer;
        private readonly MessagePackLimits _limits;
        private int _position;
        private int _depth;
        private int _lastHeader;

        /// <summary>Reads <paramref name="buffer"/> from its first byte.</summary>
        public MessagePackReader(ReadOnlySpan<byte> buffer, MessagePackLimits? limits = null)
        {
            _buffer = buffer;
            _limits = limits ?? MessagePackLimits.Default;
            _position = 0;
            _depth = 0;
            _lastHeader = 0;
        }

        /// <summary>
        /// Reads a sequence: a single-segment sequence is read in place, a multi-segment one is copied once into an array.
        /// </summary>
        public MessagePackReader(ReadOnlySequence<byte> sequence, MessagePackLimits? limits = null)
            : this(sequence.IsSingleSegment ? sequence.First.Span : new ReadOnlySpan<byte>(CopyToArray(sequence)), limits)
        {
        }

        /// <summary>Bytes consumed so far: the offset of the next value.</summary>
        public int Position => _position;

        /// <summary>Bytes not yet consumed.</summary>
        public int Remaining => _buffer.Length - _position;

        /// <summary>Whether every byte has been consumed.</summary>
        public bool End => _position >= _buffer.Length;

        /// <summary>Containers entered with <see cref="EnterContainer"/> (and by <see cref="Skip"/>) and not yet left.</summary>
        public int Depth => _depth;

        public MessagePackLimits Limits => _limits;

        /// <summary>What the next value is, without consuming it.</summary>
        public MessagePackType PeekType() => MessagePackCode.TypeOf(PeekCode());

        /// <summary>The next format byte, without consuming it.</summary>
        public byte PeekCode()
        {
            if (_position >= _buffer.Length) MessagePackThrow.EndOfData(_position);
            return _buffer[_position];
        }

        /// <summary>Whether the next value is nil (false at the end of the input).</summary>
        public bool IsNil => _position < _buffer.Length && _buffer[_position] == MessagePackCode.Nil;

        /// <summary>Consumes a nil and returns true, or consumes nothing and returns false.</summary>
        public bool TryReadNil()
        {
            if (_position >= _buffer.Length) MessagePackThrow.EndOfData(_position);
            if (_buffer[_position] != MessagePackCode.Nil) return false;
            _position++;
            return true;
        }

        public void ReadNil()
        {
            int start = _position;
            byte code = ReadCode();
            if (code != MessagePackCode.Nil) MessagePackThrow.Unexpected("nil", code, start);
        }

        public bool ReadBoolean()
        {
            int start = _position;
            byte code = ReadCode();
            if (code == MessagePackCode.True) return true;
            if (code != MessagePackCode.False) MessagePackThrow.Unexpected("a boolean", code, start);
            return false;
        }

        /// <summary>Any integer form whose value fits a long.</summary>
        public long ReadInt64()
        {
            int start = _position;
            if (!ReadInteger("an integer", out long value, out ulong big)) MessagePackThrow.DoesNotFit(big, "Int64", start);
            return value;
        }

        /// <summary>Any integer form whose value is not negative.</summary>
        public ulong ReadUInt64()
        {
            int start = _position;
            if (!ReadInteger("an integer", out long value, out ulong big)) return big;
            if (value < 0) MessagePackThrow.DoesNotFit(value, "UInt64", start);
            return (ulong)value;
        }

        /// <summary>Any integer form whose value fits an int.</summary>
        public int ReadInt32()
        {
            int start = _position;
            long value = ReadInt64();
            if (value < int.MinValue || value > int.MaxValue) MessagePackThrow.DoesNotFit(value, "Int32", start);
            return (int)value;
        }

        /// <summary>Any integer form whose value fits a uint.</summary>
        public uint ReadUInt32()
        {
            int start = _position;
            ulong value = ReadUInt64();
            if (value > uint.MaxValue) MessagePackThrow.DoesNotFit(value, "UInt32", start);
            return (uint)value;
        }

        /// <summary>A float64, a float32 (exactly widened) or any integer (converted, rounding beyond 2^53).</summary>
        public double ReadDouble()
        {
            int start = _position;
            byte code = PeekCode();
            if (code == MessagePackCode.Float64)
            {
                _position++;
                return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Take(8, start, code)));
            }
            if (code == MessagePackCode.Float32)
            {
                _position++;
                return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Take(4, start, code)));
            }
            return ReadInteger("a number", out long value, out ulong big) ? value : (double)big;
        }

        /// <summary>A float32, a float64 (rounded to nearest) or any integer (converted).</summary>
        public float ReadSingle()
        {
            int start = _position;
            byte code = PeekCode();
            if (code == MessagePackCode.Float32)
            {
                _position++;
                return BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Take(4, start, code)));
            }
            return (float)ReadDouble();
        }

        /// <summary>
        /// Reads any integer form: true with <paramref name="value"/>, or false with <paramref name="big"/> for a uint64
        /// above long.MaxValue.
        /// </summary>
        private bool ReadInteger(string expected, out long value, out ulong big)
        {
            int start = _position;
            byte code = ReadCode();
            big = 0;
            if (code <= MessagePackCode.MaxPositiveFixInt)
            {
                value = code;
                return true;
            }
            if (code >= MessagePackCode.MinNegativeFixInt)
            {
                value = (sbyte)code;
                return true;
            }
            switch (code)
            {
                case MessagePackCode.UInt8: value = Take(1, start, code)[0]; return true;
                case MessagePackCode.UInt16: value = BinaryPrimitives.ReadUInt16BigEndian(Take(2, start, code)); return true;
                case MessagePackCode.UInt32: value = BinaryPrimitives.ReadUInt32BigEndian(Take(4, start, code)); return true;
                case MessagePackCode.UInt64:
                    ulong u = BinaryPrimitives.ReadUInt64BigEndian(Take(8, start, code));
                    if (u <= long.MaxValue)
                    {
                        value = (long)u;
                        return true;
                    }
                    big = u;
                    value = 0;
                    return false;
                case MessagePackCode.Int8: value = (sbyte)Take(1, start, code)[0]; return true;
                case MessagePackCode.Int16: value = BinaryPrimitives.ReadInt16BigEndian(Take(2, start, code)); return true;
                case MessagePackCode.Int32: value = BinaryPrimitives.ReadInt32BigEndian(Take(4, start, code)); return true;
                case MessagePackCode.Int64: value = BinaryPrimitives.ReadInt64BigEndian(Take(8, start, code)); return true;
                default:
                    MessagePackThrow.Unexpected(expected, code, start);
                    value = 0;
                    return false;
            }
        }

        /// <summary>Consumes the format byte.</summary>
        private byte ReadCode()
        {
            if (_position >= _buffer.Length) MessagePackThrow.EndOfData(_position);
            return _buffer[_position++];
        }

        /// <summary>Consumes <paramref name="count"/> bytes that belong to the value whose format byte is at <paramref name="start"/>.</summary>
        private ReadOnlySpan<byte> Take(int count, int start, byte code)
        {
            if (_buffer.Length - _position < count) MessagePackThrow.Truncated(code, count, _buffer.Length - _position, start);
            ReadOnlySpan<byte> slice = _buffer.Slice(_position, count);
            _position += count;
            return slice;
        }

        private static byte[] CopyToArray(ReadOnlySequence<byte> sequence)
        {
            if (sequence.Length > int.MaxValue) MessagePackThrow.TooLarge(sequence.Length);
            return sequence.ToArray();
        }
    }
}
