// A decoded ONNX ValueInfoProto for a tensor: name, element type and shape. A dimension is either a fixed value
// (DimValues[i] >= 0) or symbolic (DimValues[i] = -1, DimParams[i] the name, possibly ""). Unknown rank: Rank = -1.
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxValueInfo
    {
        public OnnxValueInfo(string name, OnnxDataType elementType, long[]? dimValues, string[]? dimParams)
        {
            Name = name ?? string.Empty;
            ElementType = elementType;
            DimValues = dimValues;
            DimParams = dimParams ?? (dimValues is null ? null : new string[dimValues.Length]);
        }

        public string Name { get; }
        public OnnxDataType ElementType { get; }
        /// <summary>Null when the shape is unknown.</summary>
        public long[]? DimValues { get; }
        public string[]? DimParams { get; }
        public int Rank => DimValues?.Length ?? -1;

        public override string ToString()
        {
            if (DimValues is null) return $"{Name}: {ElementType}[?]";
            var parts = new string[DimValues.Length];
            for (int i = 0; i < parts.Length; i++)
                parts[i] = DimValues[i] >= 0 ? DimValues[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : (string.IsNullOrEmpty(DimParams![i]) ? "?" : DimParams[i]);
            return $"{Name}: {ElementType}[{string.Join(",", parts)}]";
        }
    }
}
