// Operators that neither the conformance fixtures nor the real models pin down in every form, each on a one-node
// graph with the expected values worked out by hand (most are the examples of the ONNX operator pages).
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using static Recurrent.Tests.Oracle.OnnxGraphTestSupport;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphOperatorTests
    {
        /// <summary>Hand-computed values carry 8 significant digits; float results are within a few ulps.</summary>
        private const double AbsoluteTolerance = 1e-7;

        /// <inheritdoc cref="AbsoluteTolerance"/>
        private const double RelativeTolerance = 1e-6;

        /// <summary>Runs one node whose inputs are the given values (in slot order) and returns its first output.</summary>
        private static OnnxValue Eval(long opset, Ir.OnnxNode node, params OnnxValue[] inputs)
        {
            var infos = node.Inputs.Where(n => n.Length > 0).Select((n, i) => AnyShape(n, inputs[i].ElementType)).ToArray();
            var graph = Graph("g", new[] { node }, infos, new[] { AnyShape(node.Outputs[0], OnnxDataType.Undefined) });
            var feed = new Dictionary<string, OnnxValue>();
            for (int i = 0; i < infos.Length; i++) feed[infos[i].Name] = inputs[i];
            return new OnnxGraphExecutor(Model(opset, graph)).Run(feed)[0];
        }

        private static void Expect(OnnxValue actual, OnnxValue expected, string label) =>
            AssertMatches(actual, expected, AbsoluteTolerance, RelativeTolerance, label);

        private static OnnxValue F(float[] data, params int[] shape) => OnnxValue.FromFloats(data, shape);

        [Test]
        public void Sub_BroadcastsTheRowOperand()
        {
            var y = Eval(14, Node("Sub", new[] { "a", "b" }, new[] { "y" }), F(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3), F(new float[] { 1, 2, 3 }, 3));

            Expect(y, F(new float[] { 0, 0, 0, 3, 3, 3 }, 2, 3), "Sub");
        }

        [Test]
        public void Div_OnInt64_TruncatesTowardZero()
        {
            var y = Eval(14, Node("Div", new[] { "a", "b" }, new[] { "y" }), OnnxValue.FromInt64s(new long[] { 7, -7 }, 2), OnnxValue.FromInt64s(new long[] { 2 }, 1));

            Expect(y, OnnxValue.FromInt64s(new long[] { 3, -3 }, 2), "integer Div");
        }

        [Test]
        public void Pow_FloatBaseWithInt64Exponent_KeepsTheBaseType()
        {
            // Operator page, pow_types_float32_int64: [1,2,3] ^ [4,5,6] = [1, 32, 729].
            var y = Eval(15, Node("Pow", new[] { "x", "e" }, new[] { "y" }), F(new float[] { 1, 2, 3 }, 3), OnnxValue.FromInt64s(new long[] { 4, 5, 6 }, 3));

            Expect(y, F(new float[] { 1, 32, 729 }, 3), "Pow float^int64");
        }

        [Test]
        public void LeakyReluEluSqrt_FollowTheOperatorPageExamples()
        {
            var x = F(new float[] { -1, 0, 1 }, 3);

            Expect(Eval(16, Node("LeakyRelu", new[] { "x" }, new[] { "y" }, Float("alpha", 0.1f)), x), F(new[] { -0.1f, 0f, 1f }, 3), "LeakyRelu alpha=0.1");
            // Elu alpha=2: 2·(e^-1 − 1) = −1.2642411
            Expect(Eval(6, Node("Elu", new[] { "x" }, new[] { "y" }, Float("alpha", 2f)), x), F(new[] { -1.2642411f, 0f, 1f }, 3), "Elu alpha=2");
            Expect(Eval(13, Node("Sqrt", new[] { "x" }, new[] { "y" }), F(new float[] { 1, 4, 9 }, 3)), F(new float[] { 1, 2, 3 }, 3), "Sqrt");
        }

        [Test]
        public void Tile_RepeatsEveryAxis()
        {
            var y = Eval(13, Node("Tile", new[] { "x", "r" }, new[] { "y" }), F(new float[] { 0, 1, 2, 3 }, 2, 2), OnnxValue.FromInt64s(new long[] { 2, 2 }, 2));

            Expect(y, F(new float[] { 0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3 }, 4, 4), "Tile [2,2]");
        }

        [Test]
        public void GatherElements_WithNegativeIndices_CountsFromTheEnd()
        {
            // Operator page, gather_elements_negative_indices (axis 0).
            var data = F(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 3, 3);
            var indices = OnnxValue.FromInt64s(new long[] { -1, -2, 0, -2, 0, 0 }, 2, 3);

            var y = Eval(13, Node("GatherElements", new[] { "d", "i" }, new[] { "y" }, Int("axis", 0)), data, indices);

            Expect(y, F(new float[] { 7, 5, 3, 4, 2, 3 }, 2, 3), "GatherElements axis 0");
        }

        [Test]
        public void Gather_WithScalarIndex_DropsTheAxis()
        {
            var y = Eval(13, Node("Gather", new[] { "d", "i" }, new[] { "y" }, Int("axis", 1)), F(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3), OnnxValue.FromInt64s(new long[] { -1 }));

            Expect(y, F(new float[] { 3, 6 }, 2), "Gather scalar index -1 on axis 1");
        }

        [Test]
        public void Conv1d_WithPadsAndStride_SlidesTheKernel()
        {
            // x = [0,1,2,3,4], w = [1,1,1], pads [1,1], stride 2: windows [·,0,1], [1,2,3], [3,4,·] → [1, 6, 7].
            var node = Node("Conv", new[] { "x", "w" }, new[] { "y" }, Ints("kernel_shape", 3), Ints("pads", 1, 1), Ints("strides", 2));

            var y = Eval(11, node, F(new float[] { 0, 1, 2, 3, 4 }, 1, 1, 5), F(new float[] { 1, 1, 1 }, 1, 1, 3));

            Expect(y, F(new float[] { 1, 6, 7 }, 1, 1, 3), "Conv1d pads/stride");
        }

        [Test]
        public void Conv1d_WithDilation_SkipsInputs()
        {
            var node = Node("Conv", new[] { "x", "w" }, new[] { "y" }, Ints("dilations", 2));

            var y = Eval(11, node, F(new float[] { 0, 1, 2, 3, 4 }, 1, 1, 5), F(new float[] { 1, 1, 1 }, 1, 1, 3));

            Expect(y, F(new float[] { 6 }, 1, 1, 1), "Conv1d dilation 2: x0 + x2 + x4");
        }

        [Test]
        public void Conv1d_WithGroupsAndBias_ConvolvesEachGroupAlone()
        {
            // c0 = [1,2,3] with [1,1] + 0.5 → [3.5, 5.5]; c1 = [10,20,30] with [1,-1] → [-10, -10].
            var node = Node("Conv", new[] { "x", "w", "b" }, new[] { "y" }, Int("group", 2));

            var y = Eval(11, node, F(new float[] { 1, 2, 3, 10, 20, 30 }, 1, 2, 3), F(new float[] { 1, 1, 1, -1 }, 2, 1, 2), F(new[] { 0.5f, 0f }, 2));

            Expect(y, F(new[] { 3.5f, 5.5f, -10f, -10f }, 1, 2, 2), "Conv1d group 2");
        }

        [Test]
        public void Conv2d_IsRejectedWhenBuilt()
        {
            var node = NamedNode("image_conv", "Conv", new[] { "x", "w" }, new[] { "y" }, Ints("kernel_shape", 3, 3));
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", OnnxDataType.Float), AnyShape("w", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(11, graph)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("image_conv").And.Message.Contains("2-D"));
        }

        [Test]
        public void Cast_FloatToInt32_TruncatesTowardZero_AndKeepsInt32()
        {
            var y = Eval(13, Node("Cast", new[] { "x" }, new[] { "y" }, Int("to", (long)OnnxDataType.Int32)), F(new[] { -1.7f, 2.9f, 0f }, 3));

            Expect(y, OnnxValue.FromInt32s(new[] { -1, 2, 0 }, 3), "Cast float→int32");
        }

        [Test]
        public void Cast_Int64ToBool_IsNonZero()
        {
            var y = Eval(13, Node("Cast", new[] { "x" }, new[] { "y" }, Int("to", (long)OnnxDataType.Bool)), OnnxValue.FromInt64s(new long[] { 0, 5, -1 }, 3));

            Expect(y, OnnxValue.FromBools(new[] { false, true, true }, 3), "Cast int64→bool");
        }

        [Test]
        public void Where_BroadcastsConditionAndBothBranches()
        {
            var cond = OnnxValue.FromBools(new[] { true, false }, 2, 1);

            var y = Eval(16, Node("Where", new[] { "c", "x", "y" }, new[] { "z" }), cond, F(new float[] { 1, 2 }, 2), F(new float[] { 9 }));

            Expect(y, F(new float[] { 1, 2, 9, 9 }, 2, 2), "Where");
        }

        [Test]
        public void MatMul_WithVectorOperands_DropsThePromotedAxes()
        {
            var m = F(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);

            Expect(Eval(13, Node("MatMul", new[] { "a", "b" }, new[] { "y" }), F(new float[] { 1, 1, 1 }, 3), m), F(new float[] { 9, 12 }, 2), "[3]·[3,2]");
            Expect(Eval(13, Node("MatMul", new[] { "a", "b" }, new[] { "y" }), m, F(new float[] { 1, -1 }, 2)), F(new float[] { -1, -1, -1 }, 3), "[3,2]·[2]");
        }

        [Test]
        public void Clip_Opset6Attributes_AndOpset11OptionalInputs()
        {
            var x = F(new float[] { -2, 0, 2 }, 3);

            Expect(Eval(6, Node("Clip", new[] { "x" }, new[] { "y" }, Float("min", -1f), Float("max", 1f)), x), F(new float[] { -1, 0, 1 }, 3), "Clip-6");
            Expect(Eval(11, Node("Clip", new[] { "x", "lo" }, new[] { "y" }), x, F(new float[] { -1 })), F(new float[] { -1, 0, 2 }, 3), "Clip-11 min only");
        }

        [Test]
        public void ReduceSum_Opset11AxesAttribute_AndReduceProdOnInt32()
        {
            var x = F(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

            Expect(Eval(11, Node("ReduceSum", new[] { "x" }, new[] { "y" }, Ints("axes", 1), Int("keepdims", 0)), x), F(new float[] { 6, 15 }, 2), "ReduceSum-11");
            Expect(Eval(13, Node("ReduceProd", new[] { "x" }, new[] { "y" }, Ints("axes", 0), Int("keepdims", 0)), OnnxValue.FromInt32s(new[] { 2, 3, 4 }, 3)),
                OnnxValue.FromInt32s(new[] { 24 }), "ReduceProd int32");
        }

        [Test]
        public void Flatten_AxisZero_GivesOneRow()
        {
            Expect(Eval(13, Node("Flatten", new[] { "x" }, new[] { "y" }, Int("axis", 0)), F(new float[6], 2, 3)), F(new float[6], 1, 6), "Flatten axis 0");
        }
    }
}
