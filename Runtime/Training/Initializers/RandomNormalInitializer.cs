// keras.initializers.RandomNormal: values ~ N(mean, stddev²) (Keras defaults 0, 0.05), from DeterministicRandom's
// Box–Muller normals.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class RandomNormalInitializer : Initializer
    {
        public RandomNormalInitializer(float mean = 0f, float stddev = 0.05f)
        {
            if (!(stddev >= 0f) || float.IsInfinity(stddev) || float.IsNaN(mean) || float.IsInfinity(mean))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(stddev), $"Need a finite mean and stddev ≥ 0 (got {mean}, {stddev}).");
            Mean = mean;
            Stddev = stddev;
        }

        public float Mean { get; }

        public float Stddev { get; }

        public override string Name => "random_normal";

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            for (int i = 0; i < values.Length; i++) values[i] = Mean + Stddev * rng.NextGaussian();
        }
    }
}
