// FitAsync: the same fit state machine as Fit, run on a worker thread, with cancellation after the current batch,
// progress reports and optional snapshots every K steps for streaming sessions. Scheduling the work belongs to the
// caller (Unity's main thread awaits it); how a session swaps snapshots is StreamingSession.UseModel's business.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed partial class Trainer
    {
        private int _backgroundFit;   // 1 while a FitAsync runs (Interlocked)

        /// <summary>Whether a <see cref="FitAsync"/> is running on a worker thread.</summary>
        public bool IsFittingInBackground => Volatile.Read(ref _backgroundFit) != 0;

        /// <summary>
        /// Runs <see cref="Fit"/> on a worker thread (a long-running task) and completes with its history. The weights are
        /// bit for bit those of <see cref="Fit"/> with the same seed and arguments.
        /// <para>
        /// Arguments are checked, and <see cref="TrainingCallback.OnTrainBegin"/> runs, on the calling thread before this
        /// returns; everything else (batches, validation, callbacks, <paramref name="progress"/> reports) runs on the worker.
        /// A <see cref="Progress{T}"/> created on Unity's main thread posts its reports back to the main thread.
        /// </para>
        /// <para>
        /// Cancelling <paramref name="cancellation"/> stops after the current batch: the weights are those after the last
        /// complete optimizer step, <see cref="TrainingCallback.OnTrainEnd"/> runs, the partial history stays in
        /// <see cref="History"/>, and the task ends Canceled (awaiting it throws <see cref="OperationCanceledException"/>).
        /// Setting <see cref="StopTraining"/> instead ends the task normally, with <see cref="TrainingHistory.StoppedEarly"/>.
        /// An exception thrown by training or a callback faults the task (awaiting it rethrows the exception).
        /// </para>
        /// <para>
        /// With <paramref name="publishEverySteps"/> = K &gt; 0, the worker calls <see cref="Publish"/> after every K
        /// optimizer steps and once more when the fit ends (also when cancelled), so a <see cref="StreamingSession"/> on
        /// another thread can keep predicting and move to <see cref="Published"/> with
        /// <see cref="StreamingSession.UseModel"/> between its steps; snapshots are immutable, so it never sees half-updated
        /// weights. For snapshots per epoch pass a <see cref="PublishCallback"/>.
        /// </para>
        /// <para>
        /// While the task runs, the trainer belongs to the worker: from other threads use only <see cref="Published"/>,
        /// <see cref="Publish"/> (it snapshots between two optimizer steps), <see cref="IsFittingInBackground"/> and
        /// <see cref="StopTraining"/>; do not call <see cref="Fit"/>, <see cref="RunFor"/> or other members. Platforms
        /// without threads (WebGL) should use <see cref="BeginFit"/> and <see cref="RunFor"/> instead.
        /// </para>
        /// </summary>
        /// <exception cref="InvalidOperationException">Another FitAsync of this trainer is still running.</exception>
        public Task<TrainingHistory> FitAsync(SequenceDataset train, int epochs, int batchSize = 32, SequenceDataset? validation = null,
            IReadOnlyList<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null,
            int publishEverySteps = 0, CancellationToken cancellation = default)
        {
            if (publishEverySteps < 0)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(publishEverySteps), $"publishEverySteps must be ≥ 0 (0 = do not publish), got {publishEverySteps}.");
            if (Interlocked.CompareExchange(ref _backgroundFit, 1, 0) != 0)
                ThrowHelper.ThrowInvalidOperation("This trainer is already training in the background; await (or cancel) the running FitAsync first.");
            try
            {
                IReadOnlyList<TrainingCallback>? all = callbacks;
                if (publishEverySteps > 0)
                {
                    var list = callbacks is null ? new List<TrainingCallback>() : new List<TrainingCallback>(callbacks);
                    list.Add(new StepPublisher(publishEverySteps));
                    all = list;
                }
                BeginFit(train, epochs, batchSize, validation, all, progress);
            }
            catch
            {
                Volatile.Write(ref _backgroundFit, 0);
                throw;
            }

            // RunContinuationsAsynchronously: code awaiting the task never runs inline on the training thread.
            var completion = new TaskCompletionSource<TrainingHistory>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool publish = publishEverySteps > 0;
            Task.Factory.StartNew(() => RunInBackground(completion, publish, cancellation), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return completion.Task;
        }

        /// <summary>The worker: Fit's loop (same units, same order), then completion of the task.</summary>
        private void RunInBackground(TaskCompletionSource<TrainingHistory> completion, bool publish, CancellationToken cancellation)
        {
            try
            {
                while (!cancellation.IsCancellationRequested && Advance()) { }
                var run = _run!;
                bool cancelled = !run.Done && run.Epoch < run.Epochs && !StopTraining;   // left early with work to do
                var history = FinishFit();
                if (publish) Publish();
                Volatile.Write(ref _backgroundFit, 0);
                if (cancelled) completion.TrySetCanceled(cancellation);
                else completion.TrySetResult(history);
            }
            catch (Exception e)
            {
                if (_run != null) _run.Done = true;   // a half-done unit of work is not resumed
                Volatile.Write(ref _backgroundFit, 0);
                completion.TrySetException(e);
            }
        }

        /// <summary>Publishes a snapshot after every K optimizer steps (on the training thread, between steps).</summary>
        private sealed class StepPublisher : TrainingCallback
        {
            private readonly int _every;
            private long _steps;

            public StepPublisher(int every) => _every = every;

            public override void OnBatchEnd(Trainer trainer, int batch, double loss)
            {
                if (++_steps % _every == 0) trainer.Publish();
            }
        }
    }
}
