// One training step (forward, loss, every weight's gradient, one Adam update) against TensorFlow.js with Keras
// semantics: Tests/Fixtures~/tfjs-step, written by Tests/Tools~/tfjs-step/generate.mjs. Node is not needed here.
//
// Layouts: the fixtures are in Keras layout (kernel [I, G*H], gates i,f,c,o / z,r,h). Everything is compared in OUR
// layout (W [1, G*H, I], R [1, G*H, H], B [1, 2*G*H], ONNX gate order): the TF.js weights, gradients and updated
// weights all go through GateLayoutConverter.FromKeras, which is valid for gradients because the conversion is a pure
// permutation/transpose (the gradient of a permuted tensor is the permuted gradient). ToKeras is not used for
// gradients since it folds Wb + Rb into one bias, which would double a single-bias gradient.
//
// Single-bias cells (LSTM, SimpleRNN, GRU reset_after=False) put Keras' bias in Wb with Rb = 0. In the default two-bias
// form both are added to the same pre-activation, so dL/dWb = dL/dRb = dL/dbias (Keras), and Adam moves Wb and Rb by
// the same step: Wb_after = bias_after and Rb_after = bias_after - bias_before. The effective bias Wb + Rb therefore
// moves twice as far as Keras' bias does; everything else matches Keras step for step. With RecurrentLayer.SingleBias
// (the SingleBias_* tests) the layer trains like Keras directly: dWb = Keras' bias gradient, Wb_after = Keras'
// bias_after, and Rb gets no gradient and stays exactly 0.
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
    public sealed class TfjsTrainingStepTests
    {
        private const string RecurrentName = "recurrent";
        private const string DenseName = "dense";
        private const string FixtureFolder = "tfjs-step";

        // Both sides compute in float32 over a 6-step recurrence with different summation orders (TF.js: matMul then
        // per-gate splits and adds; ours: fused GEMMs, loss accumulated in double). Observed differences are ≤ 6e-8
        // (outputs, loss) and ≤ 5e-8 (gradients, whose magnitudes are 1e-6..0.3); the bounds leave 20x headroom for
        // other summation orders (SIMD widths) and still catch a wrong index, gate, sign or missing term (≥ 1e-4 here).
        private const double LossTolerance = 1e-6;
        private const double ProbabilityTolerance = 1e-6;
        private const double GradientAbsTolerance = 1e-6;
        private const double GradientRelTolerance = 1e-5;

        // Step 1 of Adam moves each weight by lr·g/(|g| + ε) ≈ ±lr = ±0.01, so the updated weights depend on the
        // gradients only through g/(|g| + ε), whose slope lr·ε/(|g| + ε)² reaches ~800 at the smallest gradient the
        // generator allows (|g| ≥ 1e-6): a 3e-9 gradient difference there moves the weight by ~2e-6. Observed ≤ 1.8e-7
        // (3 ulps of the weights, |w| < 0.8). 1e-5 is a thousandth of the step, far below a wrong sign or ε placement.
        private const double WeightAbsTolerance = 1e-5;

        private static string FixtureDirectory => TfjsFixtures.Directory(FixtureFolder);

        public static IEnumerable<TestCaseData> TfjsCases() => TfjsFixtures.Cases(FixtureFolder);

        [Test]
        public void Fixtures_CoverLstmBothGruResetModesSimpleRnnAndMaskedBatches()
        {
            var cases = TfjsCases().Select(c => (string)c.Arguments[0]!).Where(n => n.Length > 0).Select(TfjsStep.Load).ToArray();
            var kinds = cases.Select(c => c.Cell + (c.Cell == RecurrentCellKind.Gru ? (c.ResetAfter ? "/reset_after" : "/reset_before") : "")).ToArray();

            Assert.That(kinds, Does.Contain("Lstm").And.Contain("Gru/reset_after").And.Contain("Gru/reset_before").And.Contain("Rnn"),
                $"Cases found in {FixtureDirectory}: {string.Join(", ", cases.Select(c => c.Name))}");
            Assert.That(cases.Where(c => c.Lengths != null).Select(c => c.Cell).Distinct().Count(), Is.EqualTo(2),
                "LSTM and GRU each need a masked (per-sample length) case.");
            Assert.That(cases.Select(c => c.TfjsVersion).Distinct().ToArray(), Is.EqualTo(new[] { "4.22.0" }),
                "Regenerate every fixture with the tfjs version pinned in Tests/Tools~/tfjs-step/package.json.");
        }

        [TestCaseSource(nameof(TfjsCases))]
        public void Forward_LossAndSoftmaxOutputs_MatchTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var tm = new TrainableModel(step.BuildModel());

            float[] y = tm.Forward(step.Time, step.Batch, step.Lengths, step.TimeMajorInput(), null);
            var dOut = new float[step.Batch * step.Classes];
            float loss = new SparseCategoricalCrossEntropy().Forward(y, step.TargetsAsFloats(), step.Batch, step.Classes, default, dOut);

            AssertClose($"{caseName}: softmax output", y.AsSpan(0, step.Batch * step.Classes).ToArray(), step.Probabilities, ProbabilityTolerance, 0);
            TestContext.Out.WriteLine($"{caseName}: loss ours {loss:R}, tfjs {step.Loss:R}, |Δ| {Math.Abs(loss - step.Loss):E2}");
            Assert.That(loss, Is.EqualTo(step.Loss).Within(LossTolerance), $"{caseName}: loss");
        }

        [TestCaseSource(nameof(TfjsCases))]
        public void Backward_EveryWeightGradient_MatchesTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var tm = RawForwardBackward(step, out _);

            var expected = step.InOurLayout(TfjsStep.Stage.Gradient);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName}: d{name}", tm.Parameter(name).Gradient, expected[name], GradientAbsTolerance, GradientRelTolerance);
        }

        [TestCaseSource(nameof(TfjsCases))]
        public void AdamStep_UpdatedWeights_MatchTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var tm = RawForwardBackward(step, out _);

            NewTfjsAdam(step).Step(tm.Parameters);

            var expected = step.InOurLayout(TfjsStep.Stage.After);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName}: {name} after one Adam step", tm.Parameter(name).Value.Data, expected[name], WeightAbsTolerance, 0);
        }

        [TestCaseSource(nameof(TfjsCases))]
        public void TrainerTrainOnBatch_OneStep_MatchesTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var trainer = new Trainer(step.BuildModel(), NewTfjsAdam(step), new SparseCategoricalCrossEntropy(),
                options: new TrainerOptions { Shuffle = false });
            var data = SequenceDataset.FromFeatures(step.X, step.Batch, step.Time, step.Input, step.TargetsAsFloats(), 1,
                lengths: step.Lengths);

            double loss = trainer.TrainOnBatch(data, Enumerable.Range(0, step.Batch).ToArray());

            Assert.That(loss, Is.EqualTo(step.Loss).Within(LossTolerance), $"{caseName}: TrainOnBatch loss");
            Assert.That(trainer.NonFiniteSteps, Is.EqualTo(0), $"{caseName}: the step was skipped as non-finite");
            var expected = step.InOurLayout(TfjsStep.Stage.After);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName}: {name} after TrainOnBatch", trainer.Graph.Parameter(name).Value.Data, expected[name], WeightAbsTolerance, 0);
        }

        /// <summary>The fixtures whose Keras layer has one bias: LSTM, SimpleRNN and GRU with reset_after = False.</summary>
        public static IEnumerable<TestCaseData> SingleBiasCases()
        {
            var all = TfjsCases().Select(c => (string)c.Arguments[0]!).ToArray();
            if (all.Length == 1 && all[0].Length == 0) return TfjsCases();
            return all.Where(n => { var c = TfjsStep.Load(n); return !(c.Cell == RecurrentCellKind.Gru && c.ResetAfter); })
                .Select(n => new TestCaseData(n).SetArgDisplayNames(n));
        }

        [Test]
        public void SingleBiasCases_CoverLstmSimpleRnnAndGruResetBefore()
        {
            var cells = SingleBiasCases().Select(c => (string)c.Arguments[0]!).Where(n => n.Length > 0).Select(n => TfjsStep.Load(n).Cell).Distinct().ToArray();
            Assert.That(cells, Is.EquivalentTo(new[] { RecurrentCellKind.Lstm, RecurrentCellKind.Rnn, RecurrentCellKind.Gru }));
        }

        [TestCaseSource(nameof(SingleBiasCases))]
        public void SingleBias_Backward_WbGradientIsKerasBiasGradient_RbGetsNone(string caseName)
        {
            var step = LoadOrFail(caseName);
            var tm = RawForwardBackward(step, out _, singleBias: true);

            var expected = step.InOurLayout(TfjsStep.Stage.Gradient, singleBias: true);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName} (single bias): d{name}", tm.Parameter(name).Gradient, expected[name], GradientAbsTolerance, GradientRelTolerance);
            AssertRbExactlyZero($"{caseName}: dRb", tm.Parameter(RecurrentName + "/B").Gradient, step);
        }

        [TestCaseSource(nameof(SingleBiasCases))]
        public void SingleBias_AdamStep_BiasMovesAsKerasBias_RbStaysExactlyZero(string caseName)
        {
            var step = LoadOrFail(caseName);
            var tm = RawForwardBackward(step, out _, singleBias: true);

            NewTfjsAdam(step).Step(tm.Parameters);

            var expected = step.InOurLayout(TfjsStep.Stage.After, singleBias: true);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName} (single bias): {name} after one Adam step", tm.Parameter(name).Value.Data, expected[name], WeightAbsTolerance, 0);
            AssertRbExactlyZero($"{caseName}: Rb after one Adam step", tm.Parameter(RecurrentName + "/B").Value.Data, step);
            // The effective bias Wb + Rb moved by Keras' step, not twice it (what the two-bias form does).
            float[] before = step.InOurLayout(TfjsStep.Stage.Before)[RecurrentName + "/B"];
            float[] after = tm.Parameter(RecurrentName + "/B").Value.Data;
            float[] keras = expected[RecurrentName + "/B"];
            int GH = after.Length / 2;
            for (int j = 0; j < GH; j++)
            {
                double ours = (double)after[j] + after[GH + j] - before[j] - before[GH + j], theirs = (double)keras[j] - before[j];
                Assert.That(ours, Is.EqualTo(theirs).Within(WeightAbsTolerance), $"{caseName}: effective bias step [{j}]");
            }
        }

        [TestCaseSource(nameof(SingleBiasCases))]
        public void SingleBias_TrainerTrainOnBatch_MatchesTfjs(string caseName)
        {
            var step = LoadOrFail(caseName);
            var trainer = new Trainer(step.BuildModel(singleBias: true), NewTfjsAdam(step), new SparseCategoricalCrossEntropy(),
                options: new TrainerOptions { Shuffle = false });
            var data = SequenceDataset.FromFeatures(step.X, step.Batch, step.Time, step.Input, step.TargetsAsFloats(), 1,
                lengths: step.Lengths);

            double loss = trainer.TrainOnBatch(data, Enumerable.Range(0, step.Batch).ToArray());

            Assert.That(loss, Is.EqualTo(step.Loss).Within(LossTolerance), $"{caseName}: TrainOnBatch loss");
            var expected = step.InOurLayout(TfjsStep.Stage.After, singleBias: true);
            foreach (var name in expected.Keys)
                AssertClose($"{caseName} (single bias): {name} after TrainOnBatch", trainer.Graph.Parameter(name).Value.Data, expected[name], WeightAbsTolerance, 0);
            AssertRbExactlyZero($"{caseName}: Rb after TrainOnBatch", trainer.Graph.Parameter(RecurrentName + "/B").Value.Data, step);
        }

        private static void AssertRbExactlyZero(string what, float[] b, TfjsStep step)
        {
            int GH = RecurrentOpAttributes.GateCountOf(step.Cell) * step.Hidden;
            Assert.That(b.Length, Is.EqualTo(2 * GH), what + ": length");
            for (int j = GH; j < 2 * GH; j++)
                Assert.That(BitConverter.SingleToInt32Bits(b[j]), Is.EqualTo(0), $"{what}[{j - GH}] = {b[j]:R}, not +0");
        }

        [Test]
        public void AdamWithKerasEpsilonPlacement_WouldNotMatchTfjs()
        {
            // Guards the claim that tf.train.adam is the PyTorch form lr·m̂/(√v̂ + ε) (tfjs-core adam_optimizer.js:
            // div(biasCorrectedFirstMoment, add(sqrt(biasCorrectedSecondMoment), epsilon))): with Keras' ε̂ form the
            // smallest gradients of lstm-full (|g| ≈ 1.5e-6, comparable to ε/√(1−β2) ≈ 3.2e-6) step much less far.
            var step = LoadOrFail("lstm-full");
            var tm = RawForwardBackward(step, out _);
            new Adam(step.LearningRate, step.Beta1, step.Beta2, step.Epsilon, convention: OptimizerConvention.Keras).Step(tm.Parameters);

            double worst = 0;
            foreach (var pair in step.InOurLayout(TfjsStep.Stage.After))
            {
                float[] actual = tm.Parameter(pair.Key).Value.Data;
                for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - pair.Value[i]));
            }
            Assert.That(worst, Is.GreaterThan(100 * WeightAbsTolerance),
                "The Keras ε placement should be distinguishable from TF.js' on this fixture; if not, the Adam tests prove nothing about ε.");
        }

        private static TrainableModel RawForwardBackward(TfjsStep step, out float loss, bool singleBias = false)
        {
            var tm = new TrainableModel(step.BuildModel(singleBias));
            float[] y = tm.Forward(step.Time, step.Batch, step.Lengths, step.TimeMajorInput(), null);
            var dOut = new float[step.Batch * step.Classes];
            loss = new SparseCategoricalCrossEntropy().Forward(y, step.TargetsAsFloats(), step.Batch, step.Classes, default, dOut);
            tm.ZeroGradients();
            tm.Backward(dOut);
            return tm;
        }

        /// <summary>tf.train.adam(lr, β1, β2, ε): ε outside the bias-corrected √v̂, i.e. our PyTorch convention.</summary>
        private static Adam NewTfjsAdam(TfjsStep step) =>
            new Adam(step.LearningRate, step.Beta1, step.Beta2, step.Epsilon, convention: OptimizerConvention.PyTorch);

        private static TfjsStep LoadOrFail(string caseName)
        {
            Assert.That(caseName, Is.Not.Empty,
                $"No TF.js fixtures in {FixtureDirectory}; run Tests/Tools~/tfjs-step/generate.mjs (see its README.md).");
            return TfjsStep.Load(caseName);
        }

        /// <summary>Passes when |a − e| ≤ abs + rel·|e| everywhere; the message names the worst index and both values.</summary>
        private static void AssertClose(string what, float[] actual, float[] expected, double abs, double rel) =>
            TfjsFixtures.AssertClose(what, actual, expected, abs, rel);

        /// <summary>One fixture: model, data and the TF.js results, in Keras layout as written by generate.mjs.</summary>
        private sealed class TfjsStep
        {
            public enum Stage { Before, Gradient, After }

            private readonly Dictionary<string, Dictionary<Stage, float[]>> _keras = new Dictionary<string, Dictionary<Stage, float[]>>(StringComparer.Ordinal);

            public string Name = "";
            public string TfjsVersion = "";
            public RecurrentCellKind Cell;
            public bool ResetAfter;
            public int Batch, Time, Input, Hidden, Classes;
            public int[]? Lengths;
            public float[] X = Array.Empty<float>();          // [B, T, I]
            public int[] Targets = Array.Empty<int>();        // [B]
            public float[] Probabilities = Array.Empty<float>(); // [B, C]
            public float Loss;
            public float LearningRate, Beta1, Beta2, Epsilon;

            public static TfjsStep Load(string caseName)
            {
                string path = Path.Combine(FixtureDirectory, caseName + ".json");
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                string cell = root.GetProperty("cell").GetString()!;
                var step = new TfjsStep
                {
                    Name = caseName,
                    TfjsVersion = root.GetProperty("tfjs").GetProperty("tfjs-layers").GetString()!,
                    Cell = cell == "lstm" ? RecurrentCellKind.Lstm : cell == "gru" ? RecurrentCellKind.Gru : cell == "rnn"
                        ? RecurrentCellKind.Rnn : throw new InvalidDataException($"{path}: unknown cell '{cell}'."),
                    ResetAfter = root.GetProperty("resetAfter").ValueKind == JsonValueKind.True,
                    Batch = root.GetProperty("batch").GetInt32(),
                    Time = root.GetProperty("time").GetInt32(),
                    Input = root.GetProperty("input").GetInt32(),
                    Hidden = root.GetProperty("hidden").GetInt32(),
                    Classes = root.GetProperty("classes").GetInt32(),
                    Lengths = root.GetProperty("lengths").ValueKind == JsonValueKind.Null
                        ? null : root.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
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

            private int GateCount => RecurrentOpAttributes.GateCountOf(Cell);

            /// <summary>Keras' weights before the step, converted by GateLayoutConverter.FromKeras (Rb = 0 for one-bias cells).</summary>
            public Model BuildModel(bool singleBias = false)
            {
                var ours = InOurLayout(Stage.Before);
                int GH = GateCount * Hidden;
                var attributes = new RecurrentOpAttributes { Cell = Cell, HiddenSize = Hidden, LinearBeforeReset = Cell == RecurrentCellKind.Gru && ResetAfter };
                var recurrent = new RecurrentLayer(RecurrentName, attributes,
                    new Tensor(ours[RecurrentName + "/W"], 1, GH, Input),   // [1, G*H, I]
                    new Tensor(ours[RecurrentName + "/R"], 1, GH, Hidden),  // [1, G*H, H]
                    new Tensor(ours[RecurrentName + "/B"], 1, 2 * GH),      // [1, 2*G*H]
                    null, returnSequences: false, singleBias: singleBias);
                var dense = new DenseLayer(DenseName, new Tensor(ours[DenseName + "/kernel"], Hidden, Classes), new Tensor(ours[DenseName + "/bias"], Classes),
                    Activation.Identity);
                return new Model(new Layer[] { recurrent, dense, new SoftmaxLayer("softmax", Classes) });
            }

            /// <summary>
            /// The Keras tensors of one stage in our parameter layout, keyed by our parameter names. Single-bias cells
            /// get the Rb half described in the file header (gradient: = Wb's; after: bias_after − bias_before) unless
            /// <paramref name="singleBias"/>: then B is exactly Keras' bias as Wb with Rb = 0 at every stage.
            /// </summary>
            public Dictionary<string, float[]> InOurLayout(Stage stage, bool singleBias = false)
            {
                int GH = GateCount * Hidden;
                bool twoBiases = Cell == RecurrentCellKind.Gru && ResetAfter;
                bool asKeras = twoBiases || singleBias;   // B holds exactly Keras' bias (and recurrent bias) at every stage
                var w = GateLayoutConverter.FromKeras(Cell, Input, Hidden, Keras("recurrent/kernel", stage),
                    Keras("recurrent/recurrent_kernel", stage), Keras("recurrent/bias", stage), ResetAfter);
                float[] b = w.B!;
                if (!asKeras && stage == Stage.Gradient) Array.Copy(b, 0, b, GH, GH);
                if (!asKeras && stage == Stage.After)
                {
                    float[] before = GateLayoutConverter.FromKeras(Cell, Input, Hidden, Keras("recurrent/kernel", Stage.Before),
                        Keras("recurrent/recurrent_kernel", Stage.Before), Keras("recurrent/bias", Stage.Before), ResetAfter).B!;
                    for (int i = 0; i < GH; i++) b[GH + i] = b[i] - before[i];
                }
                return new Dictionary<string, float[]>(StringComparer.Ordinal)
                {
                    [RecurrentName + "/W"] = w.W,
                    [RecurrentName + "/R"] = w.R,
                    [RecurrentName + "/B"] = b,
                    [DenseName + "/kernel"] = Keras("dense/kernel", stage),   // Dense kernel [H, C] is the same in both
                    [DenseName + "/bias"] = Keras("dense/bias", stage),
                };
            }

            /// <summary>x [B, T, I] → [T, B, I] for TrainableModel.Forward.</summary>
            public float[] TimeMajorInput()
            {
                var xt = new float[X.Length];
                for (int b = 0; b < Batch; b++)
                    for (int t = 0; t < Time; t++)
                        Array.Copy(X, (b * Time + t) * Input, xt, (t * Batch + b) * Input, Input);
                return xt;
            }

            public float[] TargetsAsFloats() => Targets.Select(t => (float)t).ToArray();

            private float[] Keras(string name, Stage stage) =>
                _keras.TryGetValue(name, out var stages) ? (float[])stages[stage].Clone()
                    : throw new InvalidDataException($"{Name}: the fixture has no weight '{name}'.");

            private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        }
    }
}
