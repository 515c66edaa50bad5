// A graph input or output as declared in an ONNX model: name, element type and static shape.
// Test-only oracle; symbolic dims are kept as -1 and never resolved here.
using System.Linq;
using Recurrent.Tests.Oracle.Onnx;

namespace Recurrent.Tests.Oracle
{
    internal sealed class OnnxValueInfo
    {
        public const long SymbolicDim = -1;

        private OnnxValueInfo(string name, int elemType, long[]? dims)
        {
            Name = name;
            ElemType = elemType;
            Dims = dims;
        }

        public string Name { get; }

        /// <summary>TensorProto.DataType value of the element, 0 when the value is not a tensor.</summary>
        public int ElemType { get; }

        /// <summary>The declared dims (<see cref="SymbolicDim"/> for a dim_param), or null when no shape is declared.</summary>
        public long[]? Dims { get; }

        public static OnnxValueInfo FromProto(ValueInfoProto proto)
        {
            TypeProto.Types.Tensor? tensorType = proto.Type?.TensorType;
            if (tensorType is null) return new OnnxValueInfo(proto.Name, 0, null);
            long[]? dims = tensorType.Shape is null
                ? null
                : tensorType.Shape.Dim
                    .Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : SymbolicDim)
                    .ToArray();
            return new OnnxValueInfo(proto.Name, tensorType.ElemType, dims);
        }

        public override string ToString() =>
            $"{Name}: {(TensorProto.Types.DataType)ElemType}[{(Dims is null ? "?" : string.Join(",", Dims))}]";
    }
}
