// Extra ONNX seeds the fixtures lack, built with Google.Protobuf (the oracle classes): Loop (trip count and scan outputs,
// while-condition), If, a Loop around an If, sequence ops and a ten-node chain, so graph mutations reach control flow
// and multi-node graphs, and the ops whose output size comes from input values. What the mutations do is HostileOnnx's.
using System.Collections.Generic;
using Google.Protobuf;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;

namespace Recurrent.Tests.Oracle
{
    internal static class HostileInputOnnxSeeds
    {
        private const long Opset = 13;

        /// <summary>Name and serialized ModelProto of each hand-built seed.</summary>
        public static IEnumerable<(string Name, byte[] Bytes)> All()
        {
            yield return ("built/loop-trip-count-scan", Model(LoopWithScan()));
            yield return ("built/loop-while-less", Model(LoopWhile()));
            yield return ("built/if-branches", Model(IfBranches()));
            yield return ("built/loop-around-if", Model(LoopAroundIf()));
            yield return ("built/sequence-ops", Model(SequenceOps()));
            yield return ("built/ten-node-chain", Model(Chain()));
            yield return ("built/tensor-factories", Model(TensorFactories()));
        }

        private static byte[] Model(GraphProto graph)
        {
            var model = new ModelProto { IrVersion = 8, ProducerName = "hostile-input-seeds", Graph = graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
            return model.ToByteArray();
        }

        // Loop(M, cond, x0) -> (x_final, scans): the body adds the outer-scope 'one' and emits y*y per iteration.
        private static GraphProto LoopWithScan()
        {
            var body = new GraphProto { Name = "body" };
            body.Input.Add(Info("i", DataType.Int64));
            body.Input.Add(Info("c_in", DataType.Bool));
            body.Input.Add(Info("x", DataType.Float, 2));
            body.Node.Add(Node("Identity", new[] { "c_in" }, new[] { "c_out" }));
            body.Node.Add(Node("Add", new[] { "x", "one" }, new[] { "y" }));
            body.Node.Add(Node("Mul", new[] { "y", "y" }, new[] { "s" }));
            body.Output.Add(Info("c_out", DataType.Bool));
            body.Output.Add(Info("y", DataType.Float, 2));
            body.Output.Add(Info("s", DataType.Float, 2));

            var g = new GraphProto { Name = "loop_scan" };
            g.Input.Add(Info("M", DataType.Int64));
            g.Input.Add(Info("cond", DataType.Bool));
            g.Input.Add(Info("x0", DataType.Float, 2));
            g.Initializer.Add(Floats("one", new long[] { 2 }, 1f, 1f));
            NodeProto loop = Node("Loop", new[] { "M", "cond", "x0" }, new[] { "x_final", "scans" });
            loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeType.Graph, G = body });
            g.Node.Add(loop);
            g.Output.Add(Info("x_final", DataType.Float, 2));
            g.Output.Add(Info("scans", DataType.Float, -1, 2));
            return g;
        }

        // Loop("", true, x0): no trip count; the body continues while i < limit (outer-scope initializer 5).
        private static GraphProto LoopWhile()
        {
            var body = new GraphProto { Name = "while_body" };
            body.Input.Add(Info("i", DataType.Int64));
            body.Input.Add(Info("c_in", DataType.Bool));
            body.Input.Add(Info("x", DataType.Float, 3));
            body.Node.Add(Node("Less", new[] { "i", "limit" }, new[] { "c_out" }));
            body.Node.Add(Node("Sigmoid", new[] { "x" }, new[] { "y" }));
            body.Output.Add(Info("c_out", DataType.Bool));
            body.Output.Add(Info("y", DataType.Float, 3));

            var g = new GraphProto { Name = "loop_while" };
            g.Input.Add(Info("x0", DataType.Float, 3));
            g.Initializer.Add(Longs("limit", new long[0], 5));
            g.Initializer.Add(Bools("start", true));
            NodeProto loop = Node("Loop", new[] { string.Empty, "start", "x0" }, new[] { "x_final" });
            loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeType.Graph, G = body });
            g.Node.Add(loop);
            g.Output.Add(Info("x_final", DataType.Float, 3));
            return g;
        }

        // If(c): then Relu(x), else Tanh(Neg(x)); both branches read x from the outer scope.
        private static GraphProto IfBranches()
        {
            var then = new GraphProto { Name = "then" };
            then.Node.Add(Node("Relu", new[] { "x" }, new[] { "y_then" }));
            then.Output.Add(Info("y_then", DataType.Float, 3));
            var otherwise = new GraphProto { Name = "else" };
            otherwise.Node.Add(Node("Neg", new[] { "x" }, new[] { "n" }));
            otherwise.Node.Add(Node("Tanh", new[] { "n" }, new[] { "y_else" }));
            otherwise.Output.Add(Info("y_else", DataType.Float, 3));

            var g = new GraphProto { Name = "if_branches" };
            g.Input.Add(Info("c", DataType.Bool));
            g.Input.Add(Info("x", DataType.Float, 3));
            NodeProto node = Node("If", new[] { "c" }, new[] { "y" });
            node.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = then });
            node.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeType.Graph, G = otherwise });
            g.Node.Add(node);
            g.Output.Add(Info("y", DataType.Float, 3));
            return g;
        }

        // Loop(3, true, x0) whose body chooses between two updates with an If on (i < 1), reading both scopes.
        private static GraphProto LoopAroundIf()
        {
            var then = new GraphProto { Name = "first" };
            then.Node.Add(Node("Add", new[] { "x", "step" }, new[] { "t" }));
            then.Output.Add(Info("t", DataType.Float, 2));
            var otherwise = new GraphProto { Name = "later" };
            otherwise.Node.Add(Node("Mul", new[] { "x", "step" }, new[] { "e" }));
            otherwise.Output.Add(Info("e", DataType.Float, 2));

            var body = new GraphProto { Name = "body" };
            body.Input.Add(Info("i", DataType.Int64));
            body.Input.Add(Info("c_in", DataType.Bool));
            body.Input.Add(Info("x", DataType.Float, 2));
            body.Node.Add(Node("Less", new[] { "i", "one_i" }, new[] { "first_step" }));
            NodeProto choose = Node("If", new[] { "first_step" }, new[] { "y" });
            choose.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = then });
            choose.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeType.Graph, G = otherwise });
            body.Node.Add(choose);
            body.Node.Add(Node("Identity", new[] { "c_in" }, new[] { "c_out" }));
            body.Output.Add(Info("c_out", DataType.Bool));
            body.Output.Add(Info("y", DataType.Float, 2));

            var g = new GraphProto { Name = "loop_around_if" };
            g.Input.Add(Info("x0", DataType.Float, 2));
            g.Initializer.Add(Longs("trips", new long[0], 3));
            g.Initializer.Add(Bools("go", true));
            g.Initializer.Add(Longs("one_i", new long[0], 1));
            g.Initializer.Add(Floats("step", new long[] { 2 }, 0.5f, 2f));
            NodeProto loop = Node("Loop", new[] { "trips", "go", "x0" }, new[] { "x_final" });
            loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeType.Graph, G = body });
            g.Node.Add(loop);
            g.Output.Add(Info("x_final", DataType.Float, 2));
            return g;
        }

        // SplitToSequence(x, axis 0) -> SequenceLength, SequenceAt(idx), ConcatFromSequence.
        private static GraphProto SequenceOps()
        {
            var g = new GraphProto { Name = "sequence_ops" };
            g.Input.Add(Info("x", DataType.Float, 4, 2));
            g.Input.Add(Info("idx", DataType.Int64));
            NodeProto split = Node("SplitToSequence", new[] { "x" }, new[] { "seq" });
            split.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeType.Int, I = 0 });
            g.Node.Add(split);
            g.Node.Add(Node("SequenceLength", new[] { "seq" }, new[] { "n" }));
            g.Node.Add(Node("SequenceAt", new[] { "seq", "idx" }, new[] { "item" }));
            NodeProto concat = Node("ConcatFromSequence", new[] { "seq" }, new[] { "joined" });
            concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeType.Int, I = 1 });
            concat.Attribute.Add(new AttributeProto { Name = "new_axis", Type = AttributeType.Int, I = 0 });
            g.Node.Add(concat);
            g.Output.Add(Info("n", DataType.Int64));
            g.Output.Add(Info("item", DataType.Float, 1, 2));
            g.Output.Add(Info("joined", DataType.Float, 1, 8));
            return g;
        }

        // x[2,3] -> Transpose -> MatMul W -> Add b -> Reshape -> Softmax -> Gather -> Concat -> Slice -> Unsqueeze, + Shape.
        private static GraphProto Chain()
        {
            var g = new GraphProto { Name = "chain" };
            g.Input.Add(Info("x", DataType.Float, 2, 3));
            g.Initializer.Add(Floats("W", new long[] { 2, 4 }, 0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f));
            g.Initializer.Add(Floats("b", new long[] { 4 }, 0.01f, 0.02f, 0.03f, 0.04f));
            g.Initializer.Add(Longs("shape", new long[] { 2 }, 2, 6));
            g.Initializer.Add(Longs("index", new long[] { 1 }, 1));
            g.Initializer.Add(Longs("starts", new long[] { 1 }, 0));
            g.Initializer.Add(Longs("ends", new long[] { 1 }, 3));
            g.Initializer.Add(Longs("axes", new long[] { 1 }, 1));
            g.Initializer.Add(Longs("axis0", new long[] { 1 }, 0));
            NodeProto transpose = Node("Transpose", new[] { "x" }, new[] { "t" });
            transpose.Attribute.Add(new AttributeProto { Name = "perm", Type = AttributeType.Ints, Ints = { 1, 0 } });
            g.Node.Add(transpose);
            g.Node.Add(Node("MatMul", new[] { "t", "W" }, new[] { "m" }));
            g.Node.Add(Node("Add", new[] { "m", "b" }, new[] { "a" }));
            g.Node.Add(Node("Reshape", new[] { "a", "shape" }, new[] { "r" }));
            NodeProto softmax = Node("Softmax", new[] { "r" }, new[] { "s" });
            softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeType.Int, I = -1 });
            g.Node.Add(softmax);
            NodeProto gather = Node("Gather", new[] { "s", "index" }, new[] { "gathered" });
            gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeType.Int, I = 0 });
            g.Node.Add(gather);
            NodeProto concat = Node("Concat", new[] { "gathered", "gathered" }, new[] { "c" });
            concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeType.Int, I = 0 });
            g.Node.Add(concat);
            g.Node.Add(Node("Slice", new[] { "c", "starts", "ends", "axes" }, new[] { "sl" }));
            g.Node.Add(Node("Unsqueeze", new[] { "sl", "axis0" }, new[] { "u" }));
            g.Node.Add(Node("Shape", new[] { "u" }, new[] { "u_shape" }));
            g.Output.Add(Info("u", DataType.Float, 1, 2, 3));
            g.Output.Add(Info("u_shape", DataType.Int64, 3));
            return g;
        }

        // ConstantOfShape(shape), Expand(data, new_shape), Tile(data, repeats): the output size is an input value.
        // (Range is left out: a synthetic limit of 2^31-1 with a delta of 2 would really allocate 8 GB; see the report.)
        private static GraphProto TensorFactories()
        {
            var g = new GraphProto { Name = "tensor_factories" };
            g.Input.Add(Info("shape", DataType.Int64, 1));
            g.Input.Add(Info("data", DataType.Float, 1));
            g.Input.Add(Info("new_shape", DataType.Int64, 1));
            g.Input.Add(Info("repeats", DataType.Int64, 1));
            g.Node.Add(Node("ConstantOfShape", new[] { "shape" }, new[] { "filled" }));
            g.Node.Add(Node("Expand", new[] { "data", "new_shape" }, new[] { "expanded" }));
            g.Node.Add(Node("Tile", new[] { "data", "repeats" }, new[] { "tiled" }));
            g.Output.Add(Info("filled", DataType.Float, -1));
            g.Output.Add(Info("expanded", DataType.Float, -1));
            g.Output.Add(Info("tiled", DataType.Float, -1));
            return g;
        }

        private static NodeProto Node(string op, string[] inputs, string[] outputs)
        {
            var node = new NodeProto { OpType = op };
            node.Input.AddRange(inputs);
            node.Output.AddRange(outputs);
            return node;
        }

        /// <summary>A tensor value info; a dim of -1 is symbolic ("n").</summary>
        private static ValueInfoProto Info(string name, DataType type, params long[] dims)
        {
            var shape = new TensorShapeProto();
            foreach (long d in dims)
                shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "n" } : new TensorShapeProto.Types.Dimension { DimValue = d });
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
        }

        private static TensorProto Floats(string name, long[] dims, params float[] values)
        {
            var t = new TensorProto { Name = name, DataType = (int)DataType.Float };
            t.Dims.AddRange(dims);
            t.FloatData.AddRange(values);
            return t;
        }

        private static TensorProto Longs(string name, long[] dims, params long[] values)
        {
            var t = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
            t.Dims.AddRange(dims);
            t.Int64Data.AddRange(values);
            return t;
        }

        private static TensorProto Bools(string name, bool value) =>
            new TensorProto { Name = name, DataType = (int)DataType.Bool, Int32Data = { value ? 1 : 0 } };
    }
}
