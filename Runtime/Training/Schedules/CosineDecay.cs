// Cosine decay with optional linear warmup, keras.optimizers.schedules.CosineDecay (Loshchilov & Hutter, SGDR):
// warmup from initial to warmupTarget over warmupSteps, then target·((1−α)·½(1 + cos(π·s/decaySteps)) + α), s capped.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Without a warmup target: lr(s) = initial·((1−α)·½(1 + cos(π·min(s, D)/D)) + α). With one: for s &lt; W,
    /// lr = initial + (target − initial)·s/W; afterwards the decay above from target over s − W (capped at D).
    /// </summary>
    public sealed class CosineDecay : LearningRateSchedule
    {
        public CosineDecay(float initialLearningRate, long decaySteps, float alpha = 0f, float? warmupTarget = null, long warmupSteps = 0)
        {
            if (!(initialLearningRate >= 0f) || float.IsInfinity(initialLearningRate))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(initialLearningRate), $"Learning rate must be finite and ≥ 0 (got {initialLearningRate}).");
            if (decaySteps <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(decaySteps), $"Decay steps must be positive (got {decaySteps}).");
            if (!(alpha >= 0f && alpha <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(alpha), $"Alpha must be in [0, 1] (got {alpha}).");
            if (warmupSteps < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(warmupSteps), $"Warmup steps must not be negative (got {warmupSteps}).");
            if (warmupTarget.HasValue && (!(warmupTarget.Value >= 0f) || float.IsInfinity(warmupTarget.Value)))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(warmupTarget), $"Warmup target must be finite and ≥ 0 (got {warmupTarget}).");
            InitialLearningRate = initialLearningRate;
            DecaySteps = decaySteps;
            Alpha = alpha;
            WarmupTarget = warmupTarget;
            WarmupSteps = warmupSteps;
        }

        public float InitialLearningRate { get; }

        public long DecaySteps { get; }

        /// <summary>The final learning rate as a fraction of the decay's starting rate.</summary>
        public float Alpha { get; }

        /// <summary>The rate reached at the end of the warmup, or null for no warmup.</summary>
        public float? WarmupTarget { get; }

        public long WarmupSteps { get; }

        public override float LearningRateAt(long step)
        {
            double s = Math.Max(0, step);
            if (!WarmupTarget.HasValue) return (float)Decayed(InitialLearningRate, Math.Min(s, DecaySteps));
            double target = WarmupTarget.Value;
            s = Math.Min(s, (double)DecaySteps + WarmupSteps);
            if (s < WarmupSteps) return (float)(InitialLearningRate + (target - InitialLearningRate) * (s / WarmupSteps));
            return (float)Decayed(target, s - WarmupSteps);
        }

        private double Decayed(double from, double s)
        {
            double cosine = 0.5 * (1.0 + Math.Cos(Math.PI * s / DecaySteps));
            return from * ((1.0 - Alpha) * cosine + Alpha);
        }
    }
}
