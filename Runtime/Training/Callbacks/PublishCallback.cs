// Publishes a fresh inference snapshot every N epochs, so streaming sessions on other threads can move to the
// latest weights (StreamingSession.UseModel) while training continues.
using System;
using System.Collections.Generic;

namespace Recurrent.Training
{
    public sealed class PublishCallback : TrainingCallback
    {
        private readonly Action<InferenceModel>? _onPublished;

        public PublishCallback(int everyEpochs = 1, Action<InferenceModel>? onPublished = null)
        {
            if (everyEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(everyEpochs));
            EveryEpochs = everyEpochs;
            _onPublished = onPublished;
        }

        public int EveryEpochs { get; }

        public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if ((epoch + 1) % EveryEpochs != 0) return;
            var snapshot = trainer.Publish();
            _onPublished?.Invoke(snapshot);
        }
    }
}
