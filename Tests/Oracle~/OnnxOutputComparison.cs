// Element-wise comparison of a produced output with an ONNX expected output, with the ONNX backend test tolerance.
// Test-only oracle helper; it reports, the tests decide.
using System;
using System.Globalization;

namespace Recurrent.Tests.Oracle
{
    internal sealed class OnnxOutputComparison
    {
        /// <summary>
        /// The ONNX backend test runner compares with <c>numpy.testing.assert_allclose(rtol=1e-3, atol=1e-7)</c>,
        /// i.e. <c>|actual - expected| &lt;= 1e-7 + 1e-3 * |expected|</c>. Using the same bound means a case passes here
        /// exactly when it would pass ONNX's own conformance run.
        /// </summary>
        public const double AbsoluteTolerance = 1e-7;

        /// <inheritdoc cref="AbsoluteTolerance"/>
        public const double RelativeTolerance = 1e-3;

        private OnnxOutputComparison()
        {
        }

        public int Count { get; private set; }

        public int MismatchCount { get; private set; }

        /// <summary>Flat (row-major) index of the first element outside the tolerance, or -1.</summary>
        public int FirstMismatchIndex { get; private set; } = -1;

        public float FirstMismatchActual { get; private set; }

        public float FirstMismatchExpected { get; private set; }

        public double MaxAbsoluteError { get; private set; }

        public int MaxAbsoluteErrorIndex { get; private set; } = -1;

        public static bool IsClose(float actual, float expected)
        {
            double difference = Math.Abs((double)actual - expected);
            // Written so that NaN on either side counts as a mismatch.
            return difference <= AbsoluteTolerance + RelativeTolerance * Math.Abs((double)expected);
        }

        public static OnnxOutputComparison Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length)
            {
                throw new ArgumentException($"Length mismatch: actual {actual.Length}, expected {expected.Length}.");
            }

            var result = new OnnxOutputComparison { Count = actual.Length };
            for (int i = 0; i < actual.Length; i++)
            {
                double error = Math.Abs((double)actual[i] - expected[i]);
                if (double.IsNaN(error)) error = double.PositiveInfinity; // a NaN is the worst error there is
                if (result.MaxAbsoluteErrorIndex < 0 || error > result.MaxAbsoluteError)
                {
                    result.MaxAbsoluteError = error;
                    result.MaxAbsoluteErrorIndex = i;
                }

                if (IsClose(actual[i], expected[i])) continue;
                if (result.MismatchCount == 0)
                {
                    result.FirstMismatchIndex = i;
                    result.FirstMismatchActual = actual[i];
                    result.FirstMismatchExpected = expected[i];
                }

                result.MismatchCount++;
            }

            return result;
        }

        /// <summary>One line for a failure message or the test log.</summary>
        public string Describe(string caseName, string outputName)
        {
            string max = MaxAbsoluteErrorIndex < 0
                ? "no elements"
                : $"max |actual-expected| = {Format(MaxAbsoluteError)} at flat index {MaxAbsoluteErrorIndex}";
            if (MismatchCount == 0) return $"{caseName}/{outputName}: all {Count} elements within tolerance; {max}.";
            return $"{caseName}/{outputName}: {MismatchCount} of {Count} elements differ beyond " +
                   $"|a-e| <= {Format(AbsoluteTolerance)} + {Format(RelativeTolerance)}*|e|; first at flat index {FirstMismatchIndex}: " +
                   $"actual {Format(FirstMismatchActual)}, expected {Format(FirstMismatchExpected)}; {max}.";
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
