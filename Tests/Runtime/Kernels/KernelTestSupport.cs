// Shared inputs and comparisons for the kernel tests: deterministic data, every length 0..256 plus a few long ones,
// and asserts whose failure message names the first differing index with both values. C# 9 / NUnit 3.5-safe.
using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace Recurrent.Tests.Kernels
{
    /// <summary>Which driver a test runs: the public entry point, or the .NET Standard (Vector&lt;float&gt;) path.</summary>
    public enum KernelLoop
    {
        Native,
        Portable,
    }

    internal static class KernelTestData
    {
        /// <summary>0..256 (every tail of every width up to 16 floats, several times over) plus two long lengths.</summary>
        public static IEnumerable<int> Lengths()
        {
            for (int n = 0; n <= 256; n++) yield return n;
            yield return 1000;
            yield return 4099;
        }

        /// <summary>Deterministic uniform floats in [min, max) (xorshift32, so runs are reproducible).</summary>
        public static float[] Uniform(int length, uint seed, float min, float max)
        {
            var values = new float[length];
            uint state = seed * 2654435761u + 1u;
            for (int i = 0; i < length; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                values[i] = min + (max - min) * ((state >> 8) * (1f / 16777216f));
            }
            return values;
        }
    }

    internal static class KernelAssert
    {
        /// <summary>Every element has the same bits (NaNs included).</summary>
        public static void BitwiseEqual(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string context)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), context + ": length");
            for (int i = 0; i < expected.Length; i++)
            {
                int a = BitConverter.SingleToInt32Bits(actual[i]);
                int e = BitConverter.SingleToInt32Bits(expected[i]);
                if (a != e)
                {
                    Assert.That(a, Is.EqualTo(e),
                        $"{context}: first difference at index {i} of {expected.Length}: expected {expected[i]:R}, actual {actual[i]:R}");
                }
            }
        }

        /// <summary>
        /// |actual - expected| ≤ absolute + relative·|expected| everywhere; NaN only where expected is NaN and infinities
        /// exactly where expected has them.
        /// </summary>
        public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double absolute, double relative, string context)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), context + ": length");
            for (int i = 0; i < expected.Length; i++)
            {
                float a = actual[i], e = expected[i];
                if (IsClose(a, e, absolute, relative)) continue;
                double tolerance = absolute + relative * Math.Abs((double)e);
                string message = $"{context}: first difference at index {i} of {expected.Length}: expected {e:R}, actual {a:R}, " +
                    $"tolerance {tolerance:G3}";
                if (float.IsNaN(e) || float.IsInfinity(e) || float.IsNaN(a) || float.IsInfinity(a))
                    Assert.That(a, Is.EqualTo(e), message);
                else
                    Assert.That((double)a, Is.EqualTo((double)e).Within(tolerance), message);
            }
        }

        public static bool IsClose(float actual, float expected, double absolute, double relative)
        {
            if (float.IsNaN(expected) || float.IsNaN(actual)) return float.IsNaN(expected) && float.IsNaN(actual);
            if (float.IsInfinity(expected) || float.IsInfinity(actual)) return actual == expected;
            return Math.Abs((double)actual - expected) <= absolute + relative * Math.Abs((double)expected);
        }
    }
}
