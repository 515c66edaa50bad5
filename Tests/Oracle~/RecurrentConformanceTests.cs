// RecurrentOp against the ONNX node conformance data (official RNN/GRU/LSTM cases plus the supp_* gap fillers).
// The fixture files are Tests/Fixtures~/onnx-conformance; their README says what each case covers.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class RecurrentConformanceTests
    {
        /// <summary>18 official ONNX recurrent cases + 9 supplementary ones (see the fixture README).</summary>
        private const int ExpectedRecurrentCaseCount = 27;

        public static IEnumerable<TestCaseData> RecurrentCases() =>
            RecurrentCaseDirectories().Select(d => new TestCaseData(d).SetArgDisplayNames(Path.GetFileName(d)));

        [Test]
        public void OnnxConformanceFolder_HoldsAll27RecurrentCases()
        {
            string[] names = RecurrentCaseDirectories().Select(d => Path.GetFileName(d)!).ToArray();

            Assert.That(names.Length, Is.EqualTo(ExpectedRecurrentCaseCount),
                $"Recurrent cases found in {FixturePaths.OnnxConformance}: {string.Join(", ", names)}");
        }

        [TestCaseSource(nameof(RecurrentCases))]
        public void RecurrentOp_MatchesOnnxConformance(string caseDirectory)
        {
            RecurrentCaseAssert.MatchesExpectedOutputs(caseDirectory);
        }

        internal static string[] RecurrentCaseDirectories() =>
            OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance)
                .Where(d => IsRecurrentCaseName(Path.GetFileName(d)!))
                .ToArray();

        private static bool IsRecurrentCaseName(string name) =>
            name.StartsWith("supp_", StringComparison.Ordinal)
            || (name.StartsWith("test_", StringComparison.Ordinal)
                && (name.Contains("rnn", StringComparison.Ordinal)
                    || name.Contains("gru", StringComparison.Ordinal)
                    || name.Contains("lstm", StringComparison.Ordinal)));
    }
}
