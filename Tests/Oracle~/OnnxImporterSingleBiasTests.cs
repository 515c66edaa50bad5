// The ONNX importer marks a recurrent layer single-bias (Keras' one bias: Rb held at 0 in training) only for a
// TensorFlow-family export (producer tf2onnx / keras2onnx) whose Rb is exactly zero and whose cell has one bias in Keras
// (not a linear_before_reset GRU); every other graph keeps the two-bias default. Hand-built graphs (test-only protobuf
// classes) vary one condition at a time; the real exports in Tests/Fixtures~/onnx-real confirm the rule on tf2onnx files.
using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Formats;
using Recurrent.Formats.Onnx;
using Recurrent.Training;
using Proto = Recurrent.Tests.Oracle.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxImporterSingleBiasTests
    {
        private const int I = 3, H = 4, O = 2;

        [TestCase("tf2onnx", "LSTM", false, true, ExpectedResult = true)]
        [TestCase("keras2onnx", "RNN", false, true, ExpectedResult = true)]
        [TestCase("tf2onnx", "GRU", false, true, ExpectedResult = true)]
        [TestCase("TF2ONNX", "LSTM", false, true, ExpectedResult = true)]
        [TestCase("tf2onnx", "GRU", true, true, ExpectedResult = false)]    // reset_after: two biases in Keras too
        [TestCase("tf2onnx", "LSTM", false, false, ExpectedResult = false)] // Rb is not zero
        [TestCase("pytorch", "LSTM", false, true, ExpectedResult = false)]  // PyTorch trains two biases
        [TestCase("", "LSTM", false, true, ExpectedResult = false)]         // unknown producer: keep the default
        public bool Import_MarksSingleBiasOnlyForTensorFlowExportsWithZeroRb(string producer, string op, bool lbr, bool zeroRb)
        {
            var onnx = OnnxReader.Read(BuildGraph(producer, op, lbr, zeroRb, withBias: true));
            Assert.That(OnnxImporter.TryMapToModel(onnx, out var model, out string reason), Is.True, reason);
            var rec = (RecurrentLayer)model!.Layers[0];
            Assert.That(rec.Describe().Contains("single bias"), Is.EqualTo(rec.SingleBias), "Describe shows it");
            return rec.SingleBias;
        }

        [Test]
        public void Import_TensorFlowLstmWithoutBias_StaysTwoBias()
        {
            var onnx = OnnxReader.Read(BuildGraph("tf2onnx", "LSTM", false, true, withBias: false));
            Assert.That(OnnxImporter.TryMapToModel(onnx, out var model, out string reason), Is.True, reason);
            Assert.That(((RecurrentLayer)model!.Layers[0]).SingleBias, Is.False);
        }

        [Test]
        public void ImportedSingleBiasLstm_FineTunesWithRbAtZero_AndKeepsTheFlagInAModelFile()
        {
            var model = OnnxImporter.MapToModel(OnnxReader.Read(BuildGraph("tf2onnx", "LSTM", false, true, withBias: true)));
            const int N = 8, T = 4;
            var x = TestData.Uniform(3, N * T * I);
            var y = TestData.Uniform(4, N * T * O, 0f, 1f);
            var trainer = model.Compile(new Adam(0.02f), new MeanSquaredError());
            trainer.Fit(SequenceDataset.FromFeatures(x, N, T, I, y, O, targetsPerStep: true), epochs: 2, batchSize: 4);

            var rec = (RecurrentLayer)model.Layers[0];
            Assert.That(rec.B!.Data.Skip(4 * H).All(v => BitConverter.SingleToInt32Bits(v) == 0), Is.True, "Rb is exactly +0 after fine-tuning");
            Assert.That(rec.B.Data.Take(4 * H).Any(v => v != 0f), Is.True, "Wb trained");
            var loaded = (RecurrentLayer)ModelFile.Read(ModelFile.ToBytes(model)).Model.Layers[0];
            Assert.That(loaded.SingleBias, Is.True, "the model file keeps single_bias");
        }

        [TestCase("tf2onnx-lstm-tiny", true)]
        [TestCase("tf2onnx-bilstm-apple", true)]
        [TestCase("tf2onnx-op9-lstm-exercise", true)]
        [TestCase("pt13-lstm-mnist", false)]
        [TestCase("pt201-lstm-expand-h0", false)]
        public void RealExport_SingleBiasFollowsTheProducer(string name, bool expected)
        {
            // The permissive copies in the repository, then the shared collection (as OnnxImporterTests looks them up).
            string[] roots =
            {
                Path.Combine(FixturePaths.Root, "Tests", "Fixtures~", "onnx-real"),
                Path.Combine(FixturePaths.Root, "..", "shared", "onnx-real"),
                "/work/shared/onnx-real",
            };
            string? path = roots.Select(r => Path.Combine(r, name, "model.onnx")).FirstOrDefault(File.Exists);
            if (path is null) Assert.Ignore($"{name}/model.onnx is in neither Tests/Fixtures~/onnx-real nor ../shared/onnx-real.");
            var onnx = OnnxReader.ReadFile(path);
            Assert.That(OnnxImporter.TryMapToModel(onnx, out var model, out string reason), Is.True, $"{name} should map: {reason}");
            var recurrent = model!.Layers.OfType<RecurrentLayer>().ToArray();
            Assert.That(recurrent, Is.Not.Empty);
            TestContext.Out.WriteLine($"{name} ({onnx.ProducerName}): {string.Join(" -> ", model.Layers.Select(l => l.Describe()))}");
            foreach (var rec in recurrent)
                Assert.That(rec.SingleBias, Is.EqualTo(expected), $"{name}: layer '{rec.Name}' (producer '{onnx.ProducerName}')");
        }

        /// <summary>x [time, batch, 3] → op (hidden 4) → Squeeze(1) → MatMul [4, 2] → Add [2] → y, with the given producer.</summary>
        private static byte[] BuildGraph(string producer, string op, bool lbr, bool zeroRb, bool withBias)
        {
            int G = op == "LSTM" ? 4 : op == "GRU" ? 3 : 1, GH = G * H;
            var graph = new Proto.GraphProto { Name = "recurrent_dense" };
            graph.Input.Add(ValueInfo("x", I));
            graph.Output.Add(ValueInfo("y", O));
            graph.Initializer.Add(FloatInitializer("W", TestData.Uniform(11, GH * I, -0.5f, 0.5f), 1, GH, I));
            graph.Initializer.Add(FloatInitializer("R", TestData.Uniform(12, GH * H, -0.5f, 0.5f), 1, GH, H));
            var b = TestData.Uniform(13, 2 * GH, -0.5f, 0.5f);
            if (zeroRb) Array.Clear(b, GH, GH);
            if (withBias) graph.Initializer.Add(FloatInitializer("B", b, 1, 2 * GH));
            graph.Initializer.Add(FloatInitializer("K", TestData.Uniform(14, H * O), H, O));
            graph.Initializer.Add(FloatInitializer("bias", TestData.Uniform(15, O), O));
            var axes = new Proto.TensorProto { Name = "axes", DataType = (int)Proto.TensorProto.Types.DataType.Int64 };
            axes.Dims.Add(1);
            axes.Int64Data.Add(1);
            graph.Initializer.Add(axes);

            var rec = new Proto.NodeProto { Name = op.ToLowerInvariant(), OpType = op };
            rec.Input.Add(withBias ? new[] { "x", "W", "R", "B" } : new[] { "x", "W", "R" });
            rec.Output.Add("Y");
            rec.Attribute.Add(new Proto.AttributeProto { Name = "hidden_size", Type = Proto.AttributeProto.Types.AttributeType.Int, I = H });
            if (op == "GRU")
                rec.Attribute.Add(new Proto.AttributeProto { Name = "linear_before_reset", Type = Proto.AttributeProto.Types.AttributeType.Int, I = lbr ? 1 : 0 });
            graph.Node.Add(rec);
            graph.Node.Add(Node("squeeze", "Squeeze", new[] { "Y", "axes" }, "Ys"));
            graph.Node.Add(Node("matmul", "MatMul", new[] { "Ys", "K" }, "M"));
            graph.Node.Add(Node("add", "Add", new[] { "M", "bias" }, "y"));

            var model = new Proto.ModelProto { IrVersion = 8, ProducerName = producer, ProducerVersion = "1", Graph = graph };
            model.OpsetImport.Add(new Proto.OperatorSetIdProto { Domain = "", Version = 13 });
            return model.ToByteArray();
        }

        private static Proto.NodeProto Node(string name, string op, string[] inputs, string output)
        {
            var node = new Proto.NodeProto { Name = name, OpType = op };
            node.Input.Add(inputs);
            node.Output.Add(output);
            return node;
        }

        private static Proto.ValueInfoProto ValueInfo(string name, int features)
        {
            var shape = new Proto.TensorShapeProto();
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimParam = "time" });
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimParam = "batch" });
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimValue = features });
            return new Proto.ValueInfoProto
            {
                Name = name,
                Type = new Proto.TypeProto
                {
                    TensorType = new Proto.TypeProto.Types.Tensor { ElemType = (int)Proto.TensorProto.Types.DataType.Float, Shape = shape },
                },
            };
        }

        private static Proto.TensorProto FloatInitializer(string name, float[] data, params long[] dims)
        {
            var t = new Proto.TensorProto { Name = name, DataType = (int)Proto.TensorProto.Types.DataType.Float };
            t.Dims.Add(dims);
            t.FloatData.Add(data);
            return t;
        }
    }
}
