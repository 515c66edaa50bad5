// Every ONNX node conformance case (Tests/Fixtures~/onnx-conformance: 71 single-op + 27 recurrent) run as a whole
// model through OnnxGraphExecutor, decoded by both the protobuf oracle and the runtime's OnnxReader.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxGraphConformanceTests
    {
        /// <summary>The fixture README lists 98 case folders.</summary>
        private const int ExpectedCaseCount = 98;

        /// <summary>
        /// The ONNX backend test runner's bound (numpy assert_allclose rtol = 1e-3, atol = 1e-7), so a case passes here
        /// exactly when it would pass ONNX's own conformance run.
        /// </summary>
        private const double AbsoluteTolerance = OnnxOutputComparison.AbsoluteTolerance;

        /// <inheritdoc cref="AbsoluteTolerance"/>
        private const double RelativeTolerance = OnnxOutputComparison.RelativeTolerance;

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (string dir in OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance))
                foreach (OnnxModelSource source in new[] { OnnxModelSource.Oracle, OnnxModelSource.Reader })
                    yield return new TestCaseData(dir, source).SetArgDisplayNames(Path.GetFileName(dir), source.ToString());
        }

        [Test]
        public void ConformanceFolder_HoldsAll98Cases()
        {
            string[] names = OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance).Select(d => Path.GetFileName(d)!).ToArray();

            Assert.That(names.Length, Is.EqualTo(ExpectedCaseCount), $"Cases in {FixturePaths.OnnxConformance}: {string.Join(", ", names)}");
        }

        [TestCaseSource(nameof(Cases))]
        public void GraphExecutor_MatchesOnnxConformanceOutputs(string caseDirectory, OnnxModelSource source)
        {
            string name = Path.GetFileName(caseDirectory)!;
            OnnxModel model = OnnxGraphTestSupport.LoadModel(Path.Combine(caseDirectory, OnnxTestCase.ModelFileName), source);
            var executor = new OnnxGraphExecutor(model);
            string data = Path.Combine(caseDirectory, OnnxTestCase.DefaultDataSet);

            // input_N.pb belongs to the N-th graph input that is not an initializer: exactly executor.Inputs[N].
            var inputs = new Dictionary<string, OnnxValue>();
            for (int i = 0; i < executor.Inputs.Count; i++)
                inputs[executor.Inputs[i].Name] = OnnxGraphTestSupport.LoadTensor(Path.Combine(data, $"input_{i}.pb"), source);
            Assert.That(File.Exists(Path.Combine(data, $"input_{executor.Inputs.Count}.pb")), Is.False,
                $"{name}: more input files than graph inputs ({executor.Inputs.Count}).");

            OnnxGraphOutputs outputs = executor.Run(inputs);

            Assert.That(outputs.Count, Is.EqualTo(model.Graph.Outputs.Length), $"{name}: output count");
            for (int i = 0; i < outputs.Count; i++)
            {
                OnnxValue expected = OnnxGraphTestSupport.LoadTensor(Path.Combine(data, $"output_{i}.pb"), source);
                OnnxGraphTestSupport.AssertMatches(outputs[i], expected, AbsoluteTolerance, RelativeTolerance, $"{name}/{outputs.Names[i]}");
            }
        }
    }
}
