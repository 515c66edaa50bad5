// Step decay, as torch.optim.lr_scheduler.StepLR: lr = initial · γ^⌊step / stepSize⌋ (step counted in whatever unit
// the caller drives it with: updates, or epochs when called once per epoch).
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class StepDecay : LearningRateSchedule
    {
        public StepDecay(float initialLearningRate, long stepSize, float gamma = 0.1f)
        {
            if (!(initialLearningRate >= 0f) || float.IsInfinity(initialLearningRate))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(initialLearningRate), $"Learning rate must be finite and ≥ 0 (got {initialLearningRate}).");
            if (stepSize <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(stepSize), $"Step size must be positive (got {stepSize}).");
            if (!(gamma >= 0f) || float.IsInfinity(gamma)) ThrowHelper.ThrowArgumentOutOfRange(nameof(gamma), $"Gamma must be finite and ≥ 0 (got {gamma}).");
            InitialLearningRate = initialLearningRate;
            StepSize = stepSize;
            Gamma = gamma;
        }

        public float InitialLearningRate { get; }

        public long StepSize { get; }

        public float Gamma { get; }

        public override float LearningRateAt(long step)
        {
            long drops = Math.Max(0, step) / StepSize;
            return (float)(InitialLearningRate * Math.Pow(Gamma, drops));
        }
    }
}
