// The fit loop: it learns, it is bit-for-bit repeatable from a seed, RunFor slices give the same result as Fit,
// non-finite steps are skipped with the last good weights kept, early stopping restores the best weights, frozen
// layers stay frozen, stateful training carries state, and published snapshots swap into running sessions.
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Kernels;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class TrainerFitTests
    {
        /// <summary>Class = sign of the running sum of feature 0 over the valid steps (needs memory across steps).</summary>
        private static SequenceDataset Toy(int count, ulong seed, bool withLengths = false)
        {
            const int T = 8, I = 2;
            var x = TestData.Uniform(seed, count * T * I);
            var y = new float[count];
            var lengths = withLengths ? new int[count] : null;
            for (int n = 0; n < count; n++)
            {
                int len = withLengths ? 4 + n % 5 : T;
                if (lengths != null) lengths[n] = len;
                double sum = 0;
                for (int t = 0; t < len; t++) sum += x[(n * T + t) * I];
                y[n] = sum > 0 ? 1f : 0f;
            }
            return SequenceDataset.FromFeatures(x, count, T, I, y, 1, lengths: lengths);
        }

        private static Trainer NewTrainer(ulong seed = 3, float lr = 0.02f, TrainerOptions? options = null) =>
            new ModelBuilder(2, seed).Gru(16, returnSequences: false).Dense(2).Softmax().Build()
                .Compile(new Adam(lr), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() }, options);

        [Test]
        public void Fit_LearnsAMemoryTask_ValidationAccuracyAbove90Percent()
        {
            var trainer = NewTrainer(lr: 0.03f);
            var history = trainer.Fit(Toy(512, 1, withLengths: true), epochs: 25, batchSize: 32, validation: Toy(256, 2, withLengths: true));
            var acc = history.Values("val_accuracy");
            Assert.That(acc[acc.Length - 1], Is.GreaterThan(0.9), "validation accuracy per epoch: " + string.Join(", ", acc));
            var loss = history.Values("loss");
            Assert.That(loss[loss.Length - 1], Is.LessThan(loss[0]), "training loss went down");
        }

        [Test]
        public void Fit_SameSeed_IsBitForBitRepeatable()
        {
            var a = NewTrainer();
            var b = NewTrainer();
            a.Fit(Toy(96, 4), epochs: 2, batchSize: 16);
            b.Fit(Toy(96, 4), epochs: 2, batchSize: 16);
            var wa = a.SnapshotWeights();
            var wb = b.SnapshotWeights();
            for (int i = 0; i < wa.Length; i++) Assert.That(wb[i], Is.EqualTo(wa[i]), $"weight {a.Graph.Parameters[i].Name}");
        }

        [Test]
        public void RunFor_InSmallSlices_GivesExactlyTheWeightsOfFit()
        {
            var train = Toy(80, 5);
            var val = Toy(32, 6);
            var whole = NewTrainer();
            whole.Fit(train, epochs: 3, batchSize: 16, validation: val);

            var sliced = NewTrainer();
            sliced.BeginFit(train, epochs: 3, batchSize: 16, validation: val);
            int calls = 0;
            while (sliced.IsFitting && calls < 10_000)
            {
                sliced.RunFor(TimeSpan.FromMilliseconds(0.01));   // at least one unit per call
                calls++;
            }
            Assert.That(calls, Is.GreaterThan(10), "training was spread over many slices");
            var ww = whole.SnapshotWeights();
            var ws = sliced.SnapshotWeights();
            for (int i = 0; i < ww.Length; i++) Assert.That(ws[i], Is.EqualTo(ww[i]), $"weight {whole.Graph.Parameters[i].Name}");
            Assert.That(sliced.History!.Values("val_loss"), Is.EqualTo(whole.History!.Values("val_loss")));
        }

        [Test]
        public void NonFiniteInput_SkipsTheStep_KeepsFiniteWeights_AndReportsIt()
        {
            var data = Toy(32, 7);
            data.Inputs![5] = float.NaN;                       // sample 0
            var trainer = NewTrainer(options: new TrainerOptions { Shuffle = false });
            var reported = new List<int>();
            var history = trainer.Fit(data, epochs: 1, batchSize: 8, callbacks: new TrainingCallback[] { new NonFiniteRecorder(reported) });
            Assert.That(history.NonFiniteSteps, Is.EqualTo(1));
            Assert.That(reported, Is.EqualTo(new[] { 0 }), "batch reported as non-finite");
            foreach (var p in trainer.Graph.Parameters)
                Assert.That(GradientClipping.AllFinite(p.Value.Data), Is.True, p.Name);
        }

        [Test]
        public void EarlyStopping_RestoresTheBestEpochsWeights()
        {
            var trainer = NewTrainer();
            var capture = new EpochWeights();
            // Monitoring the training loss with mode Max: epoch 0 is "best" and nothing later improves on it.
            var stop = new EarlyStopping("loss", patience: 1, mode: PlateauMode.Max, restoreBestWeights: true);
            var history = trainer.Fit(Toy(64, 8), epochs: 10, batchSize: 16, callbacks: new TrainingCallback[] { capture, stop });
            Assert.That(history.StoppedEarly, Is.True);
            Assert.That(stop.BestEpoch, Is.EqualTo(0));
            Assert.That(history.Epochs.Count, Is.EqualTo(3), "epochs run before stopping (best + patience + 1)");
            var now = trainer.SnapshotWeights();
            for (int i = 0; i < now.Length; i++) Assert.That(now[i], Is.EqualTo(capture.Weights[0][i]), "restored weight " + i);
        }

        [Test]
        public void FrozenLayers_DoNotChange_WhileTheHeadTrains()
        {
            var trainer = NewTrainer();
            trainer.Graph.SetTrainable(false, "gru_1");
            var before = trainer.SnapshotWeights();
            trainer.Fit(Toy(64, 9), epochs: 2, batchSize: 16);
            var after = trainer.SnapshotWeights();
            var names = trainer.Graph.Parameters;
            for (int i = 0; i < before.Length; i++)
            {
                if (names[i].Name.StartsWith("gru_1/", StringComparison.Ordinal))
                    Assert.That(after[i], Is.EqualTo(before[i]), names[i].Name + " is frozen");
                else
                    Assert.That(after[i], Is.Not.EqualTo(before[i]), names[i].Name + " trains");
            }
        }

        [Test]
        public void Stateful_CarriesStateAcrossBatches_LikeOneLongSequence()
        {
            var model = new ModelBuilder(2, 11).Lstm(6).Dense(3).Build();
            var tm = new TrainableModel(model) { Stateful = true };
            var full = TestData.Uniform(3, 10 * 2);                  // one row, T = 10
            var whole = (float[])new TrainableModel(model).Forward(10, 1, null, full, null, training: false).Clone();
            tm.Forward(6, 1, null, full.AsSpan(0, 12).ToArray(), null, training: false);
            var second = tm.Forward(4, 1, null, full.AsSpan(12, 8).ToArray(), null, training: false);
            TestData.AssertClose(second.AsSpan(0, 4 * 3), whole.AsSpan(6 * 3, 4 * 3), 1e-6, 0, "second chunk continues the first");
        }

        [Test]
        public void Publish_SwapsWeightsIntoARunningSession_KeepingItsState()
        {
            var trainer = NewTrainer();
            var session = trainer.Publish().CreateSession();
            var x = TestData.Uniform(12, 2);
            var before = new float[2];
            session.Step(x, before);
            var state = new float[session.StateLength];
            session.GetState(state);

            trainer.Fit(Toy(64, 10), epochs: 1, batchSize: 16);
            var published = trainer.Publish();
            session.UseModel(published);
            var afterSwap = new float[2];
            session.Step(x, afterSwap);

            var fresh = published.CreateSession();
            fresh.SetState(state);
            var expected = new float[2];
            fresh.Step(x, expected);
            Assert.That(afterSwap, Is.EqualTo(expected), "swapped session = new weights with the old state");
        }

        [Test]
        public void ModelCheckpoint_SavesTheBestEpoch_AndTrainingResumesFromTheFile()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recurrent-ckpt-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                string path = System.IO.Path.Combine(dir, "best.rmodel");
                var trainer = NewTrainer();
                var checkpoint = new ModelCheckpoint(path, monitor: "val_loss", saveBestOnly: true);
                trainer.Fit(Toy(64, 13), epochs: 3, batchSize: 16, validation: Toy(32, 14), callbacks: new TrainingCallback[] { checkpoint });
                Assert.That(checkpoint.LastSaved, Is.EqualTo(path));
                var contents = Recurrent.Formats.ModelFile.Load(path);
                Assert.That(contents.Optimizer, Is.Not.Null, "optimizer state saved for resuming");
                Assert.That(contents.Metadata.ContainsKey("training.val_loss"), Is.True);

                // Resume: a trainer on the loaded model with the loaded optimizer state continues without error.
                var resumed = contents.Model.Compile(Optimizers.FromState(contents.Optimizer!), new SparseCategoricalCrossEntropy());
                Assert.That(resumed.Optimizer.Iterations, Is.EqualTo(contents.Optimizer!.Step));
                var history = resumed.Fit(Toy(64, 13), epochs: 1, batchSize: 16);
                Assert.That(double.IsFinite(history.Values("loss")[0]), Is.True);
            }
            finally
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }

        [TestCase(RecurrentCellKind.Lstm, false)]
        [TestCase(RecurrentCellKind.Gru, false)]
        [TestCase(RecurrentCellKind.Gru, true)]
        [TestCase(RecurrentCellKind.Rnn, false)]
        public void TrainOnBatch_AfterTheFirstSteps_AllocatesNothing(RecurrentCellKind cell, bool lbr)
        {
            // Training inside a game must not feed the GC: buffers and packed operands are reused step after step.
            var attrs = new RecurrentOpAttributes { Cell = cell, HiddenSize = 16, LinearBeforeReset = lbr, Direction = RecurrentDirection.Bidirectional };
            var trainer = new ModelBuilder(2, 3).Recurrent(attrs, returnSequences: false, recurrentDropout: 0.2f).Dropout(0.1f).Dense(2).Softmax().Build()
                .Compile(new Adam(0.01f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            var data = Toy(32, 15, withLengths: true);
            var batch = new int[16];
            for (int i = 0; i < batch.Length; i++) batch[i] = i;
            for (int i = 0; i < 3; i++) trainer.TrainOnBatch(data, batch);
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 10; i++) trainer.TrainOnBatch(data, batch);
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 10 training steps");
        }

        private sealed class NonFiniteRecorder : TrainingCallback
        {
            private readonly List<int> _batches;
            public NonFiniteRecorder(List<int> batches) => _batches = batches;
            public override void OnNonFiniteStep(Trainer trainer, int batch) => _batches.Add(batch);
        }

        private sealed class EpochWeights : TrainingCallback
        {
            public readonly List<float[][]> Weights = new List<float[][]>();
            public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs) =>
                Weights.Add(trainer.SnapshotWeights());
        }
    }
}
