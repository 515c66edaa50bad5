// A learning rate that never changes; lets the fit loop always drive a schedule.
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class ConstantSchedule : LearningRateSchedule
    {
        public ConstantSchedule(float learningRate)
        {
            if (!(learningRate >= 0f) || float.IsInfinity(learningRate))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(learningRate), $"Learning rate must be finite and ≥ 0 (got {learningRate}).");
            LearningRate = learningRate;
        }

        public float LearningRate { get; }

        public override float LearningRateAt(long step) => LearningRate;
    }
}
