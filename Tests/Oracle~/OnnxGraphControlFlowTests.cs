// If, Loop and constant folding on small hand-built graphs with hand-computed results (ONNX operator pages for If
// and Loop): subgraphs see outer-scope values, scan outputs stack along a new axis, constant weights fold once.
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using static Recurrent.Tests.Oracle.OnnxGraphTestSupport;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphControlFlowTests
    {
        [TestCase(true, 10f)]
        [TestCase(false, -10f)]
        public void If_RunsTheChosenBranch_WhichReadsOuterScopeValues(bool condition, float expected)
        {
            // then: y = x * 10 (x from the outer scope); else: y = Neg(x) * 10.
            var thenBranch = Graph("then", new[] { Node("Mul", new[] { "x", "ten" }, new[] { "t_out" }) }, new Recurrent.Formats.Onnx.OnnxValueInfo[0],
                new[] { AnyShape("t_out", OnnxDataType.Float) });
            var elseBranch = Graph("else", new[] { Node("Neg", new[] { "x" }, new[] { "n" }), Node("Mul", new[] { "n", "ten" }, new[] { "e_out" }) },
                new Recurrent.Formats.Onnx.OnnxValueInfo[0], new[] { AnyShape("e_out", OnnxDataType.Float) });
            var ifNode = Node("If", new[] { "c" }, new[] { "y" }, Graph("then_branch", thenBranch), Graph("else_branch", elseBranch));
            var graph = Graph("g", new[] { ifNode }, new[] { Info("c", OnnxDataType.Bool), Info("x", OnnxDataType.Float, 1) },
                new[] { AnyShape("y", OnnxDataType.Float) }, FloatTensor("ten", new[] { 10f }));

            var y = new OnnxGraphExecutor(Model(13, graph)).Run(new Dictionary<string, OnnxValue>
            {
                ["c"] = OnnxValue.FromBools(new[] { condition }),
                ["x"] = OnnxValue.FromFloats(new[] { 1f }, 1),
            })[0];

            AssertMatches(y, OnnxValue.FromFloats(new[] { expected }, 1), 0, 0, $"If({condition})");
        }

        [Test]
        public void Loop_WithTripCount_CarriesValuesAndStacksScanOutputs()
        {
            // for i in 0..M-1: x = x + step (step from the outer scope); scan out x·i. x0 = [1, 2], step = [1, 1], M = 3.
            var body = Graph("body",
                new[]
                {
                    Node("Add", new[] { "x", "step" }, new[] { "x_next" }),
                    Node("Cast", new[] { "i" }, new[] { "i_f" }, Int("to", (long)OnnxDataType.Float)),
                    Node("Mul", new[] { "x_next", "i_f" }, new[] { "scan" }),
                    Node("Identity", new[] { "c" }, new[] { "c_out" }),
                },
                new[] { Info("i", OnnxDataType.Int64), Info("c", OnnxDataType.Bool), AnyShape("x", OnnxDataType.Float) },
                new[] { Info("c_out", OnnxDataType.Bool), AnyShape("x_next", OnnxDataType.Float), AnyShape("scan", OnnxDataType.Float) });
            var loop = Node("Loop", new[] { "m", "", "x0" }, new[] { "x_final", "scans" }, Graph("body", body));
            var graph = Graph("g", new[] { loop }, new[] { Info("x0", OnnxDataType.Float, 2) },
                new[] { AnyShape("x_final", OnnxDataType.Float), AnyShape("scans", OnnxDataType.Float) },
                LongTensor("m", new long[] { 3 }), FloatTensor("step", new[] { 1f, 1f }, 2));

            var outputs = new OnnxGraphExecutor(Model(13, graph)).Run(new Dictionary<string, OnnxValue> { ["x0"] = OnnxValue.FromFloats(new[] { 1f, 2f }, 2) });

            AssertMatches(outputs["x_final"], OnnxValue.FromFloats(new[] { 4f, 5f }, 2), 0, 0, "x after 3 iterations");
            // iteration 0: x=[2,3]·0, 1: [3,4]·1, 2: [4,5]·2
            AssertMatches(outputs["scans"], OnnxValue.FromFloats(new[] { 0f, 0f, 3f, 4f, 8f, 10f }, 3, 2), 0, 0, "scan outputs");
        }

        [Test]
        public void Loop_WithCondition_StopsWhenTheBodyTurnsItFalse()
        {
            // while (x < 5): x = x * 2, with M = INT64_MAX as tf2onnx writes it. 1 → 2 → 4 → 8.
            var body = Graph("body",
                new[]
                {
                    Node("Mul", new[] { "x", "two" }, new[] { "x_next" }),
                    Node("Less", new[] { "x_next", "five" }, new[] { "c_out" }),
                },
                new[] { Info("i", OnnxDataType.Int64), Info("c", OnnxDataType.Bool), AnyShape("x", OnnxDataType.Float) },
                new[] { Info("c_out", OnnxDataType.Bool), AnyShape("x_next", OnnxDataType.Float) },
                FloatTensor("two", new[] { 2f }), FloatTensor("five", new[] { 5f }));
            var loop = Node("Loop", new[] { "m", "c0", "x0" }, new[] { "x_final" }, Graph("body", body));
            var graph = Graph("g", new[] { loop }, new[] { Info("x0", OnnxDataType.Float) }, new[] { AnyShape("x_final", OnnxDataType.Float) },
                LongTensor("m", new[] { long.MaxValue }), BoolTensor("c0", new[] { true }));

            var y = RunSingle(Model(13, graph), "x0", OnnxValue.FromFloats(new[] { 1f }));

            AssertMatches(y, OnnxValue.FromFloats(new[] { 8f }), 0, 0, "x when the condition turned false");
        }

        [Test]
        public void ConstantSubgraph_IsFoldedOnce_AndOnlyInputDependentNodesRun()
        {
            // W = Transpose(Unsqueeze-free weights) and Shape(x) (x has a symbolic dim) → only the MatMul runs.
            var nodes = new[]
            {
                Node("Transpose", new[] { "w" }, new[] { "wt" }, Ints("perm", 1, 0)),
                Node("Neg", new[] { "wt" }, new[] { "wn" }),
                Node("MatMul", new[] { "x", "wn" }, new[] { "y" }),
                Node("Shape", new[] { "x" }, new[] { "s" }),
            };
            var graph = Graph("g", nodes, new[] { Info("x", OnnxDataType.Float, -1, 2) },
                new[] { AnyShape("y", OnnxDataType.Float), AnyShape("s", OnnxDataType.Int64) },
                FloatTensor("w", new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 3, 2));
            var executor = new OnnxGraphExecutor(Model(13, graph));

            var outputs = executor.Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromFloats(new[] { 1f, 1f, 0f, 1f }, 2, 2) });

            Assert.That(executor.FoldedNodeCount, Is.EqualTo(2), "Transpose and Neg of the initializer");
            Assert.That(executor.RuntimeNodeCount, Is.EqualTo(2), "MatMul and Shape of the input");
            // wn = -[[1,3,5],[2,4,6]]; [1,1]·wn = -[3,7,11], [0,1]·wn = -[2,4,6]
            AssertMatches(outputs["y"], OnnxValue.FromFloats(new[] { -3f, -7f, -11f, -2f, -4f, -6f }, 2, 3), 0, 0, "x · -wᵀ");
            AssertMatches(outputs["s"], OnnxValue.FromInt64s(new long[] { 2, 2 }, 2), 0, 0, "Shape(x) follows the input");
        }

        [Test]
        public void KernelFactoryHook_ReplacesTheBuiltInKernel()
        {
            var graph = Graph("g", new[] { NamedNode("hooked", "Relu", new[] { "x" }, new[] { "y" }) }, new[] { Info("x", OnnxDataType.Float, 1) },
                new[] { AnyShape("y", OnnxDataType.Float) });
            var options = new OnnxExecutorOptions { KernelFactory = r => r.Node.Name == "hooked" ? new ConstantKernel() : null };

            var y = new OnnxGraphExecutor(Model(13, graph), options).Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromFloats(new[] { -1f }, 1) })[0];

            AssertMatches(y, OnnxValue.FromFloats(new[] { 42f }, 1), 0, 0, "hooked kernel output");
        }

        private sealed class ConstantKernel : IOnnxKernel
        {
            public bool Foldable => false;

            public void Run(OnnxValue?[] inputs, OnnxValue?[] outputs) => outputs[0] = OnnxValue.FromFloats(new[] { 42f }, 1);
        }
    }
}
