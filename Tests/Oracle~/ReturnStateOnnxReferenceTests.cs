// A returnState layer built from each ONNX conformance / ONNX Runtime recurrent case outputs that case's expected
// Y_h and Y_c (the ONNX reference): through the batch runner and the training forward for the cases that start from
// zero states (directions, peepholes, activations, sequence_lens), and through a streaming session started from the
// case's initial_h / initial_c (SetState) for the forward cases, which is where the fixtures' Y_c live.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class ReturnStateOnnxReferenceTests
    {
        // The training forward is a separate float32 implementation (unfused GEMMs, its own step loop); against ONNX's
        // float32 references it stays within ~1e-6 on these sizes (H ≤ 256). 1e-5 + 1e-4·|x| still catches a wrong
        // state, direction or merge (differences ≥ 1e-2).
        private const double TrainingAbs = 1e-5, TrainingRel = 1e-4;

        /// <summary>ONNX Runtime 1.30 uses 0 for these cases' missing alpha/beta (see OrtGeneratedRecurrentTests).</summary>
        private static readonly HashSet<string> s_ortZeroDefaults = new HashSet<string>(StringComparer.Ordinal)
        {
            "ort_rnn_act_affine_defaults", "ort_rnn_act_scaledtanh_defaults", "ort_rnn_act_thresholdedrelu_defaults",
        };

        /// <summary>Cases a chain layer can express: layout 0, zero initial states, Y_h among the declared outputs.</summary>
        public static IEnumerable<TestCaseData> StateCases()
        {
            var cases = new List<TestCaseData>();
            foreach (string dir in AllCaseDirectories())
            {
                var c = OnnxTestCase.Load(dir);
                if (!OnnxRecurrentRunner.IsRecurrent(c.Node.OpType) || c.Node.GetInt("layout", 0) != 0) continue;
                if (!IsZeroOrAbsent(c.NodeInput(OnnxRecurrentRunner.SlotInitialH))) continue;
                if (c.Node.OpType == "LSTM" && !IsZeroOrAbsent(c.NodeInput(OnnxRecurrentRunner.SlotInitialC))) continue;
                if (Output(c, OnnxRecurrentRunner.SlotYH) is null) continue;
                cases.Add(new TestCaseData(dir).SetArgDisplayNames(Path.GetFileName(dir)));
            }
            if (cases.Count == 0) cases.Add(new TestCaseData("").SetArgDisplayNames("no-recurrent-cases"));
            return cases;
        }

        /// <summary>Forward cases with every row full length and Y_h declared (initial states allowed: SetState takes them).</summary>
        public static IEnumerable<TestCaseData> StreamingCases()
        {
            var cases = new List<TestCaseData>();
            foreach (string dir in AllCaseDirectories())
            {
                var c = OnnxTestCase.Load(dir);
                if (!OnnxRecurrentRunner.IsRecurrent(c.Node.OpType) || c.Node.GetInt("layout", 0) != 0) continue;
                if (c.Node.GetString("direction", "forward") != "forward" || Output(c, OnnxRecurrentRunner.SlotYH) is null) continue;
                var lens = c.NodeInput(OnnxRecurrentRunner.SlotSequenceLens);
                long T = c.NodeInput(OnnxRecurrentRunner.SlotX)!.Dims[0];
                if (lens != null && lens.AsInt32s().Any(l => l != T)) continue;
                cases.Add(new TestCaseData(dir).SetArgDisplayNames(Path.GetFileName(dir)));
            }
            if (cases.Count == 0) cases.Add(new TestCaseData("").SetArgDisplayNames("no-recurrent-cases"));
            return cases;
        }

        [Test]
        public void Cases_CoverLstmYcWithInitialStates_BothDirections_SequenceLensAndEveryCell()
        {
            var batch = Load(StateCases());
            var streaming = Load(StreamingCases());
            Assert.That(streaming.Count(c => c.Node.OpType == "LSTM" && Output(c, OnnxRecurrentRunner.SlotYC) != null
                && c.NodeInput(OnnxRecurrentRunner.SlotInitialC) != null), Is.GreaterThanOrEqualTo(3), "LSTM cases with Y_c from an initial c");
            Assert.That(batch.Any(c => c.Node.OpType == "LSTM" && c.Node.GetString("direction", "forward") == "bidirectional"), Is.True,
                "a bidirectional LSTM");
            Assert.That(batch.Any(c => c.Node.OpType == "LSTM" && c.Node.GetString("direction", "forward") == "reverse"), Is.True, "a reverse LSTM");
            Assert.That(batch.Any(c => c.NodeInput(OnnxRecurrentRunner.SlotSequenceLens) != null), Is.True, "sequence_lens");
            Assert.That(batch.Select(c => c.Node.OpType).Distinct().Count(), Is.EqualTo(3), "LSTM, GRU and RNN");
            Assert.That(streaming.Select(c => c.Node.OpType).Distinct().Count(), Is.EqualTo(3), "LSTM, GRU and RNN (streaming)");
        }

        [TestCaseSource(nameof(StreamingCases))]
        public void ReturnStateStreaming_FromTheCaseInitialStates_EqualsTheOnnxReferenceYhYc(string caseDirectory)
        {
            if (caseDirectory.Length == 0) Assert.Ignore("No recurrent ONNX cases under " + FixturePaths.Fixtures);
            var c = OnnxTestCase.Load(caseDirectory);
            var layer = LayerOf(c);
            var x = c.NodeInput(OnnxRecurrentRunner.SlotX)!;
            int T = (int)x.Dims[0], B = (int)x.Dims[1], I = (int)x.Dims[2], H = layer.HiddenSize, O = layer.OutputSize;
            bool lstm = c.Node.OpType == "LSTM";

            var session = new InferenceModel(new Model(new Layer[] { layer })).CreateSession(B);
            var state = new float[session.StateLength];               // h [B, H], then c [B, H] for LSTM = ONNX [1, B, H]
            c.NodeInput(OnnxRecurrentRunner.SlotInitialH)?.AsFloats().CopyTo(state, 0);
            if (lstm) c.NodeInput(OnnxRecurrentRunner.SlotInitialC)?.AsFloats().CopyTo(state, B * H);
            session.SetState(state);
            var output = new float[B * O];
            var xt = x.AsFloats();
            for (int t = 0; t < T; t++) session.Step(xt.AsSpan(t * B * I, B * I), output);

            float[] yh = Output(c, OnnxRecurrentRunner.SlotYH)!, yc = Output(c, OnnxRecurrentRunner.SlotYC) ?? Array.Empty<float>();
            bool withC = lstm && yc.Length > 0;
            var actual = new List<float>();
            var expected = new List<float>();
            for (int b = 0; b < B; b++)
                for (int part = 0; part < (withC ? 2 : 1); part++)
                    for (int j = 0; j < H; j++)
                    {
                        actual.Add(output[b * O + part * H + j]);
                        expected.Add((part == 0 ? yh : yc)[b * H + j]);
                    }
            var comparison = OnnxOutputComparison.Compare(actual.ToArray(), expected.ToArray());
            Assert.That(comparison.MismatchCount, Is.EqualTo(0), comparison.Describe(c.Name, withC ? "streaming [Y_h, Y_c]" : "streaming Y_h"));
        }

        [TestCaseSource(nameof(StateCases))]
        public void ReturnStateLayer_BatchAndTrainingForward_EqualTheOnnxReferenceYhYc(string caseDirectory)
        {
            if (caseDirectory.Length == 0) Assert.Ignore("No recurrent ONNX cases under " + FixturePaths.Fixtures);
            var c = OnnxTestCase.Load(caseDirectory);
            var x = c.NodeInput(OnnxRecurrentRunner.SlotX)!;
            var lens = c.NodeInput(OnnxRecurrentRunner.SlotSequenceLens)?.AsInt32s();
            var layer = LayerOf(c);
            var attrs = layer.Attributes;
            int T = (int)x.Dims[0], B = (int)x.Dims[1], I = (int)x.Dims[2], H = attrs.HiddenSize, D = attrs.NumDirections;
            int O = layer.OutputSize, M = D * H;

            // Expected rows: [Y_h[0, b], Y_h[1, b], Y_c[0, b], Y_c[1, b]] (concat merge); cases without Y_c check h only.
            float[] yh = Output(c, OnnxRecurrentRunner.SlotYH)!, yc = Output(c, OnnxRecurrentRunner.SlotYC) ?? Array.Empty<float>();
            bool withC = c.Node.OpType == "LSTM" && yc.Length > 0;
            var xt = x.AsFloats();
            var xb = new float[xt.Length];                          // [T, B, I] -> [B, T, I]
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++) Array.Copy(xt, (t * B + b) * I, xb, (b * T + t) * I, I);

            var batchOut = new float[B * O];
            new InferenceModel(new Model(new Layer[] { layer })).CreateBatchRunner().Run(xb, B, T, lens ?? default(ReadOnlySpan<int>), batchOut);

            var tm = new TrainableModel(new Model(new Layer[] { layer }));
            float[] trainOut = tm.Forward(T, B, lens, xt, null, training: false);

            var actualBatch = new List<float>();
            var actualTrain = new List<float>();
            var expected = new List<float>();
            for (int b = 0; b < B; b++)
                for (int part = 0; part < (withC ? 2 : 1); part++)
                    for (int d = 0; d < D; d++)
                        for (int j = 0; j < H; j++)
                        {
                            int col = b * O + part * M + d * H + j;
                            actualBatch.Add(batchOut[col]);
                            actualTrain.Add(trainOut[col]);
                            expected.Add((part == 0 ? yh : yc)[(d * B + b) * H + j]);
                        }

            var batch = OnnxOutputComparison.Compare(actualBatch.ToArray(), expected.ToArray());
            Assert.That(batch.MismatchCount, Is.EqualTo(0), batch.Describe(c.Name, withC ? "batch [Y_h, Y_c]" : "batch Y_h"));
            for (int i = 0; i < expected.Count; i++)
            {
                double diff = Math.Abs((double)actualTrain[i] - expected[i]);
                if (!(diff <= TrainingAbs + TrainingRel * Math.Abs(expected[i])))
                    Assert.Fail($"{c.Name}: training forward [{i}] = {actualTrain[i]:R}, ONNX {expected[i]:R} (|Δ| {diff:E2})");
            }
        }

        /// <summary>The case's node as a returnState layer (concat merge).</summary>
        private static RecurrentLayer LayerOf(OnnxTestCase c)
        {
            var w = c.NodeInput(OnnxRecurrentRunner.SlotW)!;
            var r = c.NodeInput(OnnxRecurrentRunner.SlotR)!;
            var bias = c.NodeInput(OnnxRecurrentRunner.SlotB);
            var peep = c.Node.OpType == "LSTM" ? c.NodeInput(OnnxRecurrentRunner.SlotP) : null;
            var attrs = OnnxRecurrentRunner.ReadAttributes(c.Node, checked((int)r.Dims[2]));
            if (s_ortZeroDefaults.Contains(c.Name)) { attrs.ActivationAlpha = new[] { 0f }; attrs.ActivationBeta = new[] { 0f }; }
            return new RecurrentLayer("rec", attrs, ToTensor(w), ToTensor(r), bias is null ? null : ToTensor(bias), peep is null ? null : ToTensor(peep),
                returnSequences: false, returnState: true);
        }

        private static List<string> AllCaseDirectories()
        {
            var dirs = new List<string>(RecurrentConformanceTests.RecurrentCaseDirectories());
            if (Directory.Exists(FixturePaths.OrtGenerated)) dirs.AddRange(OnnxTestCase.FindCaseDirectories(FixturePaths.OrtGenerated));
            return dirs;
        }

        private static OnnxTestCase[] Load(IEnumerable<TestCaseData> cases) =>
            cases.Select(t => (string)t.Arguments[0]!).Where(d => d.Length > 0).Select(d => OnnxTestCase.Load(d)).ToArray();

        private static float[]? Output(OnnxTestCase c, int slot)
        {
            if (slot >= c.Node.Outputs.Count || c.Node.Outputs[slot].Length == 0) return null;
            return c.ExpectedOutput(c.Node.Outputs[slot])?.AsFloats();
        }

        private static bool IsZeroOrAbsent(OnnxTensor? t) => t is null || t.AsFloats().All(v => v == 0f);

        private static Tensor ToTensor(OnnxTensor t) => new Tensor(t.AsFloats(), Array.ConvertAll(t.Dims, d => (int)d));
    }
}
