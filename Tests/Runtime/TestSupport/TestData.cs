// Deterministic test inputs and comparison helpers whose failure messages show the first differing values.
using System;
using NUnit.Framework;
using Recurrent.Core;

namespace Recurrent.Tests
{
    internal static class TestData
    {
        public static float[] Uniform(ulong seed, int n, float low = -1f, float high = 1f)
        {
            var rng = new DeterministicRandom(seed);
            var a = new float[n];
            rng.FillUniform(a, low, high);
            return a;
        }

        /// <summary>Asserts |a - e| &lt;= abs + rel·|e| everywhere; the message names the first offender.</summary>
        public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double abs, double rel, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length");
            int bad = 0, first = -1;
            double worst = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double diff = Math.Abs(actual[i] - expected[i]);
                worst = Math.Max(worst, diff);
                if (!(diff <= abs + rel * Math.Abs(expected[i])))
                {
                    if (first < 0) first = i;
                    bad++;
                }
            }
            if (bad > 0)
                Assert.Fail($"{what}: {bad} of {actual.Length} values differ; first at [{first}]: actual {actual[first]:R}, expected {expected[first]:R}; max |diff| {worst:E3}");
            Assert.That(bad, Is.EqualTo(0));
        }

        public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double abs, double rel, string what)
        {
            var e = new double[expected.Length];
            for (int i = 0; i < e.Length; i++) e[i] = expected[i];
            AssertClose(actual, e, abs, rel, what);
        }
    }
}
