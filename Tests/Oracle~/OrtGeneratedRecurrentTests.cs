// RecurrentOp against cases whose expected outputs ONNX Runtime computed (Tests/Fixtures~/ort-generated), in the
// same model.onnx + test_data_set_0 layout as the ONNX node tests. Generating those files is another tool's job.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OrtGeneratedRecurrentTests
    {
        private const string NoCasesMarker = "";

        public static IEnumerable<TestCaseData> OrtCases()
        {
            string root = FixturePaths.OrtGenerated;
            string[] directories = Directory.Exists(root)
                ? Directory.GetDirectories(root, "*", SearchOption.AllDirectories)
                    .Where(d => File.Exists(Path.Combine(d, OnnxTestCase.ModelFileName)))
                    .OrderBy(d => d, System.StringComparer.Ordinal)
                    .ToArray()
                : new string[0];
            if (directories.Length == 0)
            {
                return new[] { new TestCaseData(NoCasesMarker).SetArgDisplayNames("no-ort-generated-cases") };
            }

            return directories.Select(d => new TestCaseData(d).SetArgDisplayNames(Path.GetRelativePath(root, d).Replace('\\', '/')));
        }

        [TestCaseSource(nameof(OrtCases))]
        public void RecurrentOp_MatchesOnnxRuntime(string caseDirectory)
        {
            if (caseDirectory == NoCasesMarker)
            {
                Assert.Ignore($"No ONNX Runtime generated cases: {FixturePaths.OrtGenerated} is missing or holds no model.onnx.");
            }

            RecurrentCaseAssert.MatchesExpectedOutputs(caseDirectory);
        }
    }
}
