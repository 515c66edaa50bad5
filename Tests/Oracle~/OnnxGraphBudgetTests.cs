// OnnxGraphExecutor's per-run budgets and hostile shapes: a Conv padded to millions, ConstantOfShape / Expand / Tile to
// hundreds of millions of elements, and ranks in the millions end with a short OnnxFormatException naming the node,
// before the memory is taken. Expected numbers are derived by hand from the shapes (never read from the executor).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using static Recurrent.Tests.Oracle.OnnxGraphTestSupport;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphBudgetTests
    {
        private const string ModelPath = "/models/hostile/model.onnx";

        /// <summary>
        /// What a refused run may allocate: the exception, its message and the small tensors before the refused node
        /// (a failure that allocated the refused tensor itself would show hundreds of megabytes).
        /// </summary>
        private const long RefusedRunAllocationBound = 4L << 20;

        private static string FairtalkDirectory => Path.Combine(FixturePaths.Fixtures, "onnx-real", "pt112-lstm2-fairtalk");

        private static Dictionary<string, OnnxValue> FairtalkInput()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FairtalkDirectory, "reference_input.json")));
            JsonElement e = doc.RootElement.GetProperty("inputs")[0];
            int[] shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            float[] data = e.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            return new Dictionary<string, OnnxValue> { [e.GetProperty("name").GetString()!] = OnnxValue.FromFloats(data, shape) };
        }

        /// <summary>Runs <paramref name="run"/>, returning the exception it threw (or null) and the bytes it allocated.</summary>
        private static Exception? Catch(Action run, out long allocated)
        {
            Exception? error = null;
            allocated = AllocationCounter.Measure(() =>
            {
                try
                {
                    run();
                }
                catch (Exception e)
                {
                    error = e;
                }
            });
            return error;
        }

        // ---- the fuzzing report's case: pt112-lstm2-fairtalk with its second Conv's pads raised to 2^20 ----

        [Test]
        public void FairtalkConv_PadsRaisedToAMillion_StopsAtTheWorkBudgetNamingTheConv()
        {
            OnnxModel model = OnnxReader.ReadFile(Path.Combine(FairtalkDirectory, "model.onnx"));
            Ir.OnnxNode conv = model.Graph.Nodes.Where(n => n.OpType == "Conv").ElementAt(1);
            OnnxAttribute pads = conv.Attributes.Single(a => a.Name == "pads");
            pads.Ints = new long[] { 1 << 20, 1 << 20 };
            var executor = new OnnxGraphExecutor(model);

            Exception? error = Catch(() => executor.Run(FairtalkInput()), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            var budget = (OnnxBudgetExceededException)error!;
            Assert.That(budget.Message, Does.Contain("Conv node").And.Contain($"'{conv.Name}'").And.Contain("MaxRunWork"));
            Assert.That(budget.Budget, Is.EqualTo(OnnxBudgetKind.Work));
            // The second Conv maps 8 channels to 128 with kernel 5 and stride 2: with 2^20 zeros on each side its output is
            // at least 2^20 - 2 long, so it would take at least 128 * 8 * 5 * (2^20 - 2) multiply-adds.
            Assert.That(budget.Required, Is.GreaterThanOrEqualTo(128L * 8 * 5 * ((1 << 20) - 2)), "work the Conv asked for");
            Assert.That(budget.Required, Is.GreaterThan(budget.Limit));
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated by the refused run");
        }

        [TestCase("dilations", 1L << 20, TestName = "FairtalkConv_DilationsRaisedToAMillion_RunsOrFailsCleanly")]
        [TestCase("strides", 1L << 20, TestName = "FairtalkConv_StridesRaisedToAMillion_RunsOrFailsCleanly")]
        [TestCase("pads", int.MaxValue, TestName = "FairtalkConv_PadsAt2Pow31_StopsBeforeAllocating")]
        public void FairtalkConv_HugeAttribute_RunsOrFailsCleanly(string attribute, long value)
        {
            OnnxModel model = OnnxReader.ReadFile(Path.Combine(FairtalkDirectory, "model.onnx"));
            Ir.OnnxNode conv = model.Graph.Nodes.Where(n => n.OpType == "Conv").ElementAt(1);
            OnnxAttribute a = conv.Attributes.Single(x => x.Name == attribute);
            a.Ints = a.Ints.Select(_ => value).ToArray();
            var executor = new OnnxGraphExecutor(model);

            Exception? error = Catch(() => executor.Run(FairtalkInput()), out long allocated);

            Assert.That(error is null || error is OnnxFormatException, Is.True, error?.ToString());
            if (error != null) Assert.That(error.Message, Does.Contain(" node "), "the failing node is named");
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        [Test]
        public void FairtalkUnmutated_ReportsItsUseWellInsideTheAutomaticBudgets()
        {
            var executor = new OnnxGraphExecutor(OnnxReader.ReadFile(Path.Combine(FairtalkDirectory, "model.onnx")));
            // The README: 17,572 float parameters (70,288 bytes); the input is [1, 25, 19] floats (1,900 bytes).
            long lowestAutomaticBytes = OnnxExecutorOptions.AutomaticAllocatedBytes(17_572 * 4, 25 * 19 * 4);

            OnnxGraphOutputs outputs = executor.Run(FairtalkInput());

            Assert.That(outputs.AllocatedBytes, Is.GreaterThan(0).And.LessThan(lowestAutomaticBytes / 100), "bytes");
            Assert.That(outputs.Work, Is.GreaterThan(0).And.LessThan(OnnxExecutorOptions.AutomaticWorkFloor / 100), "work");
        }

        // ---- ConstantOfShape: output only, and under the budget ----

        private static OnnxModel ConstantOfShapeModel(Ir.OnnxTensor? constantShape, Ir.OnnxTensor value)
        {
            var node = NamedNode("fill", "ConstantOfShape", new[] { "shape" }, new[] { "y" }, TensorAttr("value", value));
            Ir.OnnxValueInfo[] inputs = constantShape is null ? new[] { Info("shape", OnnxDataType.Int64, 1) } : Array.Empty<Ir.OnnxValueInfo>();
            var graph = constantShape is null
                ? Graph("g", new[] { node }, inputs, new[] { AnyShape("y", OnnxDataType.Int64) })
                : Graph("g", new[] { node }, inputs, new[] { AnyShape("y", OnnxDataType.Int64) }, constantShape);
            return Model(13, graph, ModelPath);
        }

        [Test]
        public void ConstantOfShape_AllocatesItsOutputAndNoIndexArray()
        {
            const int n = 1 << 20;
            var executor = new OnnxGraphExecutor(ConstantOfShapeModel(null, LongTensor("v", new long[] { 7 }, 1)));
            var feed = new Dictionary<string, OnnxValue> { ["shape"] = OnnxValue.FromInt64s(new long[] { n }, 1) };
            executor.Run(feed); // warm up (JIT)

            OnnxGraphOutputs? outputs = null;
            long allocated = AllocationCounter.Measure(() => outputs = executor.Run(feed));

            Assert.That(outputs![0].AsInt64s().ToArray().Distinct(), Is.EqualTo(new long[] { 7 }), "every element is the fill value");
            Assert.That(outputs.AllocatedBytes, Is.EqualTo(8L * n), "budgeted bytes: the int64 output only");
            Assert.That(outputs.Work, Is.EqualTo(1L + n), "work: the node, then one write per element");
            // The output (8 MiB) plus bookkeeping; the old index map alone added 4 MiB.
            Assert.That(allocated, Is.LessThan(8L * n + (256 << 10)), "bytes allocated");
        }

        [Test]
        public void ConstantOfShape_2Pow28Int64s_IsRefusedAtRunBeforeAllocating()
        {
            var executor = new OnnxGraphExecutor(ConstantOfShapeModel(null, LongTensor("v", new long[] { 1 }, 1)));
            var feed = new Dictionary<string, OnnxValue> { ["shape"] = OnnxValue.FromInt64s(new long[] { 1 << 28 }, 1) };

            Exception? error = Catch(() => executor.Run(feed), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            var budget = (OnnxBudgetExceededException)error!;
            Assert.That(budget.Message, Does.Contain("ConstantOfShape node 'fill'").And.Contain(ModelPath).And.Contain("MaxRunAllocatedBytes"));
            Assert.That(budget.Budget, Is.EqualTo(OnnxBudgetKind.AllocatedBytes));
            // No model tensors (the fill value is an attribute); the one input is a single int64 (8 bytes).
            Assert.That(budget.Limit, Is.EqualTo((64L << 20) + 1024 * 8), "automatic limit: 64 MiB + 1024 x 8 input bytes");
            Assert.That(budget.Required, Is.EqualTo(8L << 28), "2^28 int64 values");
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        [Test]
        public void ConstantOfShape_TinyModelWithConstantShape_IsRefusedWhenFoldedAtBuild()
        {
            // The fuzzing report's 103-byte model: a constant shape, so the 2 GiB tensor would be made while folding.
            OnnxModel model = ConstantOfShapeModel(LongTensor("shape", new long[] { 1 << 28 }, 1), LongTensor("v", new long[] { 1 }, 1));

            Exception? error = Catch(() => new OnnxGraphExecutor(model), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            Assert.That(error!.Message, Does.Contain("ConstantOfShape node 'fill'").And.Contain("folding"));
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        [Test]
        public void RaisedAllocationLimit_LetsALargeRunThrough_AndALowerOneRefusesIt()
        {
            const int n = 1 << 24; // 128 MiB of int64: above the automatic limit for this model
            OnnxModel model = ConstantOfShapeModel(null, LongTensor("v", new long[] { 3 }, 1));
            var feed = new Dictionary<string, OnnxValue> { ["shape"] = OnnxValue.FromInt64s(new long[] { n }, 1) };

            Assert.That(() => new OnnxGraphExecutor(model).Run(feed), Throws.TypeOf<OnnxBudgetExceededException>(), "automatic limit");
            var raised = new OnnxGraphExecutor(model, new OnnxExecutorOptions { MaxRunAllocatedBytes = 8L * n });
            Assert.That(raised.Run(feed)[0].ElementCount, Is.EqualTo(n), "limit exactly the output's size");
            var lowered = new OnnxGraphExecutor(model, new OnnxExecutorOptions { MaxRunAllocatedBytes = 8L * n - 1 });
            var e = Assert.Throws<OnnxBudgetExceededException>(() => lowered.Run(feed))!;
            Assert.That(e.Limit, Is.EqualTo(8L * n - 1));
            Assert.That(e.Message, Does.Contain("set in OnnxExecutorOptions"));
        }

        // ---- Expand and Tile ----

        [Test]
        public void Expand_To2Pow27Floats_IsRefusedBeforeAllocating()
        {
            var node = NamedNode("widen", "Expand", new[] { "x", "shape" }, new[] { "y" });
            var graph = Graph("g", new[] { node }, new[] { Info("x", OnnxDataType.Float, 1), Info("shape", OnnxDataType.Int64, 1) },
                new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));
            var feed = new Dictionary<string, OnnxValue>
            {
                ["x"] = OnnxValue.FromFloats(new[] { 1f }, 1), ["shape"] = OnnxValue.FromInt64s(new long[] { 1 << 27 }, 1),
            };

            Exception? error = Catch(() => executor.Run(feed), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            Assert.That(error!.Message, Does.Contain("Expand node 'widen'"));
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        private static OnnxGraphExecutor TileExecutor() =>
            new OnnxGraphExecutor(Model(13, Graph("g", new[] { NamedNode("tiler", "Tile", new[] { "x", "repeats" }, new[] { "y" }) },
                new[] { AnyShape("x", OnnxDataType.Float), Info("repeats", OnnxDataType.Int64, -1) }, new[] { AnyShape("y", OnnxDataType.Float) }), ModelPath));

        [TestCase(new[] { 1 }, new[] { 1L << 31 }, "2147483648", TestName = "Tile_RepeatOf2Pow31_IsAClearErrorNamingTheNode")]
        [TestCase(new[] { 3 }, new[] { long.MaxValue }, "more than 2^63", TestName = "Tile_RepeatOfLongMax_IsAClearErrorNamingTheNode")]
        [TestCase(new[] { 1, 1 }, new[] { 1L << 20, 1L << 10 }, "2^28", TestName = "Tile_RepeatsWhoseProductPasses2Pow28_AreAClearError")]
        public void Tile_HugeRepeats_AreAClearErrorNamingTheNode(int[] shape, long[] repeats, string detail)
        {
            var executor = TileExecutor();
            var feed = new Dictionary<string, OnnxValue>
            {
                ["x"] = OnnxValue.FromFloats(new float[shape.Aggregate(1, (p, d) => p * d)], shape),
                ["repeats"] = OnnxValue.FromInt64s(repeats, repeats.Length),
            };

            Exception? error = Catch(() => executor.Run(feed), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxFormatException>(), error?.ToString());
            Assert.That(error!.Message, Does.Contain("Tile node 'tiler'").And.Contain(ModelPath).And.Contain("repeats").And.Contain(detail)
                .And.Not.Contain("overflow"));
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        [Test]
        public void Tile_WithinTheTensorCapButPastTheBudget_IsRefusedBeforeAllocating()
        {
            var feed = new Dictionary<string, OnnxValue>
            {
                ["x"] = OnnxValue.FromFloats(new float[2], 2), ["repeats"] = OnnxValue.FromInt64s(new long[] { 1 << 26 }, 1),
            };

            Exception? error = Catch(() => TileExecutor().Run(feed), out long allocated);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            Assert.That(error!.Message, Does.Contain("Tile node 'tiler'"));
            Assert.That(allocated, Is.LessThan(RefusedRunAllocationBound), "bytes allocated");
        }

        // ---- empty tensors with huge dims: no elements, but loops over the dims around the empty one ----

        [Test]
        public void Softmax_OverAnEmptyAxisBetweenHugeDims_IsRefusedInsteadOfLooping2Pow56Times()
        {
            var graph = Graph("g", new[] { NamedNode("soft", "Softmax", new[] { "x" }, new[] { "y" }, Int("axis", 1)) },
                new[] { AnyShape("x", OnnxDataType.Float) }, new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));
            // [2^28, 0, 2^28] holds no element, yet softmax along axis 1 visits 2^28 x 2^28 (outer, inner) positions.
            var x = OnnxValue.FromFloats(Array.Empty<float>(), 1 << 28, 0, 1 << 28);

            var e = Assert.Throws<OnnxBudgetExceededException>(() => executor.Run(new Dictionary<string, OnnxValue> { ["x"] = x }))!;

            Assert.That(e.Budget, Is.EqualTo(OnnxBudgetKind.Work));
            Assert.That(e.Required, Is.GreaterThanOrEqualTo(1L << 56));
            Assert.That(e.Message, Does.Contain("Softmax node 'soft'"));
        }

        [Test]
        public void Split_OfAnEmptyAxisIntoManyParts_IsRefusedInsteadOfLoopingOverEveryRow()
        {
            const int parts = 1000;
            string[] outputs = Enumerable.Range(0, parts).Select(i => "y" + i).ToArray();
            var graph = Graph("g", new[] { NamedNode("splitter", "Split", new[] { "x", "sizes" }, outputs, Int("axis", 1)) },
                new[] { AnyShape("x", OnnxDataType.Float) }, outputs.Select(o => AnyShape(o, OnnxDataType.Float)).ToArray(),
                LongTensor("sizes", new long[parts], parts));
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));
            var x = OnnxValue.FromFloats(Array.Empty<float>(), 1 << 28, 0);

            var e = Assert.Throws<OnnxBudgetExceededException>(() => executor.Run(new Dictionary<string, OnnxValue> { ["x"] = x }))!;

            Assert.That(e.Required, Is.GreaterThanOrEqualTo((1L << 28) * parts), "a block copy per row and part");
            Assert.That(e.Message, Does.Contain("Split node 'splitter'"));
        }

        // ---- the work budget, usage reports, Loop bodies ----

        [Test]
        public void MatMul_PastTheWorkLimit_IsRefusedWithTheMultiplyAddsItNeeds()
        {
            var node = NamedNode("product", "MatMul", new[] { "a", "b" }, new[] { "y" });
            var graph = Graph("g", new[] { node }, new[] { Info("a", OnnxDataType.Float, 512, 512), Info("b", OnnxDataType.Float, 512, 512) },
                new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath), new OnnxExecutorOptions { MaxRunWork = 1_000_000 });
            var feed = new Dictionary<string, OnnxValue>
            {
                ["a"] = OnnxValue.FromFloats(new float[512 * 512], 512, 512), ["b"] = OnnxValue.FromFloats(new float[512 * 512], 512, 512),
            };

            var e = Assert.Throws<OnnxBudgetExceededException>(() => executor.Run(feed))!;

            Assert.That(e.Budget, Is.EqualTo(OnnxBudgetKind.Work));
            Assert.That(e.Limit, Is.EqualTo(1_000_000));
            Assert.That(e.Required, Is.EqualTo(1 + 512L * 512 * 512), "one unit for the node, then 512^3 multiply-adds");
            Assert.That(e.Message, Does.Contain("MatMul node 'product'").And.Contain("MaxRunWork"));
        }

        [Test]
        public void Run_ReportsTheBytesAndWorkItUsed()
        {
            var graph = Graph("g", new[] { Node("Add", new[] { "a", "b" }, new[] { "y" }) },
                new[] { Info("a", OnnxDataType.Float, 3), Info("b", OnnxDataType.Float, 3) }, new[] { AnyShape("y", OnnxDataType.Float) });
            var feed = new Dictionary<string, OnnxValue>
            {
                ["a"] = OnnxValue.FromFloats(new[] { 1f, 2f, 3f }, 3), ["b"] = OnnxValue.FromFloats(new[] { 4f, 5f, 6f }, 3),
            };

            OnnxGraphOutputs outputs = new OnnxGraphExecutor(Model(13, graph)).Run(feed);

            Assert.That(outputs[0].ToFloatArray(), Is.EqualTo(new[] { 5f, 7f, 9f }));
            Assert.That(outputs.AllocatedBytes, Is.EqualTo(12), "one float[3]");
            Assert.That(outputs.Work, Is.EqualTo(4), "one unit for the node and one per element written");
        }

        [Test]
        public void BudgetExceededInsideALoopBody_NamesTheLoopAndTheInnerNode_AndKeepsItsType()
        {
            // Each iteration fills a tensor of 'size' floats; ten iterations of 2^22 (16 MiB each) pass the 64 MiB floor.
            var body = Graph("body",
                new[] { Node("Identity", new[] { "c" }, new[] { "c_out" }), NamedNode("inner_fill", "ConstantOfShape", new[] { "size" }, new[] { "filled" }) },
                new[] { Info("i", OnnxDataType.Int64), Info("c", OnnxDataType.Bool) },
                new[] { Info("c_out", OnnxDataType.Bool), AnyShape("filled", OnnxDataType.Float) });
            var loop = NamedNode("outer_loop", "Loop", new[] { "m", "" }, new[] { "stacked" }, Graph("body", body));
            var graph = Graph("g", new[] { loop }, new[] { Info("size", OnnxDataType.Int64, 1) }, new[] { AnyShape("stacked", OnnxDataType.Float) },
                LongTensor("m", new long[] { 10 }));
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));

            Exception? error = Catch(() => executor.Run(new Dictionary<string, OnnxValue> { ["size"] = OnnxValue.FromInt64s(new long[] { 1 << 22 }, 1) }),
                out _);

            Assert.That(error, Is.TypeOf<OnnxBudgetExceededException>(), error?.ToString());
            Assert.That(error!.Message, Does.Contain("Loop node 'outer_loop'").And.Contain("ConstantOfShape node 'inner_fill'"));
        }

        [Test]
        public void Options_RejectNonPositiveBudgets_AndAcceptNullForAutomatic()
        {
            var options = new OnnxExecutorOptions();
            Assert.That(options.MaxRunAllocatedBytes, Is.Null, "automatic by default");
            Assert.That(options.MaxRunWork, Is.Null, "automatic by default");
            Assert.That(() => options.MaxRunAllocatedBytes = 0, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => options.MaxRunWork = -1, Throws.TypeOf<ArgumentOutOfRangeException>());
            options.MaxRunWork = 5;
            options.MaxRunWork = null;
            Assert.That(options.MaxRunWork, Is.Null);
        }

        [Test]
        public void AutomaticLimits_FollowTheDocumentedRule_AndSaturate()
        {
            // 64 MiB + 64 x 100 model bytes + 1024 x 10 input bytes.
            Assert.That(OnnxExecutorOptions.AutomaticAllocatedBytes(100, 10), Is.EqualTo((64L << 20) + 6_400 + 10_240));
            // 2^26 + 4 x (1 + 100) x (1 + 10).
            Assert.That(OnnxExecutorOptions.AutomaticWork(100, 10), Is.EqualTo((1L << 26) + 4_444));
            Assert.That(OnnxExecutorOptions.AutomaticWork(long.MaxValue, 2), Is.EqualTo(long.MaxValue));
            Assert.That(OnnxExecutorOptions.AutomaticAllocatedBytes(long.MaxValue / 2, long.MaxValue / 2), Is.EqualTo(long.MaxValue));
        }

        [Test]
        public void AutomaticLimit_CountsTheModelsInitializers()
        {
            // A 1000-float initializer (4000 bytes) added to a [2] float input (8 bytes): 64 MiB + 64 x 4000 + 1024 x 8.
            var graph = Graph("g", new[] { NamedNode("fill", "ConstantOfShape", new[] { "shape" }, new[] { "y" }), Node("Identity", new[] { "w" }, new[] { "w_out" }) },
                new[] { Info("shape", OnnxDataType.Int64, 1) }, new[] { AnyShape("y", OnnxDataType.Float), AnyShape("w_out", OnnxDataType.Float) },
                FloatTensor("w", new float[1000], 1000));
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));

            var e = Assert.Throws<OnnxBudgetExceededException>(() =>
                executor.Run(new Dictionary<string, OnnxValue> { ["shape"] = OnnxValue.FromInt64s(new long[] { 1 << 25 }, 1) }))!;

            Assert.That(e.Limit, Is.EqualTo((64L << 20) + 64 * 4000 + 1024 * 8));
        }

        // ---- rank ----

        [Test]
        public void Reshape_ToAMillionDims_IsRefusedWithAShortMessage()
        {
            var node = NamedNode("many_dims", "Reshape", new[] { "x", "shape" }, new[] { "y" });
            var graph = Graph("g", new[] { node }, new[] { Info("x", OnnxDataType.Float, 1), Info("shape", OnnxDataType.Int64, -1) },
                new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph, ModelPath));
            long[] ones = Enumerable.Repeat(1L, 1_000_000).ToArray();

            var e = Assert.Throws<OnnxFormatException>(() => executor.Run(new Dictionary<string, OnnxValue>
            {
                ["x"] = OnnxValue.FromFloats(new[] { 1f }, 1), ["shape"] = OnnxValue.FromInt64s(ones, ones.Length),
            }))!;

            Assert.That(e.Message, Does.Contain("many_dims").And.Contain("1000000").And.Contain("32"));
            Assert.That(e.Message.Length, Is.LessThan(1000), "message length");
        }

        [TestCase(32, true, TestName = "Reshape_To32Dims_Runs")]
        [TestCase(33, false, TestName = "Reshape_To33Dims_IsRefused")]
        public void Reshape_AtTheRankLimit(int rank, bool accepted)
        {
            var graph = Graph("g", new[] { NamedNode("r", "Reshape", new[] { "x", "shape" }, new[] { "y" }) },
                new[] { Info("x", OnnxDataType.Float, 1), Info("shape", OnnxDataType.Int64, -1) }, new[] { AnyShape("y", OnnxDataType.Float) });
            var executor = new OnnxGraphExecutor(Model(13, graph));
            var feed = new Dictionary<string, OnnxValue>
            {
                ["x"] = OnnxValue.FromFloats(new[] { 1f }, 1), ["shape"] = OnnxValue.FromInt64s(Enumerable.Repeat(1L, rank).ToArray(), rank),
            };

            if (accepted) Assert.That(executor.Run(feed)[0].Rank, Is.EqualTo(rank));
            else Assert.That(() => executor.Run(feed), Throws.TypeOf<OnnxFormatException>().With.Message.Contains("rank 33"));
        }

        [Test]
        public void OnnxValue_WithMoreThan32Dims_IsRefused()
        {
            int[] shape = Enumerable.Repeat(1, OnnxReader.MaxRank + 1).ToArray();
            Assert.That(() => OnnxValue.FromFloats(new[] { 1f }, shape), Throws.ArgumentException.With.Message.Contains("32"));
            Assert.That(OnnxValue.FromFloats(new[] { 1f }, shape.Take(OnnxReader.MaxRank).ToArray()).Rank, Is.EqualTo(32));
            var tensor = new Ir.OnnxTensor("deep", OnnxDataType.Float, shape.Select(d => (long)d).ToArray(), floats: new[] { 1f });
            Assert.That(() => OnnxValue.FromTensor(tensor), Throws.TypeOf<OnnxFormatException>().With.Message.Contains("'deep'").And.Message.Contains("33"));
        }

        // ---- kept inner exceptions ----

        [Test]
        public void KernelCreationFailure_KeepsTheOriginalExceptionAsInner()
        {
            // An IR built in code can hold what the reader never produces: a value_floats attribute without values.
            var broken = new OnnxAttribute("value_floats", OnnxAttributeType.Floats) { Floats = null! };
            var graph = Graph("g", new[] { NamedNode("odd_constant", "Constant", Array.Empty<string>(), new[] { "y" }, broken) },
                Array.Empty<Ir.OnnxValueInfo>(), new[] { AnyShape("y", OnnxDataType.Float) });

            var e = Assert.Throws<OnnxFormatException>(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)))!;

            Assert.That(e.Message, Does.Contain("odd_constant").And.Contain("invalid node"));
            Assert.That(e.InnerException, Is.TypeOf<NullReferenceException>());
        }

        [Test]
        public void FoldingFailure_KeepsTheOriginalExceptionAsInner()
        {
            var graph = Graph("g", new[] { NamedNode("bad_add", "Add", new[] { "a", "b" }, new[] { "y" }) }, Array.Empty<Ir.OnnxValueInfo>(),
                new[] { AnyShape("y", OnnxDataType.Float) }, FloatTensor("a", new float[2], 2), FloatTensor("b", new float[3], 3));

            var e = Assert.Throws<OnnxFormatException>(() => new OnnxGraphExecutor(Model(13, graph, ModelPath)))!;

            Assert.That(e.Message, Does.Contain("bad_add").And.Contain("folding").And.Contain("[2]").And.Contain("[3]"));
            Assert.That(e.InnerException, Is.Not.Null);
        }
    }
}
