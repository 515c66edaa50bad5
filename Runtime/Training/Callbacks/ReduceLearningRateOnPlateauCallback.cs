// Keras ReduceLROnPlateau as a callback: drives ReduceLearningRateOnPlateau with the monitored epoch value and sets
// the optimizer's learning rate.
using System.Collections.Generic;

namespace Recurrent.Training
{
    public sealed class ReduceLearningRateOnPlateauCallback : TrainingCallback
    {
        public ReduceLearningRateOnPlateauCallback(ReduceLearningRateOnPlateau policy, string monitor = "val_loss")
        {
            Policy = policy;
            Monitor = monitor;
        }

        public ReduceLearningRateOnPlateau Policy { get; }
        public string Monitor { get; }

        public override void OnTrainBegin(Trainer trainer) => Policy.Reset();

        public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (logs.TryGetValue(Monitor, out double value) && !double.IsNaN(value))
                trainer.Optimizer.LearningRate = Policy.Update(value, trainer.Optimizer.LearningRate);
        }
    }
}
