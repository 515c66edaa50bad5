// The kinds of value a MessagePack format byte announces (the spec's type system), as returned by PeekType.
// The exact wire form (fixint, uint16, str8, ...) is the reader's business and never matters to callers.
namespace Recurrent.Formats.MessagePack
{
    public enum MessagePackType
    {
        /// <summary>The format byte 0xc1, which the spec never uses.</summary>
        Unknown = 0,
        Nil,
        Boolean,
        /// <summary>Any signed or unsigned integer form.</summary>
        Integer,
        /// <summary>float32 or float64.</summary>
        Float,
        /// <summary>UTF-8 text (fixstr, str8/16/32).</summary>
        String,
        /// <summary>Raw bytes (bin8/16/32).</summary>
        Binary,
        Array,
        Map,
        /// <summary>fixext1–16 or ext8/16/32, including the timestamp extension (type -1).</summary>
        Extension,
    }
}
