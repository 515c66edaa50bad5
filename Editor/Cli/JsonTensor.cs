// A named tensor as it appears in the tool's JSON files ({"name", "dtype", "shape", "data"}), held as an OnnxValue so
// the ONNX executor takes it as is. Reading and writing the files is TensorJson's job.
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal sealed class JsonTensor
    {
        public JsonTensor(string name, OnnxValue value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        /// <summary>The values: float, double, bool or an integer type stored as long (see <see cref="OnnxValue"/>).</summary>
        public OnnxValue Value { get; }

        public override string ToString() => Name + ": " + TensorJson.DescribeValue(Value);
    }
}
