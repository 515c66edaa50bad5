// Keras step-mask semantics against TensorFlow.js: pre-padded batches and batches with holes (Masking(0), also under
// Bidirectional), one training step each (Tests/Fixtures~/tfjs-step-masked, written by Tests/Tools~/tfjs-step/
// generate.mjs). Everything runs through the Trainer on a masked SequenceDataset: Predict (BatchRunner.RunMasked),
// Evaluate, TrainOnBatch's gradients and one Adam step. Layout conversion and the two-bias convention are as in
// TfjsTrainingStepTests (whose header explains them): Keras' single bias sits in Wb, Rb = 0, dRb = dWb, and after the
// step Rb = bias_after − bias_before.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Formats;
using Recurrent.Kernels;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class TfjsMaskedStepTests
    {
        private const string RecurrentName = "recurrent";
        private const string DenseName = "dense";
        private const string FixtureFolder = "tfjs-step-masked";

        // Same bounds and reasons as TfjsTrainingStepTests (float32 on both sides, different summation orders; a wrong
        // index, gate, sign or a masked step that leaks is ≥ 1e-4 here). Observed values are printed by each test.
        private const double LossTolerance = 1e-6;
        private const double ProbabilityTolerance = 1e-6;
        private const double GradientAbsTolerance = 1e-6;
        private const double GradientRelTolerance = 1e-5;
        private const double WeightAbsTolerance = 1e-5;

        private static string FixtureDirectory => TfjsFixtures.Directory(FixtureFolder);

        public static IEnumerable<TestCaseData> Cases() => TfjsFixtures.Cases(FixtureFolder);

        [Test]
        public void Fixtures_CoverPrePaddingHolesBidirectionalLstmAndGru()
        {
            var cases = Cases().Select(c => (string)c.Arguments[0]!).Where(n => n.Length > 0).Select(MaskedStep.Load).ToArray();
            Assert.That(cases.Select(c => c.Cell).Distinct().ToArray(), Does.Contain(RecurrentCellKind.Lstm).And.Contain(RecurrentCellKind.Gru),
                $"Cases found in {FixtureDirectory}: {string.Join(", ", cases.Select(c => c.Name))}");
            Assert.That(cases.Any(c => c.Bidirectional), Is.True, "a bidirectional case");
            Assert.That(cases.Any(c => c.HasPrePadding), Is.True, "a pre-padded case");
            Assert.That(cases.Any(c => c.HasHoles), Is.True, "a case with holes");
            Assert.That(cases.Select(c => c.TfjsVersion).Distinct().ToArray(), Is.EqualTo(new[] { "4.22.0" }));
        }

        [TestCaseSource(nameof(Cases))]
        public void PredictAndEvaluate_ProbabilitiesAndLoss_MatchTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var trainer = new Trainer(step.BuildModel(), new Sgd(0.1f), new SparseCategoricalCrossEntropy());

            float[] probabilities = trainer.Predict(step.Dataset());
            double loss = trainer.Evaluate(step.Dataset(), batchSize: step.Batch)["loss"];

            AssertClose($"{caseName}: softmax output (Predict)", probabilities, step.Probabilities, ProbabilityTolerance, 0);
            TestContext.Out.WriteLine($"{caseName}: loss ours {loss:R}, tfjs {step.Loss:R}, |Δ| {Math.Abs(loss - step.Loss):E2}");
            Assert.That(loss, Is.EqualTo(step.Loss).Within(LossTolerance), $"{caseName}: Evaluate loss");
        }

        [TestCaseSource(nameof(Cases))]
        public void TrainOnBatch_EveryWeightGradient_MatchesTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var trainer = new Trainer(step.BuildModel(), new Sgd(0.1f), new SparseCategoricalCrossEntropy());

            double loss = trainer.TrainOnBatch(step.Dataset(), Enumerable.Range(0, step.Batch).ToArray());

            Assert.That(loss, Is.EqualTo(step.Loss).Within(LossTolerance), $"{caseName}: TrainOnBatch loss");
            foreach (var pair in step.InOurLayout(MaskedStep.Stage.Gradient))
                AssertClose($"{caseName}: d{pair.Key}", trainer.Graph.Parameter(pair.Key).Gradient, pair.Value, GradientAbsTolerance, GradientRelTolerance);
        }

        [TestCaseSource(nameof(Cases))]
        public void TrainOnBatch_OneAdamStep_MatchesTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            // tf.train.adam puts ε outside the bias-corrected root: our PyTorch convention (see TfjsTrainingStepTests).
            var adam = new Adam(step.LearningRate, step.Beta1, step.Beta2, step.Epsilon, convention: OptimizerConvention.PyTorch);
            var trainer = new Trainer(step.BuildModel(), adam, new SparseCategoricalCrossEntropy(), options: new TrainerOptions { Shuffle = false });

            trainer.TrainOnBatch(step.Dataset(), Enumerable.Range(0, step.Batch).ToArray());

            Assert.That(trainer.NonFiniteSteps, Is.EqualTo(0), $"{caseName}: the step was skipped as non-finite");
            foreach (var pair in step.InOurLayout(MaskedStep.Stage.After))
                AssertClose($"{caseName}: {pair.Key} after one Adam step", trainer.Graph.Parameter(pair.Key).Value.Data, pair.Value, WeightAbsTolerance, 0);
        }

        [TestCaseSource(nameof(Cases))]
        public void IgnoringTheMask_WouldNotMatchTfjs(string caseName)
        {
            // The fixtures test masking only if the masked (zero) steps would change the result when run as data.
            var step = LoadOrFail(caseName);
            var trainer = new Trainer(step.BuildModel(), new Sgd(0.1f), new SparseCategoricalCrossEntropy());
            var unmasked = SequenceDataset.FromFeatures(step.X, step.Batch, step.Time, step.Input, step.TargetsAsFloats(), 1);
            double loss = trainer.Evaluate(unmasked, batchSize: step.Batch)["loss"];
            Assert.That(Math.Abs(loss - step.Loss), Is.GreaterThan(100 * LossTolerance),
                $"{caseName}: running the zero steps as data gives nearly TF.js' loss; the fixture does not exercise the mask");
        }

        private static MaskedStep LoadOrFail(string caseName)
        {
            Assert.That(caseName, Is.Not.Empty,
                $"No fixtures in {FixtureDirectory}; run Tests/Tools~/tfjs-step/generate.mjs (see its README.md).");
            return MaskedStep.Load(caseName);
        }

        /// <summary>Passes when |a − e| ≤ abs + rel·|e| everywhere; the message names the first failure and the worst |Δ|.</summary>
        private static void AssertClose(string what, float[] actual, float[] expected, double abs, double rel) =>
            TfjsFixtures.AssertClose(what, actual, expected, abs, rel);

        /// <summary>One fixture: a masked batch, the model (Keras layout) and TF.js' results.</summary>
        private sealed class MaskedStep
        {
            public enum Stage { Before, Gradient, After }

            private readonly Dictionary<string, Dictionary<Stage, float[]>> _keras = new Dictionary<string, Dictionary<Stage, float[]>>(StringComparer.Ordinal);

            public string Name = "";
            public string TfjsVersion = "";
            public RecurrentCellKind Cell;
            public bool ResetAfter, Bidirectional;
            public int Batch, Time, Input, Hidden, Classes;
            public float[] Mask = Array.Empty<float>();          // [B, T] 1 = valid
            public float[] X = Array.Empty<float>();             // [B, T, I], zero at masked steps
            public int[] Targets = Array.Empty<int>();           // [B]
            public float[] Probabilities = Array.Empty<float>(); // [B, C]
            public float Loss;
            public float LearningRate, Beta1, Beta2, Epsilon;

            public static MaskedStep Load(string caseName)
            {
                string path = Path.Combine(FixtureDirectory, caseName + ".json");
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                string cell = root.GetProperty("cell").GetString()!;
                var step = new MaskedStep
                {
                    Name = caseName,
                    TfjsVersion = root.GetProperty("tfjs").GetProperty("tfjs-layers").GetString()!,
                    Cell = cell == "lstm" ? RecurrentCellKind.Lstm : cell == "gru" ? RecurrentCellKind.Gru : cell == "rnn"
                        ? RecurrentCellKind.Rnn : throw new InvalidDataException($"{path}: unknown cell '{cell}'."),
                    ResetAfter = root.GetProperty("resetAfter").ValueKind == JsonValueKind.True,
                    Bidirectional = root.GetProperty("bidirectional").ValueKind == JsonValueKind.True,
                    Batch = root.GetProperty("batch").GetInt32(),
                    Time = root.GetProperty("time").GetInt32(),
                    Input = root.GetProperty("input").GetInt32(),
                    Hidden = root.GetProperty("hidden").GetInt32(),
                    Classes = root.GetProperty("classes").GetInt32(),
                    Mask = Floats(root.GetProperty("mask")),
                    X = Floats(root.GetProperty("x")),
                    Targets = root.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    Probabilities = Floats(root.GetProperty("probabilities")),
                    Loss = (float)root.GetProperty("loss").GetDouble(),
                };
                var adam = root.GetProperty("optimizer");
                step.LearningRate = (float)adam.GetProperty("learningRate").GetDouble();
                step.Beta1 = (float)adam.GetProperty("beta1").GetDouble();
                step.Beta2 = (float)adam.GetProperty("beta2").GetDouble();
                step.Epsilon = (float)adam.GetProperty("epsilon").GetDouble();
                foreach (var w in root.GetProperty("weights").EnumerateObject())
                {
                    step._keras[w.Name] = new Dictionary<Stage, float[]>
                    {
                        [Stage.Before] = Floats(w.Value.GetProperty("before")),
                        [Stage.Gradient] = Floats(w.Value.GetProperty("gradient")),
                        [Stage.After] = Floats(w.Value.GetProperty("after")),
                    };
                }
                return step;
            }

            /// <summary>Some row starts with a masked step and ends with a valid one.</summary>
            public bool HasPrePadding => Enumerable.Range(0, Batch).Any(b => Mask[b * Time] == 0f && Mask[b * Time + Time - 1] != 0f);

            /// <summary>Some row has a masked step between two valid ones.</summary>
            public bool HasHoles => Enumerable.Range(0, Batch).Any(b =>
            {
                var row = Mask.Skip(b * Time).Take(Time).ToArray();
                int first = Array.FindIndex(row, m => m != 0f), last = Array.FindLastIndex(row, m => m != 0f);
                return first >= 0 && Enumerable.Range(first, last - first + 1).Any(t => row[t] == 0f);
            });

            public SequenceDataset Dataset() =>
                SequenceDataset.FromFeatures(X, Batch, Time, Input, Targets.Select(t => (float)t).ToArray(), 1, mask: Mask);

            public float[] TargetsAsFloats() => Targets.Select(t => (float)t).ToArray();

            private int GateCount => RecurrentOpAttributes.GateCountOf(Cell);

            private int Directions => Bidirectional ? 2 : 1;

            /// <summary>Keras' weights before the step; Bidirectional's forward and backward layers as our D = 2 (concat).</summary>
            public Model BuildModel()
            {
                var ours = InOurLayout(Stage.Before);
                int GH = GateCount * Hidden, D = Directions;
                var attributes = new RecurrentOpAttributes
                {
                    Cell = Cell, HiddenSize = Hidden, LinearBeforeReset = Cell == RecurrentCellKind.Gru && ResetAfter,
                    Direction = Bidirectional ? RecurrentDirection.Bidirectional : RecurrentDirection.Forward,
                };
                var recurrent = new RecurrentLayer(RecurrentName, attributes,
                    new Tensor(ours[RecurrentName + "/W"], D, GH, Input),   // [D, G*H, I]
                    new Tensor(ours[RecurrentName + "/R"], D, GH, Hidden),  // [D, G*H, H]
                    new Tensor(ours[RecurrentName + "/B"], D, 2 * GH),      // [D, 2*G*H]
                    null, returnSequences: false);
                var dense = new DenseLayer(DenseName, new Tensor(ours[DenseName + "/kernel"], D * Hidden, Classes),
                    new Tensor(ours[DenseName + "/bias"], Classes), Activation.Identity);
                return new Model(new Layer[] { recurrent, dense, new SoftmaxLayer("softmax", Classes) });
            }

            /// <summary>One stage's Keras tensors in our layout and parameter names (directions stacked forward, backward).</summary>
            public Dictionary<string, float[]> InOurLayout(Stage stage)
            {
                int GH = GateCount * Hidden;
                bool twoBiases = Cell == RecurrentCellKind.Gru && ResetAfter;
                var W = new List<float>();
                var R = new List<float>();
                var B = new List<float>();
                foreach (string prefix in Bidirectional ? new[] { "recurrent/forward/", "recurrent/backward/" } : new[] { "recurrent/" })
                {
                    var w = GateLayoutConverter.FromKeras(Cell, Input, Hidden, Keras(prefix + "kernel", stage),
                        Keras(prefix + "recurrent_kernel", stage), Keras(prefix + "bias", stage), ResetAfter);
                    float[] b = w.B!;
                    if (!twoBiases && stage == Stage.Gradient) Array.Copy(b, 0, b, GH, GH);
                    if (!twoBiases && stage == Stage.After)
                    {
                        float[] before = GateLayoutConverter.FromKeras(Cell, Input, Hidden, Keras(prefix + "kernel", Stage.Before),
                            Keras(prefix + "recurrent_kernel", Stage.Before), Keras(prefix + "bias", Stage.Before), ResetAfter).B!;
                        for (int i = 0; i < GH; i++) b[GH + i] = b[i] - before[i];
                    }
                    W.AddRange(w.W);
                    R.AddRange(w.R);
                    B.AddRange(b);
                }
                return new Dictionary<string, float[]>(StringComparer.Ordinal)
                {
                    [RecurrentName + "/W"] = W.ToArray(),
                    [RecurrentName + "/R"] = R.ToArray(),
                    [RecurrentName + "/B"] = B.ToArray(),
                    [DenseName + "/kernel"] = Keras("dense/kernel", stage),   // [D*H, C] in both
                    [DenseName + "/bias"] = Keras("dense/bias", stage),
                };
            }

            private float[] Keras(string name, Stage stage) =>
                _keras.TryGetValue(name, out var stages) ? (float[])stages[stage].Clone()
                    : throw new InvalidDataException($"{Name}: the fixture has no weight '{name}'.");

            private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        }
    }
}
