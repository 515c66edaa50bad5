// FitAsync: bit-identical to Fit, cancellation after the current step with consistent weights, exceptions propagate,
// progress reports, and a streaming session on another thread that moves to published snapshots while training never
// computes with torn weights (each output equals the output of some complete optimizer step's weights).
// Waits block with timeouts instead of async tests: the task completes without any synchronization context.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class TrainerAsyncTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);   // a deadlock guard, not a timing assertion

        private const int T = 6, I = 2;

        private static SequenceDataset Toy(int count, ulong seed)
        {
            var x = TestData.Uniform(seed, count * T * I);
            var y = new float[count];
            for (int n = 0; n < count; n++)
            {
                double sum = 0;
                for (int t = 0; t < T; t++) sum += x[(n * T + t) * I];
                y[n] = sum > 0 ? 1f : 0f;
            }
            return SequenceDataset.FromFeatures(x, count, T, I, y, 1);
        }

        private static Model NewModel() => new ModelBuilder(I, 3).Gru(8, returnSequences: false).Dense(2).Softmax().Build();

        private static Trainer NewTrainer(Model? model = null) =>
            (model ?? NewModel()).Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });

        private static TrainingHistory Wait(Task<TrainingHistory> task)
        {
            Assert.That(task.Wait(s_timeout), Is.True, "FitAsync finished");
            return task.Result;
        }

        private static void AssertSameWeights(Trainer expected, Trainer actual)
        {
            var e = expected.SnapshotWeights();
            var a = actual.SnapshotWeights();
            for (int i = 0; i < e.Length; i++) TrainingAssert.BitExact(e[i], a[i], expected.Graph.Parameters[i].Name);
        }

        [Test]
        public void FitAsync_GivesBitIdenticalWeightsAndHistoryToFit()
        {
            var train = Toy(80, 1);
            var val = Toy(24, 2);
            var sync = NewTrainer();
            var expected = sync.Fit(train, epochs: 3, batchSize: 16, validation: val);
            var background = NewTrainer();
            var history = Wait(background.FitAsync(train, epochs: 3, batchSize: 16, validation: val, publishEverySteps: 2));
            AssertSameWeights(sync, background);
            Assert.That(history.Values("val_loss"), Is.EqualTo(expected.Values("val_loss")));
            Assert.That(history.Values("loss"), Is.EqualTo(expected.Values("loss")));
            Assert.That(background.IsFittingInBackground, Is.False);
        }

        [Test]
        public void FitAsync_Cancelled_StopsAfterTheCurrentStep_WithConsistentWeights()
        {
            var train = Toy(96, 3);
            using var cts = new CancellationTokenSource();
            var trainer = NewTrainer();
            var cancel = new CancelAt(7, cts);   // cancels during the 8th optimizer step's callbacks
            var task = trainer.FitAsync(train, epochs: 5, batchSize: 16, callbacks: new TrainingCallback[] { cancel },
                cancellation: cts.Token);
            Assert.That(() => task.Wait(s_timeout), Throws.InstanceOf<AggregateException>());
            Assert.That(task.IsCanceled, Is.True, "the task ends Canceled");
            Assert.That(trainer.Optimizer.Iterations, Is.EqualTo(8), "no step after the one that was running");
            Assert.That(trainer.IsFittingInBackground, Is.False);
            Assert.That(trainer.IsFitting, Is.False);
            var now = trainer.SnapshotWeights();
            for (int i = 0; i < now.Length; i++) TrainingAssert.BitExact(cancel.Weights![i], now[i], "weights after step 8");

            // The same 8 steps synchronously give the same weights.
            var sync = NewTrainer();
            using var cts2 = new CancellationTokenSource();
            sync.Fit(train, epochs: 5, batchSize: 16, callbacks: new TrainingCallback[] { new CancelAt(7, cts2) }, cancellation: cts2.Token);
            AssertSameWeights(sync, trainer);

            // The trainer can train again afterwards.
            Wait(trainer.FitAsync(train, epochs: 1, batchSize: 16));
            Assert.That(trainer.Optimizer.Iterations, Is.EqualTo(8 + 6));
        }

        [Test]
        public void FitAsync_CancelledBeforeItStarts_DoesNoStep()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            var trainer = NewTrainer();
            var before = trainer.SnapshotWeights();
            var task = trainer.FitAsync(Toy(32, 4), epochs: 2, batchSize: 8, publishEverySteps: 1, cancellation: cts.Token);
            Assert.That(() => task.Wait(s_timeout), Throws.InstanceOf<AggregateException>());
            Assert.That(task.IsCanceled, Is.True);
            Assert.That(trainer.Optimizer.Iterations, Is.EqualTo(0));
            var after = trainer.SnapshotWeights();
            for (int i = 0; i < before.Length; i++) TrainingAssert.BitExact(before[i], after[i], "weight " + i);
            Assert.That(trainer.Published, Is.Not.Null, "the final publish still happens");
        }

        [Test]
        public void FitAsync_CallbackThrows_TheTaskFaultsWithThatException_AndTheTrainerIsFreeAgain()
        {
            var trainer = NewTrainer();
            var task = trainer.FitAsync(Toy(32, 5), epochs: 3, batchSize: 8, callbacks: new TrainingCallback[] { new ThrowAtEpochEnd() });
            var e = Assert.Throws<AggregateException>(() => task.Wait(s_timeout));
            Assert.That(task.IsFaulted, Is.True);
            Assert.That(e!.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(e.InnerException!.Message, Is.EqualTo("boom at epoch 1"));
            Assert.That(trainer.IsFittingInBackground, Is.False);
            Assert.That(trainer.IsFitting, Is.False);
            var history = Wait(trainer.FitAsync(Toy(32, 5), epochs: 1, batchSize: 8));
            Assert.That(history.Epochs.Count, Is.EqualTo(1));
        }

        [Test]
        public void FitAsync_BadArguments_ThrowOnTheCallingThread_AndASecondConcurrentFitIsRefused()
        {
            var trainer = NewTrainer();
            Assert.That(() => trainer.FitAsync(Toy(8, 6), epochs: 1, batchSize: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => trainer.FitAsync(Toy(8, 6), epochs: 1, publishEverySteps: -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(trainer.IsFittingInBackground, Is.False, "a refused call leaves the trainer free");

            using var gate = new ManualResetEventSlim(false);
            var task = trainer.FitAsync(Toy(16, 6), epochs: 1, batchSize: 8, callbacks: new TrainingCallback[] { new WaitAtFirstBatch(gate) });
            try
            {
                Assert.That(trainer.IsFittingInBackground, Is.True);
                Assert.That(() => trainer.FitAsync(Toy(16, 6), epochs: 1), Throws.InvalidOperationException.With.Message.Contains("already"));
            }
            finally
            {
                gate.Set();
            }
            Assert.That(Wait(task).Epochs.Count, Is.EqualTo(1));
        }

        [Test]
        public void FitAsync_ReportsProgressForEveryBatch_FromTheWorker()
        {
            var trainer = NewTrainer();
            var progress = new Recorder();
            Wait(trainer.FitAsync(Toy(40, 7), epochs: 2, batchSize: 16, progress: progress));
            var reports = progress.Snapshot();
            Assert.That(reports.Count, Is.EqualTo(2 * 3), "3 batches (16, 16, 8) per epoch");
            Assert.That(reports[reports.Count - 1].Fraction, Is.EqualTo(1.0));
            Assert.That(reports[0].Batches, Is.EqualTo(3));
            Assert.That(progress.OtherThread, Is.True, "reports come from the training thread");
        }

        [TestCase(false)]
        [TestCase(true)]
        public void StreamingWhileTraining_PublishedSnapshots_NeverMixWeightsOfDifferentSteps(bool tokens)
        {
            // The training thread records the weights after every optimizer step. The main thread keeps moving a session
            // to the latest published snapshot and stepping it from a fixed state; afterwards every output it saw must equal
            // (bit for bit) the output of a fresh model holding one recorded step's weights, in non-decreasing step order.
            // (This caught sessions reading the Dense bias and the Embedding table from the live, training tensors.)
            var train = tokens ? TokenToy(96, 8) : Toy(96, 8);
            var trainer = NewTrainer(tokens ? NewTokenModel() : null);
            var recorder = new StepWeights();
            var session = trainer.Publish().CreateSession();
            var state = new float[session.StateLength];
            StepOnce(session, tokens, new float[2]);
            session.GetState(state);

            var seen = new List<float[]>();
            var task = trainer.FitAsync(train, epochs: 4, batchSize: 16, callbacks: new TrainingCallback[] { recorder }, publishEverySteps: 1);
            InferenceModel? current = null;
            while (!task.IsCompleted || current != trainer.Published)
            {
                var latest = trainer.Published!;
                if (latest != current)
                {
                    session.UseModel(latest);
                    current = latest;
                }
                for (int repeat = 0; repeat < 3; repeat++)   // several steps per snapshot, while training goes on
                {
                    session.SetState(state);
                    var y = new float[2];
                    StepOnce(session, tokens, y);
                    if (seen.Count == 0 || !SameBits(seen[seen.Count - 1], y)) seen.Add(y);
                }
                recorder.Observed(current);
            }
            Wait(task);

            var expected = new List<float[]>();
            foreach (var weights in recorder.Weights)
            {
                var model = tokens ? NewTokenModel() : NewModel();
                int i = 0;
                foreach (var w in model.Weights) Array.Copy(weights[i++], w.Value.Data, w.Value.Length);
                var fresh = new InferenceModel(model).CreateSession();
                fresh.SetState(state);
                var y = new float[2];
                StepOnce(fresh, tokens, y);
                expected.Add(y);
            }
            int at = 0;
            foreach (var y in seen)
            {
                while (at < expected.Count && !SameBits(expected[at], y)) at++;
                Assert.That(at, Is.LessThan(expected.Count),
                    $"output ({y[0]:R}, {y[1]:R}) matches no complete step's weights from the last match on (torn snapshot?)");
            }
            Assert.That(SameBits(seen[seen.Count - 1], expected[expected.Count - 1]), Is.True, "the last output uses the final weights");
            Assert.That(recorder.Weights.Count, Is.EqualTo(1 + 4 * 6), "initial weights + 24 steps");
            Assert.That(seen.Count, Is.GreaterThanOrEqualTo(3), "the session saw several snapshots");
        }

        [Test]
        public void PublishFromAnotherThread_WhileFitAsyncTrains_TakesWholeSteps()
        {
            // The main thread publishes as fast as it can while the worker trains (FitAsync publishes nothing itself):
            // every snapshot must hold the weights of one complete step, never a half-applied update.
            var trainer = NewTrainer();
            var recorder = new AllStepWeights();
            var probe = trainer.Publish().CreateSession();
            var state = new float[probe.StateLength];
            StepOnce(probe, false, new float[2]);
            probe.GetState(state);

            var seen = new List<float[]>();
            var task = trainer.FitAsync(Toy(96, 9), epochs: 6, batchSize: 8, callbacks: new TrainingCallback[] { recorder });
            while (!task.IsCompleted)
            {
                var session = trainer.Publish().CreateSession();
                session.SetState(state);
                var y = new float[2];
                StepOnce(session, false, y);
                if (seen.Count == 0 || !SameBits(seen[seen.Count - 1], y)) seen.Add(y);
            }
            Wait(task);

            var expected = new List<float[]>();
            foreach (var weights in recorder.Weights)
            {
                var model = NewModel();
                int i = 0;
                foreach (var w in model.Weights) Array.Copy(weights[i++], w.Value.Data, w.Value.Length);
                var fresh = new InferenceModel(model).CreateSession();
                fresh.SetState(state);
                var y = new float[2];
                StepOnce(fresh, false, y);
                expected.Add(y);
            }
            foreach (var y in seen)
                Assert.That(expected.Exists(e => SameBits(e, y)), Is.True,
                    $"published output ({y[0]:R}, {y[1]:R}) matches no complete step's weights (torn snapshot)");
            Assert.That(recorder.Weights.Count, Is.EqualTo(1 + 6 * 12), "initial weights + 72 steps");
        }

        [TestCase(false)]
        [TestCase(true)]
        public void PublishedSnapshot_GivesTheSameOutputs_AfterMoreTraining(bool tokens)
        {
            // A snapshot must not read the model's live tensors (Dense bias, Embedding table) in a runner or a session.
            var trainer = NewTrainer(tokens ? NewTokenModel() : null);
            var data = tokens ? TokenToy(32, 10) : Toy(32, 10);
            var snapshot = trainer.Publish();
            float[] Batch() => tokens
                ? RunTokens(snapshot, data)
                : snapshot.Predict(data.Inputs!, data.Count, data.Time);
            float[] Stream()
            {
                var y = new float[2];
                StepOnce(snapshot.CreateSession(), tokens, y);
                return y;
            }
            float[] batchBefore = Batch(), streamBefore = Stream();
            trainer.Fit(data, epochs: 2, batchSize: 8);
            TrainingAssert.BitExact(batchBefore, Batch(), "batch output of the old snapshot");
            TrainingAssert.BitExact(streamBefore, Stream(), "streaming output of the old snapshot");
            Assert.That(SameBits(streamBefore, StreamOf(trainer.Publish(), tokens)), Is.False, "training changed the weights");
        }

        private static float[] RunTokens(InferenceModel model, SequenceDataset data)
        {
            var runner = model.CreateBatchRunner();
            var y = new float[runner.OutputLength(data.Count, data.Time)];
            runner.Run(data.Tokens!, data.Count, data.Time, default, y);
            return y;
        }

        private static float[] StreamOf(InferenceModel model, bool tokens)
        {
            var y = new float[2];
            StepOnce(model.CreateSession(), tokens, y);
            return y;
        }

        private static Model NewTokenModel() => ModelBuilder.ForTokens(5, 3, 4).Gru(8, returnSequences: false).Dense(2).Softmax().Build();

        /// <summary>Token ids 0..4; class = whether token 4 occurs.</summary>
        private static SequenceDataset TokenToy(int count, ulong seed)
        {
            var rng = new DeterministicRandom(seed);
            var ids = new int[count * T];
            var y = new float[count];
            for (int n = 0; n < count; n++)
                for (int t = 0; t < T; t++)
                {
                    ids[n * T + t] = rng.NextInt(5);
                    if (ids[n * T + t] == 4) y[n] = 1f;
                }
            return SequenceDataset.FromTokens(ids, count, T, y, 1);
        }

        private static void StepOnce(StreamingSession session, bool tokens, float[] output)
        {
            if (tokens) session.Step(3, output);
            else session.Step(s_probe, output);
        }

        private static readonly float[] s_probe = TestData.Uniform(9, I);

        private static bool SameBits(float[] a, float[] b)
        {
            for (int i = 0; i < a.Length; i++)
                if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return false;
            return true;
        }

        private sealed class CancelAt : TrainingCallback
        {
            private readonly int _batch;
            private readonly CancellationTokenSource _cts;
            private int _steps;
            public float[][]? Weights;

            public CancelAt(int step, CancellationTokenSource cts)
            {
                _batch = step;
                _cts = cts;
            }

            public override void OnBatchEnd(Trainer trainer, int batch, double loss)
            {
                if (_steps++ != _batch) return;
                Weights = trainer.SnapshotWeights();
                _cts.Cancel();
            }
        }

        private sealed class ThrowAtEpochEnd : TrainingCallback
        {
            public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs)
            {
                if (epoch == 1) throw new InvalidOperationException("boom at epoch 1");
            }
        }

        private sealed class WaitAtFirstBatch : TrainingCallback
        {
            private readonly ManualResetEventSlim _gate;
            public WaitAtFirstBatch(ManualResetEventSlim gate) => _gate = gate;
            public override void OnBatchEnd(Trainer trainer, int batch, double loss) => _gate.Wait(s_timeout);
        }

        private sealed class Recorder : IProgress<TrainingProgress>
        {
            private readonly List<TrainingProgress> _reports = new List<TrainingProgress>();
            private readonly int _creator = Environment.CurrentManagedThreadId;
            public bool OtherThread;

            public void Report(TrainingProgress value)
            {
                lock (_reports) _reports.Add(value);
                if (Environment.CurrentManagedThreadId != _creator) OtherThread = true;
            }

            public List<TrainingProgress> Snapshot()
            {
                lock (_reports) return new List<TrainingProgress>(_reports);
            }
        }

        /// <summary>Records the weights before training and after every step (no waiting).</summary>
        private sealed class AllStepWeights : TrainingCallback
        {
            public readonly List<float[][]> Weights = new List<float[][]>();

            public override void OnTrainBegin(Trainer trainer) => Weights.Add(trainer.SnapshotWeights());

            public override void OnBatchEnd(Trainer trainer, int batch, double loss) => Weights.Add(trainer.SnapshotWeights());
        }

        /// <summary>
        /// Records the weights before training and after every step. Every 4th step it waits (bounded) until the main thread
        /// has used that step's snapshot, so the test always sees several snapshots; between those points both run freely.
        /// </summary>
        private sealed class StepWeights : TrainingCallback
        {
            public readonly List<float[][]> Weights = new List<float[][]>();
            private readonly ManualResetEventSlim _observed = new ManualResetEventSlim(false);
            private InferenceModel? _awaited;
            private int _steps;

            public override void OnTrainBegin(Trainer trainer) => Weights.Add(trainer.SnapshotWeights());

            public override void OnBatchEnd(Trainer trainer, int batch, double loss)
            {
                Weights.Add(trainer.SnapshotWeights());
                if (++_steps % 4 != 1 || _steps == 1) return;
                // The snapshot of the previous step was published by FitAsync right after the previous OnBatchEnd.
                Volatile.Write(ref _awaited, trainer.Published);
                _observed.Wait(TimeSpan.FromSeconds(10));
                Volatile.Write(ref _awaited, null);
                _observed.Reset();
            }

            public void Observed(InferenceModel? model)
            {
                if (model != null && model == Volatile.Read(ref _awaited)) _observed.Set();
            }
        }
    }
}
