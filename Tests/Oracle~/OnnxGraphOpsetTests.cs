// Older-opset operator forms the conformance fixtures do not cover, each on a small hand-built graph whose expected
// result is worked out by hand from the ONNX operator page (onnx.ai/onnx/operators).
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using static Recurrent.Tests.Oracle.OnnxGraphTestSupport;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphOpsetTests
    {
        /// <summary>Hand-computed values are rounded to 7 significant digits; float kernels are within a few ulps.</summary>
        private const double AbsoluteTolerance = 1e-7;

        /// <inheritdoc cref="AbsoluteTolerance"/>
        private const double RelativeTolerance = 1e-6;

        private static float[] Iota(int n)
        {
            var r = new float[n];
            for (int i = 0; i < n; i++) r[i] = i;
            return r;
        }

        private static OnnxValue RunOne(long opset, Ir.OnnxNode node, OnnxValue x, params Ir.OnnxTensor[] initializers)
        {
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", x.ElementType) }, new[] { AnyShape(node.Outputs[0], OnnxDataType.Undefined) }, initializers);
            return RunSingle(Model(opset, graph), "x", x);
        }

        private static void Expect(OnnxValue actual, float[] values, int[] shape, string label) =>
            AssertMatches(actual, OnnxValue.FromFloats(values, shape), AbsoluteTolerance, RelativeTolerance, label);

        [Test]
        public void Squeeze_Opset11AxesAttribute_RemovesListedAxesIncludingNegative()
        {
            var y = RunOne(11, Node("Squeeze", new[] { "x" }, new[] { "y" }, Ints("axes", 0, -2)), OnnxValue.FromFloats(Iota(6), 1, 3, 1, 2));

            Expect(y, Iota(6), new[] { 3, 2 }, "Squeeze-11 axes=[0,-2] of [1,3,1,2]");
        }

        [Test]
        public void Unsqueeze_Opset11AxesAttribute_InsertsAxesOfTheOutputRank()
        {
            var y = RunOne(11, Node("Unsqueeze", new[] { "x" }, new[] { "y" }, Ints("axes", 0, -1)), OnnxValue.FromFloats(Iota(6), 3, 2));

            Expect(y, Iota(6), new[] { 1, 3, 2, 1 }, "Unsqueeze-11 axes=[0,-1] of [3,2]");
        }

        [Test]
        public void Split_Opset11SplitAttribute_CutsUnequalParts()
        {
            var node = Node("Split", new[] { "x" }, new[] { "a", "b" }, Int("axis", 1), Ints("split", 2, 3));
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", OnnxDataType.Float) },
                new[] { AnyShape("a", OnnxDataType.Float), AnyShape("b", OnnxDataType.Float) });

            var outputs = new OnnxGraphExecutor(Model(11, graph)).Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromFloats(Iota(10), 2, 5) });

            Expect(outputs["a"], new float[] { 0, 1, 5, 6 }, new[] { 2, 2 }, "Split-11 part a");
            Expect(outputs["b"], new float[] { 2, 3, 4, 7, 8, 9 }, new[] { 2, 3 }, "Split-11 part b");
        }

        [Test]
        public void Slice_Opset9Attributes_SelectsRangeWithNegativeEnd()
        {
            var node = Node("Slice", new[] { "x" }, new[] { "y" }, Ints("starts", 1, 0), Ints("ends", 3, -1), Ints("axes", 0, 1));

            var y = RunOne(9, node, OnnxValue.FromFloats(Iota(12), 3, 4));

            Expect(y, new float[] { 4, 5, 6, 8, 9, 10 }, new[] { 2, 3 }, "Slice-9 rows 1..2, cols 0..2");
        }

        [Test]
        public void Slice_Opset9AttributesWithoutAxes_ClampsEndsPastTheDimension()
        {
            var node = Node("Slice", new[] { "x" }, new[] { "y" }, Ints("starts", 0, 2), Ints("ends", 1000, 1000));

            var y = RunOne(9, node, OnnxValue.FromFloats(Iota(12), 3, 4));

            Expect(y, new float[] { 2, 3, 6, 7, 10, 11 }, new[] { 3, 2 }, "Slice-9 cols 2.. (end clamped)");
        }

        [Test]
        public void Softmax_Opset11OnRank3Input_NormalisesTheFlattenedTrailingBlock()
        {
            // Softmax-11 axis=1 on [2,2,2] flattens to [2, 4]: row 0 = softmax(0,1,2,3), row 1 = softmax(1,1,1,1).
            // e^k / (1 + e + e^2 + e^3) with 1 + e + e^2 + e^3 = 31.19287485.
            var x = OnnxValue.FromFloats(new float[] { 0, 1, 2, 3, 1, 1, 1, 1 }, 2, 2, 2);

            var y = RunOne(11, Node("Softmax", new[] { "x" }, new[] { "y" }, Int("axis", 1)), x);

            Expect(y, new[] { 0.03205860f, 0.08714432f, 0.2368828f, 0.6439142f, 0.25f, 0.25f, 0.25f, 0.25f }, new[] { 2, 2, 2 }, "Softmax-11 axis=1");
        }

        [Test]
        public void Softmax_Opset13OnSameInput_NormalisesAlongTheAxisOnly()
        {
            // Softmax-13 axis=1 pairs (0,2), (1,3), (1,1), (1,1): 1/(1+e^2) = 0.1192029, e^2/(1+e^2) = 0.8807971.
            var x = OnnxValue.FromFloats(new float[] { 0, 1, 2, 3, 1, 1, 1, 1 }, 2, 2, 2);

            var y = RunOne(13, Node("Softmax", new[] { "x" }, new[] { "y" }, Int("axis", 1)), x);

            Expect(y, new[] { 0.1192029f, 0.1192029f, 0.8807971f, 0.8807971f, 0.5f, 0.5f, 0.5f, 0.5f }, new[] { 2, 2, 2 }, "Softmax-13 axis=1");
        }

        [Test]
        public void LogSoftmax_Opset11DefaultAxis_FlattensFromAxis1()
        {
            // ln(e^k / 31.19287485) = k − 3.440189699 for row 0; ln(0.25) = −1.386294361 for row 1.
            var x = OnnxValue.FromFloats(new float[] { 0, 1, 2, 3, 1, 1, 1, 1 }, 2, 2, 2);

            var y = RunOne(11, Node("LogSoftmax", new[] { "x" }, new[] { "y" }), x);

            Expect(y, new[] { -3.440190f, -2.440190f, -1.440190f, -0.4401897f, -1.386294f, -1.386294f, -1.386294f, -1.386294f },
                new[] { 2, 2, 2 }, "LogSoftmax-11 default axis");
        }

        [Test]
        public void Reshape_AllowZero_KeepsZeroAsARealDimension()
        {
            // Operator page example: data [0,3,4] reshaped to [3,4,0] with allowzero=1 gives [3,4,0].
            var shape = LongTensor("shape", new long[] { 3, 4, 0 }, 3);

            var y = RunOne(14, Node("Reshape", new[] { "x", "shape" }, new[] { "y" }, Int("allowzero", 1)), OnnxValue.FromFloats(new float[0], 0, 3, 4), shape);

            Expect(y, new float[0], new[] { 3, 4, 0 }, "Reshape allowzero=1");
        }

        [Test]
        public void Reshape_WithoutAllowZero_CopiesTheInputDimensionForZero()
        {
            var shape = LongTensor("shape", new long[] { 0, -1 }, 2);

            var y = RunOne(14, Node("Reshape", new[] { "x", "shape" }, new[] { "y" }), OnnxValue.FromFloats(Iota(12), 2, 3, 2), shape);

            Expect(y, Iota(12), new[] { 2, 6 }, "Reshape [0,-1] of [2,3,2]");
        }

        [Test]
        public void Reshape_AllowZeroWithMismatchedCount_IsRejected()
        {
            var shape = LongTensor("shape", new long[] { 3, 4, 0 }, 3);

            Assert.That(() => RunOne(14, Node("Reshape", new[] { "x", "shape" }, new[] { "y" }), OnnxValue.FromFloats(new float[0], 0, 3, 4), shape),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("Reshape"));
        }

        [TestCase(-3L, -1L, new long[] { 3, 4 })]
        [TestCase(1L, 10L, new long[] { 3, 4, 5 })]
        [TestCase(0L, -10L, new long[0])]
        [TestCase(-10L, 2L, new long[] { 2, 3 })]
        public void Shape_Opset15StartEnd_ClampsAndSlicesTheDims(long start, long end, long[] expected)
        {
            var node = Node("Shape", new[] { "x" }, new[] { "y" }, Int("start", start), Int("end", end));

            var y = RunOne(15, node, OnnxValue.FromFloats(new float[120], 2, 3, 4, 5));

            AssertMatches(y, OnnxValue.FromInt64s(expected, expected.Length), 0, 0, $"Shape start={start} end={end}");
        }

        // ReduceMean operator page data: [[[5,1],[20,2]],[[30,1],[40,2]],[[55,1],[60,2]]].
        private static OnnxValue ReduceData() => OnnxValue.FromFloats(new float[] { 5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2 }, 3, 2, 2);

        [Test]
        public void ReduceMean_Opset13AxesAttributeKeepDims_KeepsReducedAxisAsOne()
        {
            var y = RunOne(13, Node("ReduceMean", new[] { "x" }, new[] { "y" }, Ints("axes", 1), Int("keepdims", 1)), ReduceData());

            Expect(y, new float[] { 12.5f, 1.5f, 35f, 1.5f, 57.5f, 1.5f }, new[] { 3, 1, 2 }, "ReduceMean-13 axes=[1] keepdims=1");
        }

        [Test]
        public void ReduceMean_Opset13AxesAttributeNoKeepDims_DropsReducedAxis()
        {
            var y = RunOne(13, Node("ReduceMean", new[] { "x" }, new[] { "y" }, Ints("axes", 1), Int("keepdims", 0)), ReduceData());

            Expect(y, new float[] { 12.5f, 1.5f, 35f, 1.5f, 57.5f, 1.5f }, new[] { 3, 2 }, "ReduceMean-13 axes=[1] keepdims=0");
        }

        [Test]
        public void ReduceMean_Opset13NoAxes_ReducesEverything()
        {
            var y = RunOne(13, Node("ReduceMean", new[] { "x" }, new[] { "y" }), ReduceData());

            Expect(y, new float[] { 18.25f }, new[] { 1, 1, 1 }, "ReduceMean-13 default axes");
        }

        [TestCase(1L, new[] { 3, 1, 2 })]
        [TestCase(0L, new[] { 3, 2 })]
        public void ReduceMean_Opset18AxesInput_MatchesAttributeForm(long keepDims, int[] shape)
        {
            var axes = LongTensor("axes", new long[] { -2 }, 1);

            var y = RunOne(18, Node("ReduceMean", new[] { "x", "axes" }, new[] { "y" }, Int("keepdims", keepDims)), ReduceData(), axes);

            Expect(y, new float[] { 12.5f, 1.5f, 35f, 1.5f, 57.5f, 1.5f }, shape, $"ReduceMean-18 axes input keepdims={keepDims}");
        }

        [Test]
        public void ReduceMean_Opset18NoopWithEmptyAxes_ReturnsInput()
        {
            var y = RunOne(18, Node("ReduceMean", new[] { "x" }, new[] { "y" }, Int("noop_with_empty_axes", 1)), ReduceData());

            Expect(y, new float[] { 5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2 }, new[] { 3, 2, 2 }, "ReduceMean-18 noop");
        }
    }
}
