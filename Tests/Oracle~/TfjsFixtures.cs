// Shared by the TensorFlow.js oracle tests: the fixture cases of a folder under Tests/Fixtures~ and the element-wise
// comparison with the first and worst offending index in its message.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    internal static class TfjsFixtures
    {
        public static string Directory(string folder) => Path.Combine(FixturePaths.Fixtures, folder);

        /// <summary>One case per *.json in the folder, by name; a single "missing-…" case (which fails on load) when none.</summary>
        public static IEnumerable<TestCaseData> Cases(string folder)
        {
            string dir = Directory(folder);
            string[] files = System.IO.Directory.Exists(dir)
                ? System.IO.Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray()
                : new string[0];
            if (files.Length == 0) return new[] { new TestCaseData("").SetArgDisplayNames($"missing-{folder}-fixtures") };
            return files.Select(f => new TestCaseData(Path.GetFileNameWithoutExtension(f)).SetArgDisplayNames(Path.GetFileNameWithoutExtension(f)));
        }

        /// <summary>|ours − tfjs| ≤ abs + rel·|tfjs| everywhere (NaN fails); prints the observed maxima.</summary>
        public static void AssertClose(string what, float[] actual, float[] expected, double abs, double rel)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
            int worst = -1, firstBad = -1;
            double worstExcess = double.NegativeInfinity, maxAbs = 0, maxRel = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double d = Math.Abs((double)actual[i] - expected[i]);
                double bound = abs + rel * Math.Abs(expected[i]);
                maxAbs = Math.Max(maxAbs, double.IsNaN(d) ? double.PositiveInfinity : d);
                if (expected[i] != 0f) maxRel = Math.Max(maxRel, d / Math.Abs(expected[i]));
                if (!(d <= bound) && firstBad < 0) firstBad = i;
                if (d - bound > worstExcess || double.IsNaN(d)) { worstExcess = double.IsNaN(d) ? double.PositiveInfinity : d - bound; worst = i; }
            }
            TestContext.Out.WriteLine($"{what}: max |Δ| {maxAbs:E2}, max rel {maxRel:E2} over {actual.Length} values");
            Assert.That(firstBad, Is.EqualTo(-1), firstBad < 0 ? what : string.Format(
                "{0}: index {1} differs first: ours {2:R}, tfjs {3:R} (|Δ| {4:E3}, rel {5:E3}, bound {6:E1} + {7:E1}·|tfjs|); " +
                "worst index {8}: ours {9:R}, tfjs {10:R}; max |Δ| {11:E3}",
                what, firstBad, actual[firstBad], expected[firstBad], Math.Abs((double)actual[firstBad] - expected[firstBad]),
                Math.Abs((double)actual[firstBad] - expected[firstBad]) / Math.Abs(expected[firstBad]), abs, rel,
                worst, actual[worst], expected[worst], maxAbs));
        }
    }
}
