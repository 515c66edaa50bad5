// A small seeded generator (SplitMix64) whose sequence is identical on every runtime and platform, unlike
// System.Random. Used for weight initialisation and shuffling so a seed reproduces a model bit for bit.
using System;

namespace Recurrent.Core
{
    public sealed class DeterministicRandom
    {
        private ulong _state;

        public DeterministicRandom(ulong seed) { _state = seed; }

        /// <summary>Restarts the sequence from <paramref name="seed"/> (no allocation).</summary>
        public void Reset(ulong seed) => _state = seed;

        public ulong NextUInt64()
        {
            // SplitMix64 (Steele, Lea, Flood 2014).
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1) with 24 random bits (exact in float).</summary>
        public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

        /// <summary>Uniform in [low, high).</summary>
        public float NextUniform(float low, float high) => low + (high - low) * NextFloat();

        /// <summary>Standard normal (Box-Muller).</summary>
        public float NextGaussian()
        {
            double u1 = 1.0 - ((NextUInt64() >> 11) * (1.0 / (1UL << 53)));
            double u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        /// <summary>Uniform integer in [0, maxExclusive).</summary>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
            return (int)(NextUInt64() % (ulong)maxExclusive);
        }

        public void FillUniform(Span<float> values, float low, float high)
        {
            for (int i = 0; i < values.Length; i++) values[i] = NextUniform(low, high);
        }
    }
}
