// ONNX TensorProto.DataType values (onnx.proto). Only the types a recurrent model uses are executed; the rest are
// recognised so errors can name them.
namespace Recurrent.Formats.Onnx
{
    public enum OnnxDataType
    {
        Undefined = 0,
        Float = 1,
        UInt8 = 2,
        Int8 = 3,
        UInt16 = 4,
        Int16 = 5,
        Int32 = 6,
        Int64 = 7,
        String = 8,
        Bool = 9,
        Float16 = 10,
        Double = 11,
        UInt32 = 12,
        UInt64 = 13,
        Complex64 = 14,
        Complex128 = 15,
        BFloat16 = 16,
    }
}
