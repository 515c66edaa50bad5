// ONNX-aware mutations on the protobuf tree: cycles, dangling inputs, duplicate names, node order, op types, opsets,
// attributes, declared input shapes, external data, reshaped tensors and deep If nesting. Generic ones are HostileProtobuf's.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Recurrent.Tests.Oracle
{
    internal static partial class HostileOnnx
    {
        // onnx.proto field numbers used by the graph-level mutations.
        private const int ModelGraph = 7, ModelOpset = 8, OpsetVersion = 2;
        private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
        private const int NodeInput = 1, NodeOutput = 2, NodeOpType = 4, NodeAttribute = 5;
        private const int AttributeName = 1, AttributeF = 2, AttributeI = 3, AttributeS = 4, AttributeG = 6, AttributeFloats = 7,
            AttributeInts = 8, AttributeGraphs = 11, AttributeType = 20;
        private const int ValueInfoType = 2, TypeTensor = 1, TensorElemType = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;
        private const int ValueInfoName = 1, TensorName = 8;
        private const int AttributeTypeGraph = 5;

        /// <summary>Attribute names the executor's kernels read, added by the Attribute mutation with hostile values.</summary>
        private static readonly string[] s_attributeNames =
        {
            "hidden_size", "direction", "axis", "axes", "perm", "to", "layout", "keepdims", "split", "starts", "allowzero", "batch_axis",
            "time_axis", "transA", "transB", "alpha", "beta", "new_axis", "noop_with_empty_axes", "linear_before_reset", "input_forget",
            "clip", "activations", "activation_alpha", "value", "body", "then_branch", "hostile",
        };

        /// <summary>Operators swapped in by the OpType mutation: the executor's own, control flow, and unknown ones.</summary>
        private static readonly string[] s_opTypes =
        {
            "LSTM", "GRU", "RNN", "Loop", "If", "Scan", "Add", "MatMul", "Gemm", "Reshape", "Gather", "Concat", "Split", "Slice",
            "Transpose", "Squeeze", "Unsqueeze", "ConstantOfShape", "Expand", "Shape", "Cast", "Softmax", "Tanh", "Sigmoid", "Relu",
            "Where", "Identity", "Constant", "ReverseSequence", "Range", "Tile", "SequenceAt", "SplitToSequence", "SequenceConstruct",
            "ReduceSum", "Conv", "Flatten", "NoSuchOp", string.Empty,
        };

        // TensorProto fields.
        private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorInt32Data = 5, TensorInt64Data = 7, TensorRawData = 9,
            TensorDoubleData = 10, TensorUInt64Data = 11;

        /// <summary>
        /// A tensor (an initializer, a Constant's value, or the seed itself when it is a TensorProto) gets another shape,
        /// or another data type, and its data (raw_data or the typed field) is resized to match: a consistent tensor of
        /// the wrong shape, which only the importer's and kernels' shape checks can catch.
        /// </summary>
        private static string Reshape(List<PbField> root, HostileOp op)
        {
            var tensors = new List<(List<PbField> Fields, PbField[] Above)>();
            bool isModel = root.Any(f => f.Number == ModelGraph && f.IsMessage);
            if (!isModel) tensors.Add((root, Array.Empty<PbField>()));
            foreach (GraphRef g in isModel ? Graphs(root) : new List<GraphRef>())
            {
                foreach (PbField init in g.Graph.Children!.Where(f => f.Number == GraphInitializer && f.IsMessage))
                    tensors.Add((init.Children!, g.Chain.Append(init).ToArray()));
                foreach (PbField node in g.Nodes)
                    foreach (PbField attribute in node.Children!.Where(f => f.Number == NodeAttribute && f.IsMessage))
                        foreach (PbField t in attribute.Children!.Where(f => f.Number == 5 && f.IsMessage))
                            tensors.Add((t.Children!, g.Chain.Concat(new[] { node, attribute, t }).ToArray()));
            }

            if (tensors.Count == 0) return "reshape: no tensor";
            (List<PbField> fields, PbField[] above) = tensors[(int)((uint)op.A % (uint)tensors.Count)];
            var dims = new List<long>();
            foreach (PbField f in fields.Where(f => f.Number == TensorDims))
            {
                if (f.Wire == 0) dims.Add((long)f.Value);
                else if (f.Wire == 2 && HostileProtobuf.PackedVarints(f.PayloadBytes) is List<ulong> packed) dims.AddRange(packed.Select(x => (long)x));
            }

            PbField? type = fields.FirstOrDefault(f => f.Number == TensorDataType && f.Wire == 0);
            string how;
            long[] newDims;
            if (op.V % 11 == 10 && type != null)
            {
                int[] types = { 1, 6, 7, 9, 10, 11, 2, 3, 12, 13, 16 };
                type.Value = (ulong)types[(int)(op.V / 11 % types.Length)];
                newDims = dims.ToArray();
                how = $"data type -> {type.Value}";
            }
            else
            {
                newDims = HostileInputBytes.OtherShape(dims.ToArray(), op.V, out how);
            }

            int size = ElementSize(type is null ? 0 : (int)type.Value);
            long count = 1;
            foreach (long d in newDims) count *= d;
            fields.RemoveAll(f => f.Number == TensorDims);
            fields.Insert(0, new PbField { Number = TensorDims, Wire = 2, Payload = HostileProtobuf.Concat(newDims.Select(d => HostileProtobuf.Varint((ulong)d)).ToArray()) });
            string data = "no data";
            foreach (PbField f in fields.Where(f => f.Wire == 2))
            {
                switch (f.Number)
                {
                    case TensorRawData:
                        f.SetPayload(HostileInputBytes.Resize(f.PayloadBytes, count * size));
                        data = $"raw_data {f.Payload!.Length} bytes";
                        break;
                    case TensorFloatData:
                        f.SetPayload(HostileInputBytes.Resize(f.PayloadBytes, count * 4));
                        data = $"float_data {count}";
                        break;
                    case TensorDoubleData:
                        f.SetPayload(HostileInputBytes.Resize(f.PayloadBytes, count * 8));
                        data = $"double_data {count}";
                        break;
                    case TensorInt32Data:
                    case TensorInt64Data:
                    case TensorUInt64Data:
                    {
                        List<ulong> values = HostileProtobuf.PackedVarints(f.PayloadBytes) ?? new List<ulong> { 0 };
                        int n = (int)Math.Max(0, Math.Min(count, HostileInputBytes.MaxResizedBytes / 8));
                        f.SetPayload(HostileProtobuf.Concat(Enumerable.Range(0, n).Select(i => HostileProtobuf.Varint(values[i % values.Count])).ToArray()));
                        data = $"field {f.Number} {n} values";
                        break;
                    }
                }
            }

            foreach (PbField a in above) a.Encoded = null;
            return $"reshape tensor: {how} -> [{string.Join(",", newDims)}], {data}";
        }

        private static int ElementSize(int dataType) => dataType switch
        {
            2 or 3 or 9 => 1,
            4 or 5 or 10 or 16 => 2,
            7 or 11 or 13 => 8,
            _ => 4,
        };

        /// <summary>A GraphProto in the tree and the message fields above it (for cache invalidation).</summary>
        private readonly struct GraphRef
        {
            public GraphRef(PbField graph, PbField[] chain, string path)
            {
                Graph = graph;
                Chain = chain;
                Path = path;
            }

            public PbField Graph { get; }
            public PbField[] Chain { get; }
            public string Path { get; }

            public List<PbField> Nodes => Graph.Children!.Where(f => f.Number == GraphNode && f.IsMessage).ToList();

            public void Dirty(PbField? node)
            {
                foreach (PbField f in Chain) f.Encoded = null;
                if (node != null) node.Encoded = null;
            }
        }

        private static List<GraphRef> Graphs(List<PbField> model)
        {
            var graphs = new List<GraphRef>();
            foreach (PbField g in model.Where(f => f.Number == ModelGraph && f.IsMessage)) AddGraph(g, new[] { g }, "graph", graphs);
            return graphs;
        }

        private static void AddGraph(PbField graph, PbField[] chain, string path, List<GraphRef> graphs)
        {
            graphs.Add(new GraphRef(graph, chain, path));
            int n = 0;
            foreach (PbField node in graph.Children!.Where(f => f.Number == GraphNode && f.IsMessage))
            {
                foreach (PbField attribute in node.Children!.Where(f => f.Number == NodeAttribute && f.IsMessage))
                {
                    foreach (PbField sub in attribute.Children!.Where(f => (f.Number == AttributeG || f.Number == AttributeGraphs) && f.IsMessage))
                        AddGraph(sub, chain.Concat(new[] { node, attribute, sub }).ToArray(), $"{path}/node{n}/{Text(Field(attribute, AttributeName))}", graphs);
                }

                n++;
            }
        }

        private static PbField? Field(PbField message, int number) => message.Children?.FirstOrDefault(f => f.Number == number);

        private static List<PbField> Fields(PbField message, int number) =>
            message.Children?.Where(f => f.Number == number && f.Wire == 2).ToList() ?? new List<PbField>();

        private static string Text(PbField? f) => f is null ? "?" : HostileProtobuf.Printable(f.PayloadBytes);

        /// <summary>Names a graph declares: its inputs, initializers and node outputs.</summary>
        private static List<byte[]> Names(GraphRef g)
        {
            var names = new List<byte[]>();
            foreach (PbField f in g.Graph.Children!)
            {
                if ((f.Number == GraphInput || f.Number == GraphOutput) && f.IsMessage && Field(f, ValueInfoName) is PbField n) names.Add(n.PayloadBytes);
                if (f.Number == GraphInitializer && f.IsMessage && Field(f, TensorName) is PbField t) names.Add(t.PayloadBytes);
            }

            foreach (PbField node in g.Nodes) names.AddRange(Fields(node, NodeOutput).Select(o => o.PayloadBytes));
            return names;
        }

        private static string ApplyGraphOp(List<PbField> model, HostileOp op, IReadOnlyList<byte[]> strings)
        {
            if (op.Kind == HostileOpKind.Opset)
            {
                PbField? opset = model.FirstOrDefault(f => f.Number == ModelOpset && f.IsMessage);
                PbField? version = opset is null ? null : Field(opset, OpsetVersion);
                if (version is null || version.Wire != 0) return "opset: no default-domain version field";
                long[] versions = { 0, 1, 5, 6, 7, 9, 11, 13, 14, 17, 18, 21, 22, 25, 26, 1000, -1 };
                ulong old = version.Value;
                version.Value = op.V % 3 == 0 ? HostileInputBytes.Interesting(op.V / 3, old) : (ulong)versions[op.V % versions.Length];
                opset!.Encoded = null;
                return $"opset version {old} -> {(long)version.Value}";
            }

            if (op.Kind == HostileOpKind.NestGraph) return NestGraph(model, HostileInputBytes.NestDepth(op.V));
            if (op.Kind == HostileOpKind.ExternalData) return ExternalData(model, op);

            List<GraphRef> graphs = Graphs(model);
            if (graphs.Count == 0) return $"{op.Kind}: no graph";
            GraphRef g = graphs[(int)(op.V % graphs.Count)];
            if (op.Kind == HostileOpKind.InputShape) return InputShape(g, op);
            List<PbField> nodes = g.Nodes;
            if (nodes.Count == 0) return $"{op.Kind}: {g.Path} has no node";
            int i = (int)((uint)op.A % (uint)nodes.Count);
            PbField node = nodes[i];
            List<PbField> inputs = Fields(node, NodeInput);

            switch (op.Kind)
            {
                case HostileOpKind.Cycle:
                {
                    // Rewire an input to an output of this node (a self loop) or of a node at or after it (a longer cycle).
                    int j = i + (int)((uint)op.B % (uint)(nodes.Count - i));
                    List<PbField> outputs = Fields(nodes[j], NodeOutput);
                    if (outputs.Count == 0) return $"cycle: {g.Path} node {j} has no output";
                    byte[] name = outputs[op.B % outputs.Count].PayloadBytes;
                    PbField target = SomeInput(node, inputs, op.B);
                    target.SetPayload(name);
                    g.Dirty(node);
                    return $"cycle: {g.Path} node {i} ({Text(Field(node, NodeOpType))}) reads '{HostileProtobuf.Printable(name)}' of node {j}";
                }
                case HostileOpKind.DanglingInput:
                {
                    byte[] name = op.V % 5 == 0 ? Array.Empty<byte>() : Encoding.UTF8.GetBytes("hostile_dangling_" + (op.B % 3));
                    PbField target = SomeInput(node, inputs, op.B);
                    target.SetPayload(name);
                    g.Dirty(node);
                    return $"dangling: {g.Path} node {i} ({Text(Field(node, NodeOpType))}) reads '{HostileProtobuf.Printable(name)}'";
                }
                case HostileOpKind.DuplicateName:
                {
                    List<byte[]> names = Names(g);
                    if (names.Count == 0) return $"duplicate name: {g.Path} declares no name";
                    byte[] name = names[op.B % names.Count];
                    switch (op.V / 7 % 3)
                    {
                        case 0:
                        {
                            List<PbField> outputs = Fields(node, NodeOutput);
                            if (outputs.Count == 0) return $"duplicate name: {g.Path} node {i} has no output";
                            outputs[op.B % outputs.Count].SetPayload(name);
                            g.Dirty(node);
                            return $"duplicate name: {g.Path} node {i} also writes '{HostileProtobuf.Printable(name)}'";
                        }
                        case 1:
                        {
                            var infos = g.Graph.Children!.Where(f => (f.Number == GraphInput || f.Number == GraphOutput) && f.IsMessage).ToList();
                            if (infos.Count == 0) return $"duplicate name: {g.Path} has no inputs or outputs";
                            PbField info = infos[op.A % infos.Count];
                            PbField? n = Field(info, ValueInfoName);
                            if (n is null) return "duplicate name: value info without a name";
                            n.SetPayload(name);
                            g.Dirty(info);
                            return $"duplicate name: {g.Path} {(info.Number == GraphInput ? "input" : "output")} renamed '{HostileProtobuf.Printable(name)}'";
                        }
                        default:
                        {
                            var inits = g.Graph.Children!.Where(f => f.Number == GraphInitializer && f.IsMessage).ToList();
                            if (inits.Count == 0) return $"duplicate name: {g.Path} has no initializer";
                            PbField init = inits[op.A % inits.Count];
                            PbField? n = Field(init, TensorName);
                            if (n is null) return "duplicate name: initializer without a name";
                            n.SetPayload(name);
                            g.Dirty(init);
                            return $"duplicate name: {g.Path} initializer renamed '{HostileProtobuf.Printable(name)}'";
                        }
                    }
                }
                case HostileOpKind.ReorderNodes:
                {
                    List<PbField> children = g.Graph.Children!;
                    if (op.B % 4 == 0)
                    {
                        var reversed = nodes.AsEnumerable().Reverse().ToList();
                        int k = 0;
                        for (int f = 0; f < children.Count; f++)
                            if (children[f].Number == GraphNode && children[f].IsMessage) children[f] = reversed[k++];
                        g.Dirty(null);
                        return $"reorder: {g.Path} nodes reversed";
                    }

                    int j = (int)((uint)op.B % (uint)nodes.Count);
                    int a = children.IndexOf(nodes[i]), b = children.IndexOf(nodes[j]);
                    (children[a], children[b]) = (children[b], children[a]);
                    g.Dirty(null);
                    return $"reorder: {g.Path} nodes {i} and {j} swapped";
                }
                case HostileOpKind.OpType:
                {
                    PbField? type = Field(node, NodeOpType);
                    string op2 = s_opTypes[op.B % s_opTypes.Length];
                    string old = Text(type);
                    if (type is null) node.Children!.Add(type = new PbField { Number = NodeOpType, Wire = 2 });
                    type.SetPayload(Encoding.UTF8.GetBytes(op2));
                    g.Dirty(node);
                    return $"op type: {g.Path} node {i} {old} -> '{op2}'";
                }
                case HostileOpKind.Attribute:
                    return Attribute(g, node, i, op);
            }

            return $"{op.Kind}: nothing to mutate";
        }

        /// <summary>
        /// Gives a node attribute a hostile value: a boundary int, a boundary ints element, a NaN / infinite float, a
        /// wrong type tag, a second copy, removal, or a new attribute (a name some kernel reads) with a hostile int.
        /// </summary>
        private static string Attribute(GraphRef g, PbField node, int i, HostileOp op)
        {
            var attributes = node.Children!.Where(f => f.Number == NodeAttribute && f.IsMessage).ToList();
            string where = $"{g.Path} node {i} ({Text(Field(node, NodeOpType))})";
            int mode = (int)(op.V / 5 % 7);
            if (attributes.Count == 0 || mode == 6)
            {
                string name = s_attributeNames[op.B % s_attributeNames.Length];
                ulong value = HostileInputBytes.Interesting(op.V / 35, 1);
                var added = new PbField
                {
                    Number = NodeAttribute,
                    Wire = 2,
                    Children = new List<PbField>
                    {
                        new PbField { Number = AttributeName, Wire = 2, Payload = Encoding.UTF8.GetBytes(name) },
                        new PbField { Number = AttributeI, Wire = 0, Value = value },
                        new PbField { Number = AttributeType, Wire = 0, Value = 2 },
                    },
                };
                node.Children!.Add(added);
                g.Dirty(node);
                return $"attribute: {where} gets {name} = {(long)value}";
            }

            PbField attribute = attributes[op.B % attributes.Count];
            string label = $"attribute: {where} {Text(Field(attribute, AttributeName))}";
            List<PbField> fields = attribute.Children!;
            switch (mode)
            {
                case 0:
                {
                    PbField? v = fields.FirstOrDefault(f => f.Number == AttributeI && f.Wire == 0);
                    if (v is null) fields.Add(v = new PbField { Number = AttributeI, Wire = 0 });
                    v.Value = HostileInputBytes.Interesting(op.V / 35, v.Value);
                    g.Dirty(attribute);
                    g.Dirty(node);
                    return $"{label}.i = {(long)v.Value}";
                }
                case 1:
                {
                    PbField? v = fields.FirstOrDefault(f => f.Number == AttributeInts && f.Wire == 2 && f.Payload != null);
                    List<ulong>? values = v is null ? null : HostileProtobuf.PackedVarints(v.Payload!);
                    if (v is null || values is null)
                    {
                        v = fields.FirstOrDefault(f => f.Number == AttributeInts && f.Wire == 0);
                        if (v is null) fields.Add(v = new PbField { Number = AttributeInts, Wire = 0 });
                        v.Value = HostileInputBytes.Interesting(op.V / 35, v.Value);
                        g.Dirty(attribute);
                        g.Dirty(node);
                        return $"{label}.ints[?] = {(long)v.Value}";
                    }

                    int k = op.A % values.Count;
                    values[k] = HostileInputBytes.Interesting(op.V / 35, values[k]);
                    v.SetPayload(HostileProtobuf.Concat(values.Select(HostileProtobuf.Varint).ToArray()));
                    g.Dirty(attribute);
                    g.Dirty(node);
                    return $"{label}.ints[{k}] = {(long)values[k]}";
                }
                case 2:
                {
                    float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, 0f, -1f };
                    float f32 = specials[op.A % specials.Length];
                    PbField? v = fields.FirstOrDefault(f => f.Number == AttributeF && f.Wire == 5);
                    if (v is null) fields.Add(v = new PbField { Number = AttributeF, Wire = 5 });
                    v.Value = (uint)BitConverter.SingleToInt32Bits(f32);
                    g.Dirty(attribute);
                    g.Dirty(node);
                    return $"{label}.f = {f32}";
                }
                case 3:
                {
                    PbField? type = fields.FirstOrDefault(f => f.Number == AttributeType && f.Wire == 0);
                    if (type is null) fields.Add(type = new PbField { Number = AttributeType, Wire = 0 });
                    ulong old = type.Value;
                    type.Value = (ulong)(op.A % 16);
                    g.Dirty(attribute);
                    g.Dirty(node);
                    return $"{label} type {old} -> {type.Value}";
                }
                case 4:
                    node.Children!.Remove(attribute);
                    g.Dirty(node);
                    return $"{label} removed";
                default:
                    node.Children!.Insert(node.Children.IndexOf(attribute) + 1, attribute.Clone());
                    g.Dirty(node);
                    return $"{label} given twice";
            }
        }

        /// <summary>
        /// Changes what a graph input declares, so the executor is fed (synthetic) tensors of that shape and type: a dim
        /// becomes 0, 1, a boundary value or symbolic; the element type changes; or the shape goes away.
        /// </summary>
        private static string InputShape(GraphRef g, HostileOp op)
        {
            var infos = g.Graph.Children!.Where(f => f.Number == GraphInput && f.IsMessage).ToList();
            if (infos.Count == 0) return $"input shape: {g.Path} has no input";
            PbField info = infos[op.A % infos.Count];
            string label = $"input shape: {g.Path} input '{Text(Field(info, ValueInfoName))}'";
            PbField? type = Field(info, ValueInfoType);
            PbField? tensor = type?.IsMessage == true ? Field(type, TypeTensor) : null;
            if (tensor is null || !tensor.IsMessage) return label + ": not a tensor type";
            var chain = new[] { info, type!, tensor };
            void Dirty()
            {
                foreach (PbField f in chain) f.Encoded = null;
                g.Dirty(null);
            }

            PbField? shape = Field(tensor, TensorShape);
            switch (op.V % 4)
            {
                case 0:
                {
                    PbField? elem = tensor.Children!.FirstOrDefault(f => f.Number == TensorElemType && f.Wire == 0);
                    if (elem is null) tensor.Children!.Add(elem = new PbField { Number = TensorElemType, Wire = 0 });
                    ulong old = elem.Value;
                    elem.Value = (ulong)(op.B % 17);
                    Dirty();
                    return $"{label} element type {old} -> {elem.Value}";
                }
                case 1 when shape != null:
                    tensor.Children!.Remove(shape);
                    Dirty();
                    return $"{label} loses its shape";
                default:
                {
                    if (shape is null || !shape.IsMessage) return label + ": no shape";
                    var dims = shape.Children!.Where(f => f.Number == ShapeDim && f.IsMessage).ToList();
                    if (dims.Count == 0 || op.B % 9 == 0)
                    {
                        shape.Children!.Add(new PbField
                        {
                            Number = ShapeDim, Wire = 2,
                            Children = new List<PbField> { new PbField { Number = DimValue, Wire = 0, Value = (ulong)(op.B % 3) } },
                        });
                        shape.Encoded = null;
                        Dirty();
                        return $"{label} gains a dim {op.B % 3}";
                    }

                    PbField dim = dims[op.B % dims.Count];
                    long[] values = { 0, 1, 2, 3, 7, 64, 1000, 65536, 1 << 20, int.MaxValue, -1 };
                    long value = values[op.V / 4 % values.Length];
                    dim.Children!.RemoveAll(f => f.Number == DimValue || f.Number == DimParam);
                    dim.Children.Add(value < 0
                        ? new PbField { Number = DimParam, Wire = 2, Payload = Encoding.UTF8.GetBytes("hostile_dim") }
                        : new PbField { Number = DimValue, Wire = 0, Value = (ulong)value });
                    dim.Encoded = null;
                    shape.Encoded = null;
                    Dirty();
                    return $"{label} dim {dims.IndexOf(dim)} = {(value < 0 ? "symbolic" : value.ToString())}";
                }
            }
        }

        /// <summary>Name of the 4 KiB file in the external-data folder the tests pass as OnnxReadOptions.ExternalDataDirectory.</summary>
        public const string ExternalFileName = "weights.bin";

        private static readonly string[] s_externalLocations =
        {
            ExternalFileName, "./" + ExternalFileName, "missing.bin", "../" + ExternalFileName, "sub/../" + ExternalFileName, "/etc/hostname",
            "C:\\weights.bin", "\\\\server\\share\\w.bin", "a\0b", string.Empty, ".", "sub", ExternalFileName + "/", new string('a', 300),
            "%s%n", "sub\\..\\..\\x",
        };

        private static readonly string?[] s_externalNumbers =
        {
            null, null, "0", "4", "16", "4095", "4096", "4097", "-1", "+1", " 1", "1e3", "0x10", "99999999999999999999",
            "9223372036854775807", "abc", string.Empty,
        };

        /// <summary>
        /// Moves an initializer's data to "external" storage: data_location EXTERNAL with location / offset / length
        /// entries drawn from hostile lists (paths that leave the folder, missing files, bad or overflowing numbers).
        /// </summary>
        private static string ExternalData(List<PbField> model, HostileOp op)
        {
            PbField? graph = model.FirstOrDefault(f => f.Number == ModelGraph && f.IsMessage);
            var inits = graph?.Children!.Where(f => f.Number == GraphInitializer && f.IsMessage).ToList();
            if (graph is null || inits is null || inits.Count == 0) return "external data: no initializer";
            PbField init = inits[op.A % inits.Count];
            List<PbField> fields = init.Children!;
            fields.RemoveAll(f => f.Number == 13 || f.Number == 14);
            if (op.V % 3 == 0) fields.RemoveAll(f => f.Number == 9 || f.Number == 4 || f.Number == 5 || f.Number == 7);
            string location = s_externalLocations[op.B % s_externalLocations.Length];
            string? offset = s_externalNumbers[(int)(op.V / 3 % s_externalNumbers.Length)];
            string? length = s_externalNumbers[(int)(op.V / 51 % s_externalNumbers.Length)];
            fields.Add(Entry("location", location));
            if (offset != null) fields.Add(Entry("offset", offset));
            if (length != null) fields.Add(Entry("length", length));
            fields.Add(new PbField { Number = 14, Wire = 0, Value = 1 });
            init.Encoded = null;
            graph.Encoded = null;
            return $"external data: initializer {inits.IndexOf(init)} at location '{HostileProtobuf.Printable(Encoding.UTF8.GetBytes(location))}'" +
                $" offset {offset ?? "(none)"} length {length ?? "(none)"}";
        }

        private static PbField Entry(string key, string value) => new PbField
        {
            Number = 13,
            Wire = 2,
            Children = new List<PbField>
            {
                new PbField { Number = 1, Wire = 2, Payload = Encoding.UTF8.GetBytes(key) },
                new PbField { Number = 2, Wire = 2, Payload = Encoding.UTF8.GetBytes(value) },
            },
        };

        private static PbField SomeInput(PbField node, List<PbField> inputs, int pick)
        {
            if (inputs.Count > 0 && pick % 5 != 0) return inputs[pick % inputs.Count];
            var added = new PbField { Number = NodeInput, Wire = 2, Payload = Array.Empty<byte>() };
            node.Children!.Insert(0, added);
            return added;
        }

        /// <summary>
        /// Replaces the main graph G by one If node whose then_branch holds G, <paramref name="depth"/> times over:
        /// every level costs three messages (node, attribute, graph) against OnnxReadOptions.MaxDepth.
        /// </summary>
        private static string NestGraph(List<PbField> model, int depth)
        {
            PbField? graph = model.FirstOrDefault(f => f.Number == ModelGraph && f.Wire == 2);
            if (graph is null) return "nest graph: no graph";
            byte[] inner = graph.PayloadBytes;
            byte[] attributeHead = HostileProtobuf.Concat(Tag(AttributeName, 2), HostileProtobuf.Varint(11), Encoding.ASCII.GetBytes("then_branch"),
                Tag(AttributeType, 0), HostileProtobuf.Varint(AttributeTypeGraph));
            byte[] nodeHead = HostileProtobuf.Concat(Tag(NodeInput, 2), HostileProtobuf.Varint(4), Encoding.ASCII.GetBytes("cond"),
                Tag(NodeOutput, 2), HostileProtobuf.Varint(3), Encoding.ASCII.GetBytes("out"),
                Tag(NodeOpType, 2), HostileProtobuf.Varint(2), Encoding.ASCII.GetBytes("If"));
            byte[] tagG = Tag(AttributeG, 2), tagAttribute = Tag(NodeAttribute, 2), tagNode = Tag(GraphNode, 2);
            inner = HostileProtobuf.WrapRepeatedly(inner, depth, length =>
            {
                // graph { node { head, attribute { head, g = <length bytes> } } }
                byte[] g = HostileProtobuf.Concat(attributeHead, tagG, HostileProtobuf.Varint((ulong)length));
                long attributeLength = g.Length + length;
                byte[] node = HostileProtobuf.Concat(nodeHead, tagAttribute, HostileProtobuf.Varint((ulong)attributeLength));
                long nodeLength = node.Length + attributeLength;
                return HostileProtobuf.Concat(tagNode, HostileProtobuf.Varint((ulong)nodeLength), node, g);
            });

            graph.SetPayload(inner);
            return $"nest the graph in {depth} If subgraphs ({3 * depth + 1} message levels)";
        }

        private static byte[] Tag(int field, int wire) => HostileProtobuf.Varint(((ulong)field << 3) | (uint)wire);
    }
}
