// Converts models decoded by the Google.Protobuf oracle classes into the runtime's ONNX IR (Recurrent.Formats.Onnx),
// so the graph executor can be tested independently of the runtime's own protobuf reader (OnnxReader).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    internal static class OracleToIr
    {
        public static OnnxModel LoadModel(string path) => Model(ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)), path);

        public static OnnxModel Model(ModelProto model, string? path)
        {
            var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var o in model.OpsetImport)
            {
                string domain = o.Domain == "ai.onnx" ? string.Empty : o.Domain;
                opsets[domain] = o.Version;
            }
            var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            return new OnnxModel(model.IrVersion, opsets, model.ProducerName, model.ProducerVersion,
                Graph(model.Graph ?? throw new InvalidDataException($"{path}: the model has no graph.")), metadata, path);
        }

        public static OnnxGraph Graph(GraphProto g) =>
            new OnnxGraph(g.Name, g.Node.Select(Node).ToArray(), g.Initializer.Select(Tensor).ToArray(),
                g.Input.Select(ValueInfo).ToArray(), g.Output.Select(ValueInfo).ToArray(), g.ValueInfo.Select(ValueInfo).ToArray());

        public static Ir.OnnxNode Node(NodeProto n) =>
            new Ir.OnnxNode(n.Name, n.OpType, n.Domain, n.Input.ToArray(), n.Output.ToArray(), n.Attribute.Select(Attribute).ToArray());

        public static OnnxAttribute Attribute(AttributeProto a)
        {
            var ir = new OnnxAttribute(a.Name, (OnnxAttributeType)(int)a.Type)
            {
                F = a.F,
                I = a.I,
                S = a.S.ToStringUtf8(),
                T = a.T is null ? null : Tensor(a.T),
                G = a.G is null ? null : Graph(a.G),
                Floats = a.Floats.ToArray(),
                Ints = a.Ints.ToArray(),
                Strings = a.Strings.Select(s => s.ToStringUtf8()).ToArray(),
                Tensors = a.Tensors.Select(Tensor).ToArray(),
                Graphs = a.Graphs.Select(Graph).ToArray(),
            };
            if (a.Type == AttributeType.Undefined) ir.Type = Infer(a);
            return ir;
        }

        /// <summary>IR 1 files leave the attribute type unset; the one filled field names it.</summary>
        private static OnnxAttributeType Infer(AttributeProto a)
        {
            if (a.Ints.Count > 0) return OnnxAttributeType.Ints;
            if (a.Floats.Count > 0) return OnnxAttributeType.Floats;
            if (a.Strings.Count > 0) return OnnxAttributeType.Strings;
            if (a.T != null) return OnnxAttributeType.Tensor;
            if (a.G != null) return OnnxAttributeType.Graph;
            if (!a.S.IsEmpty) return OnnxAttributeType.String;
            if (a.F != 0) return OnnxAttributeType.Float;
            return OnnxAttributeType.Int;
        }

        public static Ir.OnnxTensor Tensor(TensorProto t) => Tensor(OnnxTensor.FromProto(t));

        public static Ir.OnnxTensor Tensor(OnnxTensor t) =>
            new Ir.OnnxTensor(t.Name, (OnnxDataType)(int)t.DataType, t.Dims, t.Floats,
                t.Int64s ?? t.Int32s?.Select(v => (long)v).ToArray(), t.Doubles, t.Bools);

        public static Ir.OnnxValueInfo ValueInfo(ValueInfoProto v)
        {
            var tensorType = v.Type?.TensorType;
            if (tensorType is null) return new Ir.OnnxValueInfo(v.Name, OnnxDataType.Undefined, null, null);
            if (tensorType.Shape is null) return new Ir.OnnxValueInfo(v.Name, (OnnxDataType)tensorType.ElemType, null, null);
            var dims = tensorType.Shape.Dim;
            return new Ir.OnnxValueInfo(v.Name, (OnnxDataType)tensorType.ElemType,
                dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray(),
                dims.Select(d => d.DimParam).ToArray());
        }

        /// <summary>A test-data tensor (input_N.pb / output_N.pb) as an executor value.</summary>
        public static OnnxValue Value(OnnxTensor t) => OnnxValue.FromTensor(Tensor(t));
    }
}
