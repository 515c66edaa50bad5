// Text for ONNX graph parts in the tool's messages and reports: value infos with symbolic dimensions shown by name.
using System.Globalization;
using System.Text;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal static class OnnxText
    {
        /// <summary>"input float32 [batch, 7, 10]"; an unnamed symbolic dimension is "?", an unknown shape "[?]".</summary>
        public static string Describe(OnnxValueInfo info) => $"'{info.Name}' {TensorJson.DTypeName(info.ElementType)} {Shape(info)}";

        public static string Shape(OnnxValueInfo info)
        {
            if (info.DimValues is null) return "[?]";
            var sb = new StringBuilder("[");
            for (int i = 0; i < info.DimValues.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                long d = info.DimValues[i];
                string? param = info.DimParams?[i];
                sb.Append(d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : string.IsNullOrEmpty(param) ? "?" : param);
            }
            return sb.Append(']').ToString();
        }

        public static string Shape(long[] dims)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < dims.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(dims[i].ToString(CultureInfo.InvariantCulture));
            }
            return sb.Append(']').ToString();
        }
    }
}
