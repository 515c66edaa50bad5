// keras.initializers.TruncatedNormal: N(mean, stddev²) with draws more than two standard deviations from the mean
// redrawn (Keras defaults 0, 0.05). The rejection loop is deterministic for a given generator state.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class TruncatedNormalInitializer : Initializer
    {
        public TruncatedNormalInitializer(float mean = 0f, float stddev = 0.05f)
        {
            if (!(stddev >= 0f) || float.IsInfinity(stddev) || float.IsNaN(mean) || float.IsInfinity(mean))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(stddev), $"Need a finite mean and stddev ≥ 0 (got {mean}, {stddev}).");
            Mean = mean;
            Stddev = stddev;
        }

        public float Mean { get; }

        public float Stddev { get; }

        public override string Name => "truncated_normal";

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            for (int i = 0; i < values.Length; i++) values[i] = Mean + Stddev * NextTruncated(rng);
        }

        /// <summary>A standard normal draw in [−2, 2] (≈ 95.4 % of draws are accepted).</summary>
        internal static float NextTruncated(DeterministicRandom rng)
        {
            while (true)
            {
                float z = rng.NextGaussian();
                if (z >= -2f && z <= 2f) return z;
            }
        }
    }
}
