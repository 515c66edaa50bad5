// keras.initializers.RandomUniform: values uniform in [min, max) (Keras defaults ±0.05). Also PyTorch's recurrent and
// Linear defaults, which are uniform with bounds from the hidden size or fan-in (see Initializers).
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class RandomUniformInitializer : Initializer
    {
        public RandomUniformInitializer(float minValue = -0.05f, float maxValue = 0.05f, string name = "random_uniform")
        {
            if (!(minValue <= maxValue) || float.IsInfinity(minValue) || float.IsInfinity(maxValue))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(minValue), $"Need finite min ≤ max (got {minValue}, {maxValue}).");
            MinValue = minValue;
            MaxValue = maxValue;
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public float MinValue { get; }

        public float MaxValue { get; }

        public override string Name { get; }

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            rng.FillUniform(values, MinValue, MaxValue);
        }
    }
}
