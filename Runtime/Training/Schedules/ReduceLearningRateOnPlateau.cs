// The decision logic of keras.callbacks.ReduceLROnPlateau, engine- and callback-free: fed one monitored value per
// epoch, it returns the learning rate to use next. The callback that owns a model and an optimizer drives it.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// As Keras: if in cooldown, count it down and clear the wait; an improvement (current &lt; best − minDelta in Min
    /// mode, &gt; best + minDelta in Max mode) records best and clears the wait; otherwise, outside cooldown, the wait
    /// grows and when it reaches patience the rate becomes max(lr·factor, minLr) (only if lr &gt; minLr), the cooldown
    /// restarts and the wait clears. NaN never counts as an improvement.
    /// </summary>
    public sealed class ReduceLearningRateOnPlateau
    {
        public ReduceLearningRateOnPlateau(float factor = 0.1f, int patience = 10, PlateauMode mode = PlateauMode.Min,
            double minDelta = 1e-4, int cooldown = 0, float minLearningRate = 0f)
        {
            if (!(factor >= 0f && factor < 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(factor), $"Factor must be in [0, 1) (got {factor}).");
            if (patience < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(patience), $"Patience must not be negative (got {patience}).");
            if (!(minDelta >= 0)) ThrowHelper.ThrowArgumentOutOfRange(nameof(minDelta), $"Min delta must be ≥ 0 (got {minDelta}).");
            if (cooldown < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(cooldown), $"Cooldown must not be negative (got {cooldown}).");
            if (!(minLearningRate >= 0f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(minLearningRate), $"Min learning rate must be ≥ 0 (got {minLearningRate}).");
            Factor = factor;
            Patience = patience;
            Mode = mode;
            MinDelta = minDelta;
            Cooldown = cooldown;
            MinLearningRate = minLearningRate;
            Reset();
        }

        public float Factor { get; }

        public int Patience { get; }

        public PlateauMode Mode { get; }

        public double MinDelta { get; }

        public int Cooldown { get; }

        public float MinLearningRate { get; }

        /// <summary>The best monitored value so far (+∞ in Min mode, −∞ in Max mode before the first).</summary>
        public double Best { get; private set; }

        /// <summary>Epochs without improvement since the last improvement or reduction.</summary>
        public int Wait { get; private set; }

        /// <summary>Epochs of cooldown left.</summary>
        public int CooldownCounter { get; private set; }

        /// <summary>Whether the last <see cref="Update"/> lowered the rate.</summary>
        public bool Reduced { get; private set; }

        /// <summary>Feeds one epoch's monitored value; returns the learning rate to use from now on.</summary>
        public float Update(double monitorValue, float learningRate)
        {
            Reduced = false;
            if (CooldownCounter > 0)
            {
                CooldownCounter--;
                Wait = 0;
            }
            bool improved = Mode == PlateauMode.Min ? monitorValue < Best - MinDelta : monitorValue > Best + MinDelta;
            if (improved)
            {
                Best = monitorValue;
                Wait = 0;
            }
            else if (CooldownCounter <= 0)
            {
                Wait++;
                if (Wait >= Patience && learningRate > MinLearningRate)
                {
                    learningRate = Math.Max(learningRate * Factor, MinLearningRate);
                    CooldownCounter = Cooldown;
                    Wait = 0;
                    Reduced = true;
                }
            }
            return learningRate;
        }

        /// <summary>Restores a saved position (to resume training).</summary>
        public void SetState(double best, int wait, int cooldownCounter)
        {
            if (wait < 0 || cooldownCounter < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(wait), "Wait and cooldown counter must not be negative.");
            Best = best;
            Wait = wait;
            CooldownCounter = cooldownCounter;
        }

        public void Reset()
        {
            Best = Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
            Wait = 0;
            CooldownCounter = 0;
            Reduced = false;
        }
    }
}
