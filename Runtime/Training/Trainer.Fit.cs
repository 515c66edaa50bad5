// Fit and RunFor share one state machine whose unit of work is one batch (training or validation), so a game can
// run training in slices of a frame budget and get exactly the same result as an uninterrupted Fit with the same seed.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed partial class Trainer
    {
        private FitRun? _run;

        /// <summary>
        /// Trains for <paramref name="epochs"/> epochs (Keras' model.fit): shuffled mini-batches (seeded), validation after
        /// every epoch, callbacks, progress. Returns the per-epoch history.
        /// </summary>
        public TrainingHistory Fit(SequenceDataset train, int epochs, int batchSize = 32, SequenceDataset? validation = null,
            IReadOnlyList<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellation = default)
        {
            BeginFit(train, epochs, batchSize, validation, callbacks, progress);
            while (!cancellation.IsCancellationRequested && Advance()) { }
            return FinishFit();
        }

        /// <summary>
        /// Prepares a fit that <see cref="RunFor"/> advances in slices. Same semantics and results as <see cref="Fit"/>.
        /// </summary>
        public void BeginFit(SequenceDataset train, int epochs, int batchSize = 32, SequenceDataset? validation = null,
            IReadOnlyList<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
        {
            CheckData(train);
            if (validation != null) CheckData(validation);
            if (epochs < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(epochs), "Epochs must be ≥ 0.");
            if (batchSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(batchSize), "Batch size must be positive.");
            if (Options.Stateful && train.Count < batchSize)
                ThrowHelper.ThrowArgument(nameof(batchSize), "Stateful training needs at least one full batch.");
            StopTraining = false;
            _run = new FitRun(train, validation, epochs, batchSize, callbacks ?? Array.Empty<TrainingCallback>(), progress,
                new DeterministicRandom(Options.Seed));
            foreach (var c in _run.Callbacks) c.OnTrainBegin(this);
        }

        /// <summary>Whether a fit begun with <see cref="BeginFit"/> still has work.</summary>
        public bool IsFitting => _run != null && !_run.Done;

        /// <summary>The history of the current (or last) fit.</summary>
        public TrainingHistory? History => _run?.History;

        /// <summary>
        /// Does units of work (one batch each) until the next one would not fit in <paramref name="budget"/>, judged by
        /// the slowest recent batch; always does at least one. Returns the units done; 0 once the fit is finished.
        /// Use it from a game loop to train for a few milliseconds per frame.
        /// </summary>
        public int RunFor(TimeSpan budget)
        {
            if (_run is null) ThrowHelper.ThrowInvalidOperation("Call BeginFit before RunFor.");
            var run = _run!;
            if (run.Done) return 0;
            var clock = Stopwatch.StartNew();
            int units = 0;
            while (true)
            {
                long before = clock.ElapsedTicks;
                if (!Advance()) { FinishFit(); break; }
                units++;
                long unit = clock.ElapsedTicks - before;
                run.UnitTicks = Math.Max((long)(run.UnitTicks * 0.8), unit);   // decaying max: cautious about spikes
                if (clock.ElapsedTicks + run.UnitTicks > budget.TotalSeconds * Stopwatch.Frequency) break;
            }
            return units;
        }

        /// <summary>One unit of work. Returns false when the fit is over.</summary>
        private bool Advance()
        {
            var run = _run!;
            if (run.Done) return false;
            if (StopTraining || run.Epoch >= run.Epochs)
            {
                run.Done = true;
                return false;
            }

            if (run.Phase == FitPhase.EpochStart)
            {
                run.Order = EpochOrder(run);
                run.Position = 0;
                run.LossSum = 0;
                run.LossCount = 0;
                foreach (var m in _metrics) m.Reset();
                if (Options.Stateful) _graph.ResetStates();
                foreach (var c in run.Callbacks) c.OnEpochBegin(this, run.Epoch);
                run.Phase = FitPhase.Train;
            }

            if (run.Phase == FitPhase.Train)
            {
                int batches = BatchCount(run.Train.Count, run.BatchSize, Options.Stateful);
                if (run.Position < batches)
                {
                    int start = run.Position * run.BatchSize;
                    int n = Math.Min(run.BatchSize, run.Train.Count - start);
                    double loss = TrainOnBatch(run.Train, run.Order.AsSpan(start, n));
                    int batch = run.Position++;
                    if (double.IsNaN(loss) || double.IsInfinity(loss))
                    {
                        run.History.NonFiniteSteps++;
                        foreach (var c in run.Callbacks) c.OnNonFiniteStep(this, batch);
                    }
                    else
                    {
                        run.LossSum += loss * n;
                        run.LossCount += n;
                    }
                    foreach (var c in run.Callbacks) c.OnBatchEnd(this, batch, loss);
                    run.Progress?.Report(new TrainingProgress(run.Epoch, run.Epochs, run.Position, batches,
                        run.LossCount > 0 ? run.LossSum / run.LossCount : double.NaN));
                    return true;
                }
                run.Logs = new Dictionary<string, double> { ["loss"] = run.LossCount > 0 ? run.LossSum / run.LossCount : double.NaN };
                foreach (var m in _metrics) run.Logs[m.Name] = m.Result;
                run.Logs["lr"] = Optimizer.LearningRate;
                run.Phase = run.Validation != null ? FitPhase.Validate : FitPhase.EpochEnd;
                run.Position = 0;
                run.ValLoss = 0;
                run.ValWeight = 0;
                if (run.Validation != null)
                {
                    foreach (var m in _metrics) m.Reset();
                    run.SavedStateful = _graph.Stateful;
                    _graph.Stateful = false;
                }
                return true;
            }

            if (run.Phase == FitPhase.Validate)
            {
                var val = run.Validation!;
                if (run.Position * run.BatchSize < val.Count)
                {
                    int start = run.Position * run.BatchSize;
                    int n = Math.Min(run.BatchSize, val.Count - start);
                    if (run.Indices.Length < n) run.Indices = new int[n];
                    for (int i = 0; i < n; i++) run.Indices[i] = start + i;
                    var (loss, w) = EvaluateBatch(val, run.Indices.AsSpan(0, n));
                    run.ValLoss += loss * w;
                    run.ValWeight += w;
                    run.Position++;
                    return true;
                }
                _graph.Stateful = run.SavedStateful;
                run.Logs!["val_loss"] = run.ValWeight > 0 ? run.ValLoss / run.ValWeight : double.NaN;
                foreach (var m in _metrics) run.Logs["val_" + m.Name] = m.Result;
                run.Phase = FitPhase.EpochEnd;
            }

            // Epoch end.
            var logs = run.Logs!;
            run.History.Add(logs);
            foreach (var c in run.Callbacks) c.OnEpochEnd(this, run.Epoch, logs);
            run.Epoch++;
            run.Phase = FitPhase.EpochStart;
            return true;
        }

        private TrainingHistory FinishFit()
        {
            var run = _run!;
            if (!run.Finished)
            {
                run.Finished = true;
                run.Done = true;
                run.History.StoppedEarly = StopTraining;
                foreach (var c in run.Callbacks) c.OnTrainEnd(this);
            }
            return run.History;
        }

        private int[] EpochOrder(FitRun run)
        {
            int n = run.Train.Count;
            var order = run.Order.Length == n ? run.Order : new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            if (Options.Shuffle && !Options.Stateful)
            {
                for (int i = n - 1; i > 0; i--)   // Fisher–Yates with the run's seeded stream
                {
                    int j = run.Random.NextInt(i + 1);
                    int t = order[i]; order[i] = order[j]; order[j] = t;
                }
            }
            return order;
        }

        private static int BatchCount(int samples, int batchSize, bool dropPartial) =>
            dropPartial ? samples / batchSize : (samples + batchSize - 1) / batchSize;

        private enum FitPhase { EpochStart, Train, Validate, EpochEnd }

        private sealed class FitRun
        {
            public FitRun(SequenceDataset train, SequenceDataset? validation, int epochs, int batchSize,
                IReadOnlyList<TrainingCallback> callbacks, IProgress<TrainingProgress>? progress, DeterministicRandom random)
            {
                Train = train;
                Validation = validation;
                Epochs = epochs;
                BatchSize = batchSize;
                Callbacks = callbacks;
                Progress = progress;
                Random = random;
            }

            public readonly SequenceDataset Train;
            public readonly SequenceDataset? Validation;
            public readonly int Epochs, BatchSize;
            public readonly IReadOnlyList<TrainingCallback> Callbacks;
            public readonly IProgress<TrainingProgress>? Progress;
            public readonly DeterministicRandom Random;
            public readonly TrainingHistory History = new TrainingHistory();
            public FitPhase Phase = FitPhase.EpochStart;
            public int Epoch, Position;
            public int[] Order = Array.Empty<int>(), Indices = Array.Empty<int>();
            public double LossSum, ValLoss, ValWeight;
            public long LossCount;
            public Dictionary<string, double>? Logs;
            public bool SavedStateful, Done, Finished;
            public long UnitTicks;
        }
    }
}
