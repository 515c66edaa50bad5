// The documented exception for MessagePack input that is malformed, truncated, of an unexpected type or over a limit.
// Its message ends with the byte offset of the offending value, which the Offset property also carries.
using System;
using System.Globalization;

namespace Recurrent.Formats.MessagePack
{
    /// <summary>MessagePack input that cannot be read: the message says what and where ("... at offset 42").</summary>
    public sealed class MessagePackFormatException : RecurrentException
    {
        public MessagePackFormatException(string reason, long offset)
            : base(Format(reason, offset))
        {
            Reason = reason;
            Offset = offset;
        }

        public MessagePackFormatException(string reason, long offset, Exception inner)
            : base(Format(reason, offset), inner)
        {
            Reason = reason;
            Offset = offset;
        }

        /// <summary>Byte offset, from the start of the input, of the value (its format byte) that could not be read.</summary>
        public long Offset { get; }

        /// <summary>The message without the offset.</summary>
        public string Reason { get; }

        private static string Format(string reason, long offset) =>
            reason + " at offset " + offset.ToString(CultureInfo.InvariantCulture);
    }
}
