// Exponential decay, keras.optimizers.schedules.ExponentialDecay: lr = initial · rate^(step / decaySteps), with the
// exponent floored when staircase is set.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class ExponentialDecay : LearningRateSchedule
    {
        public ExponentialDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
        {
            if (!(initialLearningRate >= 0f) || float.IsInfinity(initialLearningRate))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(initialLearningRate), $"Learning rate must be finite and ≥ 0 (got {initialLearningRate}).");
            if (decaySteps <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(decaySteps), $"Decay steps must be positive (got {decaySteps}).");
            if (!(decayRate >= 0f) || float.IsInfinity(decayRate)) ThrowHelper.ThrowArgumentOutOfRange(nameof(decayRate), $"Decay rate must be finite and ≥ 0 (got {decayRate}).");
            InitialLearningRate = initialLearningRate;
            DecaySteps = decaySteps;
            DecayRate = decayRate;
            Staircase = staircase;
        }

        public float InitialLearningRate { get; }

        public long DecaySteps { get; }

        public float DecayRate { get; }

        public bool Staircase { get; }

        public override float LearningRateAt(long step)
        {
            double p = (double)Math.Max(0, step) / DecaySteps;
            if (Staircase) p = Math.Floor(p);
            return (float)(InitialLearningRate * Math.Pow(DecayRate, p));
        }
    }
}
