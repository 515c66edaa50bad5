// Keras mask semantics in training: a masked step neither updates the state nor adds to the loss or any gradient, so
// the same rows laid out pre-padded, post-padded or with holes (mask), post-padded with lengths, or unpadded one by one
// give the same loss, every parameter gradient, the same updated weights, metrics and predictions. The reference is
// the lengths path (itself checked by finite differences and TensorFlow.js) and the unpadded single row.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class MaskedTrainingTests
    {
        private const int T = 7, I = 3, Classes = 3, Vocabulary = 9;
        private static readonly int[] s_lengths = { 5, 2, 7, 1, 4 };

        // Compaction hands the layers exactly the batch the lengths path builds (padded steps contribute exact zeros to
        // every sum), so the results are expected to be bit-identical, not merely close.
        private const double Exact = 0;

        private static bool IsTokens(string config) => config.StartsWith("tokens", StringComparison.Ordinal);

        private static bool IsPerStep(string config) => config.Contains("seq");

        private static Model Build(string config)
        {
            const ulong seed = 11;
            var gruBidirectional = new RecurrentOpAttributes { Cell = RecurrentCellKind.Gru, HiddenSize = 4, Direction = RecurrentDirection.Bidirectional };
            var lstm = new RecurrentOpAttributes { Cell = RecurrentCellKind.Lstm, HiddenSize = 5 };
            switch (config)
            {
                case "lstm": return new ModelBuilder(I, seed).Lstm(5, returnSequences: false).Dense(Classes).Softmax().Build();
                case "gru-reset-before": return new ModelBuilder(I, seed).Gru(5, returnSequences: false, linearBeforeReset: false).Dense(Classes).Softmax().Build();
                case "gru-reset-after": return new ModelBuilder(I, seed).Gru(5, returnSequences: false).Dense(Classes).Softmax().Build();
                case "simplernn": return new ModelBuilder(I, seed).SimpleRnn(5, returnSequences: false).Dense(Classes).Softmax().Build();
                case "bidirectional-lstm-concat":
                    return new ModelBuilder(I, seed).Lstm(4, returnSequences: false, direction: RecurrentDirection.Bidirectional).Dense(Classes).Softmax().Build();
                case "bidirectional-gru-sum":
                    return new ModelBuilder(I, seed).Recurrent(gruBidirectional, returnSequences: false, merge: BidirectionalMerge.Sum).Dense(Classes).Softmax().Build();
                case "stacked-lstm-bigru":
                    return new ModelBuilder(I, seed).Lstm(4).Gru(4, returnSequences: false, direction: RecurrentDirection.Bidirectional).Dense(Classes).Softmax().Build();
                case "lstm-dropout":
                    return new ModelBuilder(I, seed).Recurrent(lstm, returnSequences: false, dropout: 0.2f, recurrentDropout: 0.3f).Dropout(0.25f).Dense(Classes).Softmax().Build();
                case "tokens-gru": return ModelBuilder.ForTokens(Vocabulary, 3, seed).Gru(5, returnSequences: false).Dense(Classes).Softmax().Build();
                case "tokens-stacked-birnn-lstm":
                    return ModelBuilder.ForTokens(Vocabulary, 3, seed).SimpleRnn(4, direction: RecurrentDirection.Bidirectional).Lstm(4, returnSequences: false)
                        .Dense(Classes).Softmax().Build();
                case "seq-lstm": return new ModelBuilder(I, seed).Lstm(5).Dense(Classes).Softmax().Build();
                case "seq-bidirectional-gru":
                    return new ModelBuilder(I, seed).Gru(4, direction: RecurrentDirection.Bidirectional).Dense(Classes).Softmax().Build();
                case "tokens-seq-stacked":
                    return ModelBuilder.ForTokens(Vocabulary, 3, seed).Lstm(4).SimpleRnn(4, direction: RecurrentDirection.Bidirectional).Dense(Classes).Softmax().Build();
                default: throw new ArgumentException(config);
            }
        }

        private static readonly string[] s_configs =
        {
            "lstm", "gru-reset-before", "gru-reset-after", "simplernn", "bidirectional-lstm-concat", "bidirectional-gru-sum",
            "stacked-lstm-bigru", "lstm-dropout", "tokens-gru", "tokens-stacked-birnn-lstm",
            "seq-lstm", "seq-bidirectional-gru", "tokens-seq-stacked",
        };

        public static IEnumerable<TestCaseData> ConfigsAndLayouts()
        {
            foreach (var c in s_configs)
                foreach (var layout in new[] { "post-mask", "pre-mask", "holes-mask" })
                    yield return new TestCaseData(c, layout).SetName($"MaskedBatch_EqualsPostPaddedLengths({c}, {layout})");
        }

        public static IEnumerable<TestCaseData> Configs()
        {
            foreach (var c in s_configs) yield return new TestCaseData(c);
        }

        /// <summary>Configs whose dropout masks cannot depend on the batch size (they are drawn per row in order).</summary>
        public static IEnumerable<TestCaseData> ConfigsWithoutDropout()
        {
            foreach (var c in s_configs)
                if (!c.Contains("dropout")) yield return new TestCaseData(c);
        }

        private static MaskedRows Rows(string config, int[] lengths) =>
            IsTokens(config) ? MaskedRows.OfTokens(lengths, Vocabulary, Classes, 5) : MaskedRows.OfFeatures(lengths, I, Classes, 5);

        private static int[][] Layout(string layout, int[] lengths) =>
            layout == "post-mask" ? MaskedRows.Post(lengths) : layout == "pre-mask" ? MaskedRows.Pre(lengths, T) : MaskedRows.Holes(lengths, T);

        [TestCaseSource(nameof(ConfigsAndLayouts))]
        public void MaskedBatch_EqualsPostPaddedLengths(string config, string layout)
        {
            var rows = Rows(config, s_lengths);
            bool perStep = IsPerStep(config);
            var positions = Layout(layout, s_lengths);
            var expected = OneStep(config, rows.Dataset(MaskedRows.Post(s_lengths), T, useLengths: true, perStep), MaskedRows.Post(s_lengths));
            var actual = OneStep(config, rows.Dataset(positions, T, useLengths: false, perStep), positions);
            expected.AssertEqual(actual, $"{config}, {layout} vs post-padded lengths");
        }

        [TestCaseSource(nameof(Configs))]
        public void UnpaddedSingleRow_EqualsTheSameRowPaddedWithHoles(string config)
        {
            var rows = Rows(config, new[] { 5 }).Row(0);
            bool perStep = IsPerStep(config);
            var positions = new[] { new[] { 1, 2, 4, 5, 6 } };   // one leading pad, one hole
            var unpadded = OneStep(config, rows.Unpadded(0, perStep), MaskedRows.Post(new[] { 5 }));
            var masked = OneStep(config, rows.Dataset(positions, T, useLengths: false, perStep), positions);
            unpadded.AssertEqual(masked, $"{config}: unpadded row vs the row masked in {T} steps");
        }

        [TestCaseSource(nameof(ConfigsWithoutDropout))]
        public void FullyMaskedRow_ChangesNoLossOrGradient_AndPredictsFromAZeroState(string config)
        {
            bool perStep = IsPerStep(config);
            var with = Rows(config, new[] { 4, 0, 6 });
            var withPositions = MaskedRows.Pre(with.Lengths, T);
            var stepWith = OneStep(config, with.Dataset(withPositions, T, useLengths: false, perStep), withPositions);

            // The same batch without row 1, and row 1 alone through lengths (length 0): what a zero state predicts.
            var without = with.Subset(0, 2);
            var withoutPositions = MaskedRows.Pre(without.Lengths, T);
            var stepWithout = OneStep(config, without.Dataset(withoutPositions, T, useLengths: false, perStep), withoutPositions);
            Assert.That(stepWith.Loss, Is.EqualTo(stepWithout.Loss), $"{config}: loss");
            for (int p = 0; p < stepWith.Gradients.Length; p++)
                TestData.AssertClose(stepWith.Gradients[p], stepWithout.Gradients[p], Exact, 0, $"{config}: gradient {stepWith.Names[p]}");

            var zeroState = Build(config).Compile(new Sgd(0.1f), new SparseCategoricalCrossEntropy())
                .Predict(with.Row(1).Dataset(new[] { new int[0] }, T, useLengths: true, perStep));
            int O = Classes, per = perStep ? T * O : O;
            TestData.AssertClose(new ReadOnlySpan<float>(stepWith.RawPredictions, per, per), zeroState, Exact, 0, $"{config}: prediction of the fully masked row");
            if (perStep)
                Assert.That(Array.TrueForAll(zeroState, v => v == 0f), Is.True, $"{config}: sequence outputs of a fully masked row are 0");
        }

        [Test]
        public void OnlyFullyMaskedRows_GiveZeroLossAndGradients_AndLeaveTheWeights()
        {
            var rows = Rows("bidirectional-lstm-concat", new[] { 0, 0 });
            var data = rows.Dataset(MaskedRows.Pre(rows.Lengths, T), T, useLengths: false, perStep: false);
            var trainer = Build("bidirectional-lstm-concat").Compile(new Adam(0.1f), new SparseCategoricalCrossEntropy());
            var before = trainer.SnapshotWeights();
            double loss = trainer.TrainOnBatch(data, new[] { 0, 1 });
            Assert.That(loss, Is.EqualTo(0.0), "loss of a batch with no valid step");
            foreach (var p in trainer.Graph.Parameters)
                Assert.That(Array.TrueForAll(p.Gradient, g => g == 0f), Is.True, $"gradient of {p.Name}");
            var after = trainer.SnapshotWeights();
            for (int i = 0; i < before.Length; i++) Assert.That(after[i], Is.EqualTo(before[i]), $"weight {trainer.Graph.Parameters[i].Name}");
        }

        [TestCase("pre-mask")]
        [TestCase("holes-mask")]
        public void Fit_WithMaskedTrainingAndValidationData_EqualsFitOnPostPaddedLengths(string layout)
        {
            // Shuffled mini-batches, sample weights, validation and metrics: the whole loop, Adam over two epochs.
            var lengths = new[] { 5, 2, 7, 1, 4, 6, 3, 7, 2 };
            var weights = new[] { 1f, 0.5f, 2f, 1f, 0f, 1.5f, 1f, 0.25f, 1f };
            var rows = Rows("stacked-lstm-bigru", lengths);
            var val = Rows("stacked-lstm-bigru", new[] { 3, 7, 1 });
            var expected = FitTwoEpochs(rows.Dataset(MaskedRows.Post(lengths), T, true, false, weights),
                val.Dataset(MaskedRows.Post(val.Lengths), T, true, false), false);
            var actual = FitTwoEpochs(rows.Dataset(Layout(layout, lengths), T, false, false, weights),
                val.Dataset(Layout(layout, val.Lengths), T, false, false), false);
            AssertSameFit(expected, actual, layout);
        }

        [Test]
        public void StatefulFit_WithPrePaddedMask_EqualsStatefulFitOnPostPaddedLengths()
        {
            // Keras: a masked step carries the state unchanged, so the state handed to the next batch is the state after
            // each row's last valid step, exactly what lengths give; a stateful mask run is therefore allowed.
            var lengths = new[] { 5, 2, 7, 1, 4, 6, 3, 7 };
            var rows = Rows("lstm", lengths);
            var expected = FitTwoEpochs(rows.Dataset(MaskedRows.Post(lengths), T, true, false), null, true);
            var actual = FitTwoEpochs(rows.Dataset(MaskedRows.Pre(lengths, T), T, false, false), null, true);
            AssertSameFit(expected, actual, "stateful pre-mask");
        }

        [Test]
        public void Evaluate_MaskedPerStepTargets_CountsOnlyValidSteps()
        {
            // Hand-checkable: per-step accuracy over valid steps only; padded positions hold class −1 (invalid if read).
            var rows = Rows("seq-lstm", s_lengths);
            var positions = MaskedRows.Holes(s_lengths, T);
            var trainer = Build("seq-lstm").Compile(new Sgd(0.1f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            var data = rows.Dataset(positions, T, useLengths: false, perStep: true);
            var logs = trainer.Evaluate(data, batchSize: 2);
            var predicted = trainer.Predict(data);
            int valid = 0, correct = 0;
            double loss = 0;
            for (int r = 0; r < rows.Count; r++)
                for (int j = 0; j < positions[r].Length; j++)
                {
                    int t = positions[r][j], k = (int)rows.StepTargets[r][j];
                    var p = new ReadOnlySpan<float>(predicted, (r * T + t) * Classes, Classes);
                    int arg = 0;
                    for (int c = 1; c < Classes; c++) if (p[c] > p[arg]) arg = c;
                    if (arg == k) correct++;
                    loss -= Math.Log(p[k]);
                    valid++;
                }
            Assert.That(logs["accuracy"], Is.EqualTo((double)correct / valid).Within(1e-12), "accuracy over valid steps");
            // Predict (inference kernels) and Evaluate (training kernels) round differently; 1e-5 is float noise.
            Assert.That(logs["loss"], Is.EqualTo(loss / valid).Within(1e-5), "mean cross-entropy over valid steps");
        }

        [Test]
        public void TrainOnBatch_MaskedBatches_AllocateNothingInSteadyState()
        {
            var rows = Rows("bidirectional-gru-sum", s_lengths);
            var data = rows.Dataset(MaskedRows.Holes(s_lengths, T), T, useLengths: false, perStep: false);
            var trainer = Build("bidirectional-gru-sum").Compile(new Adam(0.01f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            var batch = new[] { 0, 1, 2, 3, 4 };
            for (int i = 0; i < 3; i++) trainer.TrainOnBatch(data, batch);
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 10; i++) trainer.TrainOnBatch(data, batch);
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 10 masked training steps");
        }

        /// <summary>Predictions, evaluation, one SGD step's loss, gradients and weights of a fresh model on all rows.</summary>
        private static StepResult OneStep(string config, SequenceDataset data, int[][] positions)
        {
            var trainer = Build(config).Compile(new Sgd(0.1f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            var result = new StepResult { RawPredictions = trainer.Predict(data) };
            result.Predictions = Compact(result.RawPredictions, positions, IsPerStep(config), data.Time);
            var logs = trainer.Evaluate(data, batchSize: 2);
            result.EvalLoss = logs["loss"];
            result.Accuracy = logs["accuracy"];
            var all = new int[data.Count];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            result.Loss = trainer.TrainOnBatch(data, all);
            var p = trainer.Graph.Parameters;
            result.Names = new string[p.Count];
            result.Gradients = new float[p.Count][];
            for (int i = 0; i < p.Count; i++)
            {
                result.Names[i] = p[i].Name;
                result.Gradients[i] = (float[])p[i].Gradient.Clone();
            }
            result.Weights = trainer.SnapshotWeights();
            return result;
        }

        /// <summary>
        /// Sequence predictions [N, T, O] moved to post-padded form [N, len, O] per row (and checked to be 0 at masked
        /// steps); per-sample predictions unchanged.
        /// </summary>
        private static float[][] Compact(float[] predictions, int[][] positions, bool perStep, int time)
        {
            const int O = Classes;
            var rows = new float[positions.Length][];
            for (int r = 0; r < positions.Length; r++)
            {
                if (!perStep)
                {
                    rows[r] = new ReadOnlySpan<float>(predictions, r * O, O).ToArray();
                    continue;
                }
                rows[r] = new float[positions[r].Length * O];
                var valid = new bool[time];
                for (int j = 0; j < positions[r].Length; j++)
                {
                    valid[positions[r][j]] = true;
                    Array.Copy(predictions, (r * time + positions[r][j]) * O, rows[r], j * O, O);
                }
                for (int t = 0; t < time; t++)
                    for (int o = 0; o < O && !valid[t]; o++)
                        Assert.That(predictions[(r * time + t) * O + o], Is.EqualTo(0f), $"prediction at masked step [{r}, {t}]");
            }
            return rows;
        }

        private sealed class StepResult
        {
            public float[] RawPredictions = Array.Empty<float>();
            public float[][] Predictions = Array.Empty<float[]>();
            public double EvalLoss, Accuracy, Loss;
            public string[] Names = Array.Empty<string>();
            public float[][] Gradients = Array.Empty<float[]>();
            public float[][] Weights = Array.Empty<float[]>();

            public void AssertEqual(StepResult actual, string what)
            {
                Assert.That(actual.Loss, Is.EqualTo(Loss), what + ": TrainOnBatch loss");
                Assert.That(actual.EvalLoss, Is.EqualTo(EvalLoss), what + ": Evaluate loss");
                Assert.That(actual.Accuracy, Is.EqualTo(Accuracy), what + ": Evaluate accuracy");
                for (int r = 0; r < Predictions.Length; r++)
                    TestData.AssertClose(actual.Predictions[r], Predictions[r], Exact, 0, $"{what}: predictions of row {r}");
                for (int p = 0; p < Gradients.Length; p++)
                {
                    Assert.That(actual.Names[p], Is.EqualTo(Names[p]));
                    TestData.AssertClose(actual.Gradients[p], Gradients[p], Exact, 0, $"{what}: gradient of {Names[p]}");
                    TestData.AssertClose(actual.Weights[p], Weights[p], Exact, 0, $"{what}: {Names[p]} after the step");
                }
                bool anyGradient = false;
                foreach (var g in Gradients) anyGradient |= Array.Exists(g, v => v != 0f);
                Assert.That(anyGradient, Is.True, what + ": the step produced gradients (a vacuous comparison proves nothing)");
            }
        }

        private static (TrainingHistory history, float[][] weights) FitTwoEpochs(SequenceDataset train, SequenceDataset? validation, bool stateful)
        {
            var options = new TrainerOptions { Seed = 17, Stateful = stateful, Shuffle = !stateful };
            var trainer = Build(stateful ? "lstm" : "stacked-lstm-bigru").Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy(),
                new Metric[] { new Accuracy() }, options);
            var history = trainer.Fit(train, epochs: 2, batchSize: stateful ? 4 : 2, validation: validation);
            return (history, trainer.SnapshotWeights());
        }

        private static void AssertSameFit((TrainingHistory history, float[][] weights) expected, (TrainingHistory history, float[][] weights) actual, string what)
        {
            foreach (var key in new[] { "loss", "accuracy" })
                Assert.That(actual.history.Values(key), Is.EqualTo(expected.history.Values(key)), $"{what}: history '{key}'");
            if (!double.IsNaN(expected.history.Values("val_loss")[0]))
                Assert.That(actual.history.Values("val_loss"), Is.EqualTo(expected.history.Values("val_loss")), $"{what}: history 'val_loss'");
            for (int i = 0; i < expected.weights.Length; i++)
                TestData.AssertClose(actual.weights[i], expected.weights[i], Exact, 0, $"{what}: weight {i} after Fit");
        }
    }
}
