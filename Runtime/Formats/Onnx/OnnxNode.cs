// A decoded ONNX NodeProto: op type, domain, named inputs/outputs ("" for an omitted optional one) and attributes.
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxNode
    {
        public OnnxNode(string name, string opType, string domain, string[] inputs, string[] outputs, OnnxAttribute[] attributes)
        {
            Name = name ?? string.Empty;
            OpType = opType ?? string.Empty;
            Domain = domain ?? string.Empty;
            Inputs = inputs ?? Array.Empty<string>();
            Outputs = outputs ?? Array.Empty<string>();
            Attributes = attributes ?? Array.Empty<OnnxAttribute>();
        }

        public string Name { get; }
        public string OpType { get; }
        /// <summary>"" or "ai.onnx" for the default domain.</summary>
        public string Domain { get; }
        public string[] Inputs { get; }
        public string[] Outputs { get; }
        public OnnxAttribute[] Attributes { get; }

        public OnnxAttribute? Attribute(string name)
        {
            foreach (var a in Attributes)
                if (a.Name == name) return a;
            return null;
        }

        /// <summary>Input slot i, or "" when absent or omitted.</summary>
        public string Input(int i) => i < Inputs.Length ? Inputs[i] : string.Empty;

        public override string ToString() => $"{OpType} '{Name}'";
    }
}
