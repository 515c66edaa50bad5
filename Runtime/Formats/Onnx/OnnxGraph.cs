// A decoded ONNX GraphProto: nodes in file order, initializers, declared inputs/outputs. Also used for If/Loop bodies.
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxGraph
    {
        public OnnxGraph(string name, OnnxNode[] nodes, OnnxTensor[] initializers, OnnxValueInfo[] inputs,
            OnnxValueInfo[] outputs, OnnxValueInfo[] valueInfo)
        {
            Name = name ?? string.Empty;
            Nodes = nodes ?? Array.Empty<OnnxNode>();
            Initializers = initializers ?? Array.Empty<OnnxTensor>();
            Inputs = inputs ?? Array.Empty<OnnxValueInfo>();
            Outputs = outputs ?? Array.Empty<OnnxValueInfo>();
            ValueInfo = valueInfo ?? Array.Empty<OnnxValueInfo>();
        }

        public string Name { get; }
        public OnnxNode[] Nodes { get; }
        public OnnxTensor[] Initializers { get; }
        /// <summary>Declared inputs; older IR versions also list initializers here.</summary>
        public OnnxValueInfo[] Inputs { get; }
        public OnnxValueInfo[] Outputs { get; }
        public OnnxValueInfo[] ValueInfo { get; }

        public override string ToString() => $"graph '{Name}': {Nodes.Length} nodes, {Initializers.Length} initializers";
    }
}
