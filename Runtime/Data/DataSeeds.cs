// Derives independent DeterministicRandom seeds for (seed, epoch, batch) so any epoch or batch can be regenerated on
// its own, in any order, with the same result. Uses SplitMix64's output function as the mixer.
using Recurrent.Core;

namespace Recurrent.Data
{
    internal static class DataSeeds
    {
        public static ulong Derive(ulong seed, long a, long b = 0)
        {
            ulong x = new DeterministicRandom(seed).NextUInt64();
            x = new DeterministicRandom(x ^ (ulong)a).NextUInt64();
            return new DeterministicRandom(x ^ (ulong)b).NextUInt64();
        }

        /// <summary>Fisher–Yates shuffle of <paramref name="values"/> driven by <paramref name="random"/>.</summary>
        public static void Shuffle(int[] values, DeterministicRandom random)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                int tmp = values[i];
                values[i] = values[j];
                values[j] = tmp;
            }
        }
    }
}
