// The header of a MessagePack extension value (fixext1–16, ext8/16/32): its application type code and payload length.
// The payload itself is read with MessagePackReader.ReadRaw; the timestamp type (-1) has its own reader method.
using System;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>Type code (-128..127; negative codes are reserved by the spec) and payload length of an extension.</summary>
    public readonly struct MessagePackExtensionHeader : IEquatable<MessagePackExtensionHeader>
    {
        public MessagePackExtensionHeader(sbyte typeCode, int length)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            TypeCode = typeCode;
            Length = length;
        }

        /// <summary>The extension type; -1 is the timestamp.</summary>
        public sbyte TypeCode { get; }

        /// <summary>Payload bytes that follow the header.</summary>
        public int Length { get; }

        public bool Equals(MessagePackExtensionHeader other) => TypeCode == other.TypeCode && Length == other.Length;

        public override bool Equals(object? obj) => obj is MessagePackExtensionHeader h && Equals(h);

        public override int GetHashCode() => TypeCode * 397 ^ Length;

        public override string ToString() => $"ext(type {TypeCode}, {Length} bytes)";
    }
}
