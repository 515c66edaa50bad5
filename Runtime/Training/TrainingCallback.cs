// Hooks into the fit loop (Keras callbacks): early stopping, LR schedules on plateaus, checkpoints, progress.
using System.Collections.Generic;

namespace Recurrent.Training
{
    public abstract class TrainingCallback
    {
        public virtual void OnTrainBegin(Trainer trainer) { }

        public virtual void OnEpochBegin(Trainer trainer, int epoch) { }

        public virtual void OnBatchEnd(Trainer trainer, int batch, double loss) { }

        /// <summary>logs: "loss", "val_loss", metrics; a callback may set <see cref="Trainer.StopTraining"/>.</summary>
        public virtual void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs) { }

        /// <summary>A step was skipped: the loss or a gradient was NaN or infinite; the last good weights are kept.</summary>
        public virtual void OnNonFiniteStep(Trainer trainer, int batch) { }

        public virtual void OnTrainEnd(Trainer trainer) { }
    }
}
