// OnnxImporter: which real exports map onto our layers, and that a mapped model computes what ONNX Runtime computed
// (reference outputs), streams like the graph's last step, and refuses unmappable graphs with a reason.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Training;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    [Category("OnnxReal")]
    public class OnnxImporterTests
    {
        // Reference outputs come from ONNX Runtime; the shared README suggests 1e-4 abs + 1e-4 rel.
        private const double Abs = 1e-4, Rel = 1e-4;

        /// <summary>Real models: the repository's permissive copies, then ../shared/onnx-real for the rest.</summary>
        public static IEnumerable<TestCaseData> RealModels()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var roots = new[]
            {
                Path.Combine(FixturePaths.Root, "Tests", "Fixtures~", "onnx-real"),
                Path.Combine(FixturePaths.Root, "..", "shared", "onnx-real"),
                "/work/shared/onnx-real",
            };
            foreach (var root in roots)
            {
                if (!Directory.Exists(root)) continue;
                foreach (var dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
                    if (File.Exists(Path.Combine(dir, "model.onnx")) && seen.Add(Path.GetFileName(dir)))
                        yield return new TestCaseData(dir).SetArgDisplayNames(Path.GetFileName(dir));
            }
            if (seen.Count == 0) yield return new TestCaseData("").SetArgDisplayNames("no-real-models");
        }

        /// <summary>
        /// Models whose graphs are chains of recurrent/dense layers and must map. The others use what our layers do not
        /// have (BatchNormalization, RepeatVector, Loop-bodied cells, several inputs or outputs) and stay on the executor.
        /// </summary>
        private static readonly HashSet<string> MustMap = new HashSet<string>(StringComparer.Ordinal)
        {
            "pt13-lstm-mnist", "pt201-lstm-expand-h0", "tf2onnx-lstm-tiny", "tf2onnx-op9-lstm-exercise", "tf2onnx-bilstm-apple",
        };

        [Test]
        public void MappedImport_FineTunesAndStreams()
        {
            string dir = Path.Combine(FixturePaths.Root, "Tests", "Fixtures~", "onnx-real", "tf2onnx-lstm-tiny");
            if (!Directory.Exists(dir)) Assert.Ignore(dir + " is missing.");
            var model = OnnxImporter.MapToModel(OnnxReader.ReadFile(Path.Combine(dir, "model.onnx")));
            Assert.That(new InferenceModel(model).CanStream, Is.True);

            // One epoch of fine-tuning on a tiny regression set: finite loss, weights move.
            const int N = 16, T = 7, I = 10;
            var x = TestData.Uniform(3, N * T * I);
            var y = TestData.Uniform(4, N * T, 0f, 1f);
            var trainer = model.Compile(new Recurrent.Training.Adam(0.01f), new Recurrent.Training.MeanSquaredError());
            var before = trainer.SnapshotWeights();
            var history = trainer.Fit(Recurrent.Training.SequenceDataset.FromFeatures(x, N, T, I, y, 1, targetsPerStep: true), epochs: 1, batchSize: 8);
            Assert.That(double.IsFinite(history.Values("loss")[0]), Is.True);
            Assert.That(trainer.SnapshotWeights()[0], Is.Not.EqualTo(before[0]), "the imported LSTM's W was fine-tuned");
        }

        [TestCaseSource(nameof(RealModels))]
        public void RealModel_MapsOntoLayersWhenItIsAChain_AndMatchesOnnxRuntime(string dir)
        {
            if (dir.Length == 0) Assert.Ignore("No real models: neither Tests/Fixtures~/onnx-real nor ../shared/onnx-real exists.");
            string name = Path.GetFileName(dir);
            var onnx = OnnxReader.ReadFile(Path.Combine(dir, "model.onnx"));
            bool mapped = OnnxImporter.TryMapToModel(onnx, out var model, out string reason);
            TestContext.Out.WriteLine($"{name}: {(mapped ? "mapped: " + string.Join(" -> ", model!.Layers.Select(l => l.Describe())) : "not mapped: " + reason)}");
            if (MustMap.Contains(name)) Assert.That(mapped, Is.True, $"{name} should map: {reason}");
            if (!mapped)
            {
                Assert.That(reason, Is.Not.Empty, "an unmappable model says why");
                return;
            }

            // The mapped model reproduces ONNX Runtime's reference output from the reference input.
            using var input = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reference_input.json")));
            using var output = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reference_output.json")));
            var inp = input.RootElement.GetProperty("inputs")[0];
            var shape = inp.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = inp.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            bool timeMajor = model!.Metadata[OnnxImporter.InputLayoutKey] == "time-major";
            int T = timeMajor ? shape[0] : shape[1], B = timeMajor ? shape[1] : shape[0];
            var expected = output.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var runner = new InferenceModel(model).CreateBatchRunner();
            var actual = new float[runner.OutputLength(B, T)];
            if (model.InputKind == ModelInputKind.Tokens)
            {
                var ids = new int[B * T];
                for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) ids[b * T + t] = (int)data[timeMajor ? t * B + b : b * T + t];
                runner.Run(ids, B, T, default, actual);
            }
            else
            {
                int I = shape[2];
                var x = new float[B * T * I];
                for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) for (int i = 0; i < I; i++)
                    x[(b * T + t) * I + i] = (float)data[((timeMajor ? t * B + b : b * T + t) * I) + i];
                runner.Run(x, B, T, default, actual);
            }
            bool outTimeMajor = model.Metadata.TryGetValue(OnnxImporter.OutputLayoutKey, out var ol) && ol == "time-major";
            int O = model.OutputSize;
            Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{name}: output size");
            int bad = 0, first = -1;
            for (int b = 0; b < B; b++)
                for (int t = 0; t < (model.OutputIsSequence ? T : 1); t++)
                    for (int o = 0; o < O; o++)
                    {
                        int mi = model.OutputIsSequence ? (b * T + t) * O + o : b * O + o;
                        int gi = model.OutputIsSequence && outTimeMajor ? (t * B + b) * O + o : mi;
                        if (!(Math.Abs(actual[mi] - expected[gi]) <= Abs + Rel * Math.Abs(expected[gi]))) { bad++; if (first < 0) first = gi; }
                    }
            Assert.That(bad, Is.EqualTo(0), $"{name}: {bad} values differ from ONNX Runtime; first at [{first}]");
        }
    }
}
