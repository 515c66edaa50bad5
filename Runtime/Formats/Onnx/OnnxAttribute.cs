// A decoded ONNX AttributeProto: exactly one of the value fields is meaningful, named by Type.
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxAttribute
    {
        public OnnxAttribute(string name, OnnxAttributeType type)
        {
            Name = name ?? string.Empty;
            Type = type;
        }

        public string Name { get; }
        public OnnxAttributeType Type { get; set; }
        public float F { get; set; }
        public long I { get; set; }
        /// <summary>UTF-8 decoded string value.</summary>
        public string S { get; set; } = string.Empty;
        public OnnxTensor? T { get; set; }
        public OnnxGraph? G { get; set; }
        public float[] Floats { get; set; } = Array.Empty<float>();
        public long[] Ints { get; set; } = Array.Empty<long>();
        public string[] Strings { get; set; } = Array.Empty<string>();
        public OnnxTensor[] Tensors { get; set; } = Array.Empty<OnnxTensor>();
        public OnnxGraph[] Graphs { get; set; } = Array.Empty<OnnxGraph>();

        public override string ToString() => $"{Name} ({Type})";
    }
}
