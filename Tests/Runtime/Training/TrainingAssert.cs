// Comparisons shared by the training-math tests: element-wise closeness whose failure names the first differing index
// with both values, bit equality for determinism, and a small deterministic data source. C# 9 / NUnit 3.5-safe.
#nullable enable
using System;
using NUnit.Framework;

namespace Recurrent.Tests.Training
{
    internal static class TrainingAssert
    {
        /// <summary>|actual − expected| ≤ absolute + relative·|expected| at every index; the message names the first failure.</summary>
        public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length differs.");
            for (int i = 0; i < expected.Length; i++)
            {
                double tolerance = absolute + relative * Math.Abs(expected[i]);
                if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                {
                    double a = actual[i];
                    Assert.That(a, Is.EqualTo(expected[i]).Within(tolerance),
                        $"{what}: first difference at [{i}] of {expected.Length}: expected {expected[i]:R}, got {a:R} (tolerance {tolerance:G3}).");
                }
            }
        }

        /// <summary>Same bits at every index (so two fills are identical, NaN payloads and signed zeros included).</summary>
        public static void BitExact(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length differs.");
            for (int i = 0; i < expected.Length; i++)
            {
                int e = BitConverter.SingleToInt32Bits(expected[i]), a = BitConverter.SingleToInt32Bits(actual[i]);
                if (e != a)
                    Assert.That(a, Is.EqualTo(e), $"{what}: first difference at [{i}]: expected {expected[i]:R}, got {actual[i]:R}.");
            }
        }

        /// <summary>n values uniform in [min, max), reproducible (System.Random with a fixed seed is stable within a runtime).</summary>
        public static float[] Uniform(int seed, int n, double min, double max)
        {
            var rng = new Random(seed);
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float)(min + (max - min) * rng.NextDouble());
            return v;
        }

        public static double[] ToDouble(ReadOnlySpan<float> values)
        {
            var d = new double[values.Length];
            for (int i = 0; i < d.Length; i++) d[i] = values[i];
            return d;
        }
    }
}
