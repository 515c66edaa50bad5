// Reports epoch results to an IProgress<T> (a console line or a game UI); batch progress comes through Fit's own
// IProgress<TrainingProgress> argument.
using System;
using System.Collections.Generic;

namespace Recurrent.Training
{
    public sealed class ProgressCallback : TrainingCallback
    {
        private readonly IProgress<(int Epoch, IReadOnlyDictionary<string, double> Logs)> _progress;

        public ProgressCallback(IProgress<(int Epoch, IReadOnlyDictionary<string, double> Logs)> progress) =>
            _progress = progress ?? throw new ArgumentNullException(nameof(progress));

        public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs) =>
            _progress.Report((epoch, logs));
    }
}
