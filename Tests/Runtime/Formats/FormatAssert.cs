// Random weights and first-difference assertions shared by the Formats tests.
// Plain C# 9 and NUnit 3.5-safe (Assert.That only), so Unity can compile it too.
#nullable enable
using System;
using NUnit.Framework;

namespace Recurrent.Tests.Formats
{
    internal static class FormatAssert
    {
        /// <summary>n values uniform in [-1, 1), reproducible from the generator's seed.</summary>
        public static float[] RandomValues(Random rng, int n)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2.0 - 1.0);
            return v;
        }

        /// <summary>Asserts the arrays hold the same bits (so -0 differs from 0), naming the first differing index.</summary>
        public static void BitExact(float[]? expected, float[]? actual, string what)
        {
            Assert.That(actual is null, Is.EqualTo(expected is null), what + ": presence differs.");
            if (expected is null || actual is null) return;
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length differs.");
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.That(actual[i], Is.EqualTo(expected[i]),
                        $"{what}: first difference at [{i}]: expected {expected[i]:R}, got {actual[i]:R}.");
                    Assert.That(BitConverter.SingleToInt32Bits(actual[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected[i])),
                        $"{what}: first difference at [{i}] is the sign of zero.");
                }
            }
        }

        /// <summary>Asserts |actual - expected| ≤ tolerance everywhere, naming the first index that is not.</summary>
        public static void Close(double[] expected, ReadOnlySpan<float> actual, double tolerance, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length differs.");
            for (int i = 0; i < expected.Length; i++)
            {
                if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                {
                    float a = actual[i];
                    Assert.That(a, Is.EqualTo(expected[i]).Within(tolerance),
                        $"{what}: first difference at [{i}]: expected {expected[i]:R}, got {a:R}.");
                }
            }
        }
    }
}
