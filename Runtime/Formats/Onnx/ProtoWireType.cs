// The protobuf wire types (encoding.md, "Message Structure"). Groups (3/4) are deprecated but still skipped.
namespace Recurrent.Formats.Onnx
{
    internal enum ProtoWireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        StartGroup = 3,
        EndGroup = 4,
        Fixed32 = 5,
    }
}
