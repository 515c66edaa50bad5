// How OnnxGraphExecutor reports bad graphs and bad inputs: every model problem is an OnnxFormatException naming the
// op type, node, opset and model path; nothing hangs (cycles, endless loops); caller mistakes are ArgumentExceptions.
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using static Recurrent.Tests.Oracle.OnnxGraphTestSupport;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphErrorTests
    {
        private const string ModelPath = "/models/broken/model.onnx";

        [Test]
        public void UnsupportedOp_IsRejectedWhenBuilt_NamingOpNodeOpsetAndPath()
        {
            var node = NamedNode("my_fancy_node", "FancyOp", new[] { "x" }, new[] { "y" });
            var graph = Graph("g", new[] { node }, new[] { Info("x", OnnxDataType.Float, 2) }, new[] { AnyShape("y", OnnxDataType.Float) });

            var e = Assert.Throws<OnnxFormatException>(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)))!;

            Assert.That(e.Message, Does.Contain("FancyOp").And.Contain("my_fancy_node").And.Contain("opset 13").And.Contain(ModelPath));
        }

        [Test]
        public void UnsupportedOpInsideLoopBody_IsRejectedWhenBuilt_NamingBothNodes()
        {
            var body = Graph("body", new[] { NamedNode("inner_node", "FancyOp", new[] { "x" }, new[] { "x_out" }), Node("Identity", new[] { "c" }, new[] { "c_out" }) },
                new[] { Info("i", OnnxDataType.Int64), Info("c", OnnxDataType.Bool), AnyShape("x", OnnxDataType.Float) },
                new[] { Info("c_out", OnnxDataType.Bool), AnyShape("x_out", OnnxDataType.Float) });
            var loop = NamedNode("outer_loop", "Loop", new[] { "m", "", "x0" }, new[] { "x_final" }, Graph("body", body));
            var graph = Graph("g", new[] { loop }, new[] { AnyShape("x0", OnnxDataType.Float) }, new[] { AnyShape("x_final", OnnxDataType.Float) },
                LongTensor("m", new long[] { 3 }));

            var e = Assert.Throws<OnnxFormatException>(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)))!;

            Assert.That(e.Message, Does.Contain("outer_loop").And.Contain("inner_node").And.Contain("FancyOp").And.Contain(ModelPath));
        }

        [Test]
        public void OpOfAnotherDomain_IsRejectedNamingTheDomain()
        {
            var node = new Ir.OnnxNode("ml_node", "LinearClassifier", "ai.onnx.ml", new[] { "x" }, new[] { "y" }, Array.Empty<OnnxAttribute>());
            var graph = Graph("g", new[] { node }, new[] { Info("x", OnnxDataType.Float, 2) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("ai.onnx.ml").And.Message.Contains("ml_node"));
        }

        [Test]
        public void Cycle_IsRejectedWhenBuilt_InsteadOfHanging()
        {
            var a = NamedNode("relu_a", "Relu", new[] { "b" }, new[] { "a" });
            var b = NamedNode("relu_b", "Relu", new[] { "a" }, new[] { "b" });
            var graph = Graph("g", new[] { a, b }, new[] { Info("x", OnnxDataType.Float, 2) }, new[] { AnyShape("a", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("cycle").And.Message.Contains("relu_a"));
        }

        [Test]
        public void NodesOutOfOrder_AreSortedTopologically()
        {
            // y = Relu(Neg(x)), listed consumer first.
            var relu = Node("Relu", new[] { "n" }, new[] { "y" });
            var neg = Node("Neg", new[] { "x" }, new[] { "n" });
            var graph = Graph("g", new[] { relu, neg }, new[] { Info("x", OnnxDataType.Float, 3) }, new[] { AnyShape("y", OnnxDataType.Float) });

            var y = RunSingle(Model(13, graph), "x", OnnxValue.FromFloats(new float[] { -1, 0, 2 }, 3));

            AssertMatches(y, OnnxValue.FromFloats(new float[] { 1, 0, 0 }, 3), 0, 0, "Relu(Neg(x))");
        }

        [Test]
        public void ValueNeverProduced_IsRejectedWhenBuilt()
        {
            var graph = Graph("g", new[] { NamedNode("adder", "Add", new[] { "x", "ghost" }, new[] { "y" }) },
                new[] { Info("x", OnnxDataType.Float, 2) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("ghost").And.Message.Contains("adder"));
        }

        [TestCase(0L, TestName = "Loop_WithoutTripCountOrCondition_StopsAtTheIterationLimit")]
        [TestCase(1L, TestName = "Loop_WhoseConditionStaysTrue_StopsAtTheIterationLimit")]
        public void Loop_ThatNeverTerminates_StopsAtTheIterationLimit(long withCondition)
        {
            // Body passes cond and x through unchanged, so only the limit can end the loop.
            var body = Graph("body", new[] { Node("Identity", new[] { "c" }, new[] { "c_out" }), Node("Identity", new[] { "x" }, new[] { "x_out" }) },
                new[] { Info("i", OnnxDataType.Int64), Info("c", OnnxDataType.Bool), AnyShape("x", OnnxDataType.Float) },
                new[] { Info("c_out", OnnxDataType.Bool), AnyShape("x_out", OnnxDataType.Float) });
            var loop = NamedNode("forever", "Loop", new[] { "", withCondition != 0 ? "cond" : "", "x0" }, new[] { "x_final" }, Graph("body", body));
            var graph = Graph("g", new[] { loop }, new[] { AnyShape("x0", OnnxDataType.Float) }, new[] { AnyShape("x_final", OnnxDataType.Float) },
                BoolTensor("cond", new[] { true }));
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath), new OnnxExecutorOptions { MaxLoopIterations = 50 });

            var e = Assert.Throws<OnnxFormatException>(() => executor.Run(new Dictionary<string, OnnxValue> { ["x0"] = OnnxValue.FromFloats(new float[] { 1 }, 1) }))!;

            Assert.That(e.Message, Does.Contain("forever").And.Contain("50 iterations").And.Contain("MaxLoopIterations"));
        }

        private static Ir.OnnxTensor Zeros(string name, params long[] dims)
        {
            long n = 1;
            foreach (long d in dims) n *= d;
            return FloatTensor(name, new float[n], dims);
        }

        /// <summary>LSTM hidden 2, input 3, weights as initializers; X declared without a shape.</summary>
        private static OnnxModel LstmModel(Ir.OnnxTensor w)
        {
            var lstm = NamedNode("encoder_lstm", "LSTM", new[] { "X", "W", "R" }, new[] { "Y" }, Int("hidden_size", 2));
            var graph = Graph("g", new[] { lstm }, new[] { AnyShape("X", OnnxDataType.Float) }, new[] { AnyShape("Y", OnnxDataType.Float) },
                w, Zeros("R", 1, 8, 2));
            return Model(14, graph, ModelPath);
        }

        [Test]
        public void Lstm_InputOfWrongRank_IsRejectedAtRunNamingTheNode()
        {
            var executor = new OnnxGraphExecutor(LstmModel(Zeros("W", 1, 8, 3)));

            var e = Assert.Throws<OnnxFormatException>(() => executor.Run(new Dictionary<string, OnnxValue> { ["X"] = OnnxValue.FromFloats(new float[6], 2, 3) }))!;

            Assert.That(e.Message, Does.Contain("encoder_lstm").And.Contain("rank-3").And.Contain("Float[2,3]").And.Contain(ModelPath));
        }

        [Test]
        public void Lstm_InputOfWrongFeatureSize_IsRejectedAtRun()
        {
            var executor = new OnnxGraphExecutor(LstmModel(Zeros("W", 1, 8, 3)));

            Assert.That(() => executor.Run(new Dictionary<string, OnnxValue> { ["X"] = OnnxValue.FromFloats(new float[8], 2, 1, 4) }),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("input size 4"));
        }

        [Test]
        public void Lstm_WeightOfWrongRank_IsRejectedWhenBuilt()
        {
            Assert.That(() => new OnnxGraphExecutor(LstmModel(Zeros("W", 8, 3))),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("encoder_lstm").And.Message.Contains("W must be a rank-3"));
        }

        [Test]
        public void Lstm_UnknownDirection_IsRejectedWhenBuilt()
        {
            var lstm = NamedNode("odd_lstm", "LSTM", new[] { "X", "W", "R" }, new[] { "Y" }, Int("hidden_size", 2), String("direction", "sideways"));
            var graph = Graph("g", new[] { lstm }, new[] { AnyShape("X", OnnxDataType.Float) }, new[] { AnyShape("Y", OnnxDataType.Float) },
                Zeros("W", 1, 8, 3), Zeros("R", 1, 8, 2));

            Assert.That(() => new OnnxGraphExecutor(Model(14, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("odd_lstm").And.Message.Contains("sideways"));
        }

        [Test]
        public void AttributeOfWrongType_IsRejectedWhenBuilt()
        {
            var node = NamedNode("bad_transpose", "Transpose", new[] { "x" }, new[] { "y" }, Int("perm", 1));
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("bad_transpose").And.Message.Contains("'perm'"));
        }

        [Test]
        public void AttributeThatIsNotAPermutation_IsRejectedWhenBuilt()
        {
            var node = NamedNode("bad_perm", "Transpose", new[] { "x" }, new[] { "y" }, Ints("perm", 0, 0));
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("bad_perm").And.Message.Contains("permutation"));
        }

        [Test]
        public void WrongInputCount_IsRejectedWhenBuilt()
        {
            var node = NamedNode("three_way_add", "Add", new[] { "x", "x", "x" }, new[] { "y" });
            var graph = Graph("g", new[] { node }, new[] { AnyShape("x", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });

            Assert.That(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)),
                Throws.TypeOf<OnnxFormatException>().With.Message.Contains("three_way_add").And.Message.Contains("expects 2 inputs, got 3"));
        }

        [Test]
        public void MissingOrMistypedInputs_AreCallerErrors()
        {
            var graph = Graph("g", new[] { Node("Relu", new[] { "x" }, new[] { "y" }) }, new[] { Info("x", OnnxDataType.Float, -1, 3) },
                new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph));

            Assert.That(() => executor.Run(new Dictionary<string, OnnxValue>()), Throws.ArgumentException.With.Message.Contains("'x'"));
            Assert.That(() => executor.Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromInt64s(new long[3], 1, 3) }),
                Throws.ArgumentException.With.Message.Contains("Float"));
            Assert.That(() => executor.Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromFloats(new float[3], 3) }),
                Throws.ArgumentException.With.Message.Contains("rank 2"));
            Assert.That(() => executor.Run(new Dictionary<string, OnnxValue> { ["x"] = OnnxValue.FromFloats(new float[3], 1, 3), ["z"] = OnnxValue.FromFloats(new float[1], 1) }),
                Throws.ArgumentException.With.Message.Contains("'z'"));
        }

        [Test]
        public void ModelWithoutDefaultOpset_IsRejected()
        {
            var graph = Graph("g", new[] { Node("Relu", new[] { "x" }, new[] { "y" }) }, new[] { AnyShape("x", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });
            var model = new OnnxModel(8, new Dictionary<string, long> { ["ai.onnx.ml"] = 2 }, "t", "1", graph, new Dictionary<string, string>(), ModelPath);

            Assert.That(() => new OnnxGraphExecutor(model), Throws.TypeOf<OnnxFormatException>().With.Message.Contains(ModelPath));
        }
    }
}
