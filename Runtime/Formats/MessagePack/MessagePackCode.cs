// The format bytes of the MessagePack spec (https://github.com/msgpack/msgpack/blob/master/spec.md) and their names
// for error messages. Decoding and encoding rules live in MessagePackReader and MessagePackWriter.
namespace Recurrent.Formats.MessagePack
{
    internal static class MessagePackCode
    {
        public const byte MaxPositiveFixInt = 0x7f;
        public const byte MinFixMap = 0x80;
        public const byte MaxFixMap = 0x8f;
        public const byte MinFixArray = 0x90;
        public const byte MaxFixArray = 0x9f;
        public const byte MinFixStr = 0xa0;
        public const byte MaxFixStr = 0xbf;
        public const byte Nil = 0xc0;
        public const byte NeverUsed = 0xc1;
        public const byte False = 0xc2;
        public const byte True = 0xc3;
        public const byte Bin8 = 0xc4;
        public const byte Bin16 = 0xc5;
        public const byte Bin32 = 0xc6;
        public const byte Ext8 = 0xc7;
        public const byte Ext16 = 0xc8;
        public const byte Ext32 = 0xc9;
        public const byte Float32 = 0xca;
        public const byte Float64 = 0xcb;
        public const byte UInt8 = 0xcc;
        public const byte UInt16 = 0xcd;
        public const byte UInt32 = 0xce;
        public const byte UInt64 = 0xcf;
        public const byte Int8 = 0xd0;
        public const byte Int16 = 0xd1;
        public const byte Int32 = 0xd2;
        public const byte Int64 = 0xd3;
        public const byte FixExt1 = 0xd4;
        public const byte FixExt2 = 0xd5;
        public const byte FixExt4 = 0xd6;
        public const byte FixExt8 = 0xd7;
        public const byte FixExt16 = 0xd8;
        public const byte Str8 = 0xd9;
        public const byte Str16 = 0xda;
        public const byte Str32 = 0xdb;
        public const byte Array16 = 0xdc;
        public const byte Array32 = 0xdd;
        public const byte Map16 = 0xde;
        public const byte Map32 = 0xdf;
        public const byte MinNegativeFixInt = 0xe0;

        /// <summary>The extension type of the timestamp extension.</summary>
        public const sbyte TimestampType = -1;

        private static readonly string[] s_names =
        {
            "nil", "(never used)", "false", "true", "bin8", "bin16", "bin32", "ext8", "ext16", "ext32", "float32", "float64",
            "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "fixext1", "fixext2", "fixext4",
            "fixext8", "fixext16", "str8", "str16", "str32", "array16", "array32", "map16", "map32",
        };

        /// <summary>The spec's name of a format byte, e.g. "str8 (0xd9)".</summary>
        public static string Describe(byte code)
        {
            string name;
            if (code <= MaxPositiveFixInt) name = "positive fixint";
            else if (code <= MaxFixMap) name = "fixmap";
            else if (code <= MaxFixArray) name = "fixarray";
            else if (code <= MaxFixStr) name = "fixstr";
            else if (code >= MinNegativeFixInt) name = "negative fixint";
            else name = s_names[code - Nil];
            return name + " (0x" + code.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + ")";
        }

        /// <summary>What a format byte holds.</summary>
        public static MessagePackType TypeOf(byte code)
        {
            if (code <= MaxPositiveFixInt || code >= MinNegativeFixInt) return MessagePackType.Integer;
            if (code <= MaxFixMap) return MessagePackType.Map;
            if (code <= MaxFixArray) return MessagePackType.Array;
            if (code <= MaxFixStr) return MessagePackType.String;
            switch (code)
            {
                case Nil: return MessagePackType.Nil;
                case False: case True: return MessagePackType.Boolean;
                case Bin8: case Bin16: case Bin32: return MessagePackType.Binary;
                case Ext8: case Ext16: case Ext32:
                case FixExt1: case FixExt2: case FixExt4: case FixExt8: case FixExt16: return MessagePackType.Extension;
                case Float32: case Float64: return MessagePackType.Float;
                case UInt8: case UInt16: case UInt32: case UInt64:
                case Int8: case Int16: case Int32: case Int64: return MessagePackType.Integer;
                case Str8: case Str16: case Str32: return MessagePackType.String;
                case Array16: case Array32: return MessagePackType.Array;
                case Map16: case Map32: return MessagePackType.Map;
                default: return MessagePackType.Unknown;
            }
        }
    }
}
