// Runs one recurrent ONNX test case through RecurrentOp and asserts every declared output's shape and values.
// Shared by the ONNX conformance and ONNX Runtime fixtures; which cases to run is theirs to decide.
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    internal static class RecurrentCaseAssert
    {
        /// <summary>
        /// Loads <paramref name="caseDirectory"/>, runs its RNN/GRU/LSTM node and checks every graph output. All outputs
        /// are compared before failing, so one message lists each output that is off (case, output, first differing
        /// flat index, actual, expected, mismatch count).
        /// </summary>
        public static void MatchesExpectedOutputs(string caseDirectory, System.Action<Recurrent.Ops.RecurrentOpAttributes>? adjust = null)
        {
            OnnxTestCase testCase = OnnxTestCase.Load(caseDirectory);
            if (!OnnxRecurrentRunner.IsRecurrent(testCase.Node.OpType))
            {
                Assert.Ignore($"{testCase.Name}: op {testCase.Node.OpType} is not RNN, GRU or LSTM.");
            }

            IReadOnlyList<OnnxRunOutput> produced = OnnxRecurrentRunner.Run(testCase, adjust);
            Assert.That(produced.Count, Is.EqualTo(testCase.GraphOutputs.Count), $"{testCase.Name}: number of outputs");

            var failures = new List<string>();
            foreach (OnnxRunOutput output in produced)
            {
                OnnxTensor expected = testCase.ExpectedOutput(output.Name)
                    ?? throw new InvalidDataException($"{testCase.Name}: no expected data for output '{output.Name}'.");
                string shapeText = "[" + string.Join(",", output.Dims) + "]";
                if (!ShapesEqual(output.Dims, expected.Dims))
                {
                    failures.Add($"{testCase.Name}/{output.Name}: shape {shapeText}, expected {expected.ShapeText}.");
                    continue;
                }

                OnnxOutputComparison comparison = OnnxOutputComparison.Compare(output.Data, expected.AsFloats());
                TestContext.Out.WriteLine(comparison.Describe(testCase.Name, output.Name));
                if (comparison.MismatchCount > 0) failures.Add(comparison.Describe(testCase.Name, output.Name));
            }

            Assert.That(failures.Count, Is.EqualTo(0), string.Join("\n", failures));
        }

        private static bool ShapesEqual(long[] a, long[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }
    }
}
