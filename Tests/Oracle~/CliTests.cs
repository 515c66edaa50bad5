// The `recurrent` command-line tool (Editor/Cli), called in-process through Program.Run: predict against ONNX Runtime's
// reference outputs and ONNX's conformance data, inspect, convert (round trip through a model file) and error reporting.
// Lives in Oracle~ because it references the net10.0 tool assembly and builds ONNX files with Google.Protobuf.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Cli;
using Recurrent.Editor;
using Recurrent.Formats;
using Recurrent.Formats.Onnx;
using Proto = Recurrent.Tests.Oracle.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    [Category("Cli")]
    public sealed class CliTests
    {
        /// <summary>
        /// The shared README's suggested bound for ONNX Runtime's reference outputs: our float32 kernels sum in another
        /// order than ONNX Runtime's, and errors compound over hundreds of steps.
        /// </summary>
        private const double ReferenceAbsoluteTolerance = 1e-4;

        /// <inheritdoc cref="ReferenceAbsoluteTolerance"/>
        private const double ReferenceRelativeTolerance = 1e-4;

        /// <summary>ONNX's conformance outputs come from numpy in float32; a few ulps over a short sequence.</summary>
        private const double ConformanceTolerance = 1e-5;

        /// <summary>
        /// A converted model runs on the layer kernels, the ONNX file on the graph executor: same float32 arithmetic, maybe
        /// another summation order (the importer verifies its own mapping to 1e-4; the round trip must be tighter).
        /// </summary>
        private const double RoundTripTolerance = 1e-5;

        private static readonly string[] s_realModels =
        {
            "keras2onnx-lstm-dtln", "pt03-lstm-h0c0", "pt112-lstm2-fairtalk", "pt113-rnn-embed", "pt13-lstm-mnist",
            "pt201-lstm-expand-h0", "pt22-loop-lstm-coffee", "pt26-gru2-pose", "pt291-lstm-lengths-if", "tf2onnx-bilstm-apple",
            "tf2onnx-loop-gru-water", "tf2onnx-lstm-autoencoder", "tf2onnx-lstm-tiny", "tf2onnx-lstm2-water", "tf2onnx-op9-lstm-exercise",
        };

        /// <summary>Real exports that are plain layer chains, so `convert` must accept them.</summary>
        private static readonly string[] s_mappableRealModels = { "tf2onnx-lstm-tiny", "pt13-lstm-mnist", "tf2onnx-op9-lstm-exercise" };

        private string _temp = "";

        [OneTimeSetUp]
        public void CreateTempFolder()
        {
            _temp = Path.Combine(Path.GetTempPath(), "recurrent-cli-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(_temp);
        }

        [OneTimeTearDown]
        public void DeleteTempFolder()
        {
            try
            {
                Directory.Delete(_temp, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        // ---------------------------------------------------------------- predict

        public static IEnumerable<TestCaseData> RealModels() =>
            s_realModels.Select(name => new TestCaseData(name).SetArgDisplayNames(name));

        [TestCaseSource(nameof(RealModels))]
        public void Predict_RealOnnxModel_MatchesOnnxRuntimeReference(string name)
        {
            string dir = RealModelDirectory(name);
            string output = TempPath(name + ".out.json");

            CliResult result = Cli("predict", Path.Combine(dir, "model.onnx"), "--input", Path.Combine(dir, "reference_input.json"), "--output", output);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Is.Empty, result.ToString());
            List<(string Name, OnnxValue Value)> actual = ReadTensors(output, "outputs");
            List<(string Name, OnnxValue Value)> expected = ReadTensors(Path.Combine(dir, "reference_output.json"), "outputs");
            Assert.That(actual.Select(t => t.Name), Is.EqualTo(expected.Select(t => t.Name)), $"{name}: output names in graph order");
            for (int i = 0; i < expected.Count; i++)
                OnnxGraphTestSupport.AssertMatches(actual[i].Value, expected[i].Value, ReferenceAbsoluteTolerance, ReferenceRelativeTolerance,
                    $"{name}/{expected[i].Name}");
        }

        [Test]
        public void Predict_ConformanceCaseWithIntegerSequenceLengths_MatchesOnnxExpectedOutputs()
        {
            string dir = Path.Combine(FixturePaths.OnnxConformance, "supp_lstm_sequence_lens_bidirectional");
            if (!File.Exists(Path.Combine(dir, "model.onnx"))) Assert.Ignore($"{dir} is absent.");
            var testCase = OnnxTestCase.Load(dir);
            var fed = testCase.GraphInputs.Where(i => !testCase.Initializers.ContainsKey(i.Name)).ToList();
            var inputs = fed.Select((info, i) => (info.Name, OracleToIr.Value(testCase.InputData[i]))).ToList();
            Assert.That(inputs.Any(t => OnnxValue.IsIntegerType(t.Item2.ElementType)), Is.True, "the case feeds an integer input");
            string inputPath = TempPath("conformance.in.json");
            WriteTensors(inputPath, "inputs", inputs);
            string output = TempPath("conformance.out.json");

            CliResult result = Cli("predict", Path.Combine(dir, "model.onnx"), "-i", inputPath, "-o", output);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            List<(string Name, OnnxValue Value)> actual = ReadTensors(output, "outputs");
            Assert.That(actual.Select(t => t.Name), Is.EqualTo(testCase.GraphOutputs.Select(o => o.Name)), "outputs in graph order");
            for (int i = 0; i < actual.Count; i++)
                OnnxGraphTestSupport.AssertMatches(actual[i].Value, OracleToIr.Value(testCase.OutputData[i]), ConformanceTolerance,
                    ConformanceTolerance, $"{testCase.Name}/{actual[i].Name}");
        }

        [Test]
        public void Predict_Int64LengthsForAnInt32Input_AreConvertedToTheDeclaredType()
        {
            // supp_lstm_sequence_lens_bidirectional declares sequence_lens int32; a JSON file that says int64 still runs.
            string dir = Path.Combine(FixturePaths.OnnxConformance, "supp_lstm_sequence_lens_bidirectional");
            if (!File.Exists(Path.Combine(dir, "model.onnx"))) Assert.Ignore($"{dir} is absent.");
            var testCase = OnnxTestCase.Load(dir);
            var fed = testCase.GraphInputs.Where(i => !testCase.Initializers.ContainsKey(i.Name)).ToList();
            var inputs = fed.Select((info, i) =>
            {
                OnnxValue v = OracleToIr.Value(testCase.InputData[i]);
                return (info.Name, OnnxValue.IsIntegerType(v.ElementType) ? OnnxValue.FromInt64s(v.AsInt64s().ToArray(), v.GetShape()) : v);
            }).ToList();
            string inputPath = TempPath("conformance64.in.json");
            WriteTensors(inputPath, "inputs", inputs);

            CliResult result = Cli("predict", Path.Combine(dir, "model.onnx"), "-i", inputPath);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            List<(string Name, OnnxValue Value)> actual = ParseTensors(result.Stdout, "outputs");
            OnnxGraphTestSupport.AssertMatches(actual[0].Value, OracleToIr.Value(testCase.OutputData[0]), ConformanceTolerance,
                ConformanceTolerance, "Y with int64 lengths");
        }

        [Test]
        public void Predict_ModelFileWithLengths_WritesExactlyWhatInferenceModelComputes()
        {
            Model model = new ModelBuilder(3, seed: 7).Lstm(5).Dense(2).Build("features");
            string modelPath = TempPath("features.rmodel");
            ModelFile.Save(model, modelPath);
            const int B = 2, T = 4;
            float[] x = Pseudo(B * T * 3, 1);
            int[] lengths = { 4, 2 };
            string inputPath = TempPath("features.in.json");
            WriteTensors(inputPath, "inputs", new List<(string, OnnxValue)>
            {
                ("x", OnnxValue.FromFloats(x, B, T, 3)), ("lengths", OnnxValue.FromInt64s(new long[] { 4, 2 }, B)),
            });
            string output = TempPath("features.out.json");

            CliResult result = Cli("predict", modelPath, "--input", inputPath, "--output", output);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            float[] expected = new InferenceModel(model).Predict(x, B, T, lengths);
            List<(string Name, OnnxValue Value)> actual = ReadTensors(output, "outputs");
            Assert.That(actual.Count, Is.EqualTo(1));
            Assert.That(actual[0].Name, Is.EqualTo("output"));
            Assert.That(actual[0].Value.GetShape(), Is.EqualTo(new[] { B, T, 2 }));
            // Written with round-trip precision, so every float reads back bit for bit.
            Assert.That(actual[0].Value.ToFloatArray(), Is.EqualTo(expected));
        }

        [Test]
        public void Predict_TokenModelFile_TakesIntegerIdsAndReturnsTheLastStep()
        {
            Model model = ModelBuilder.ForTokens(10, 4, seed: 3).Gru(6, returnSequences: false).Dense(3).Softmax().Build("tokens");
            string modelPath = TempPath("tokens.rmodel");
            ModelFile.Save(model, modelPath);
            int[] ids = { 1, 2, 3, 9, 0, 5 };
            string inputPath = TempPath("tokens.in.json");
            WriteTensors(inputPath, "inputs", new List<(string, OnnxValue)> { ("ids", OnnxValue.FromInt64s(ids.Select(i => (long)i).ToArray(), 2, 3)) });

            CliResult result = Cli("predict", modelPath, "--input", inputPath);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            var runner = new InferenceModel(model).CreateBatchRunner();
            var expected = new float[runner.OutputLength(2, 3)];
            runner.Run(ids, 2, 3, default, expected);
            List<(string Name, OnnxValue Value)> actual = ParseTensors(result.Stdout, "outputs");
            Assert.That(actual[0].Value.GetShape(), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(actual[0].Value.ToFloatArray(), Is.EqualTo(expected));
        }

        [Test]
        public void Predict_ModelFileGivenTheWrongFeatureCount_ExitsWith1NamingTheInputFile()
        {
            string modelPath = TempPath("wrong-features.rmodel");
            ModelFile.Save(new ModelBuilder(3).Lstm(2).Build(), modelPath);
            string inputPath = TempPath("wrong-features.in.json");
            WriteTensors(inputPath, "inputs", new List<(string, OnnxValue)> { ("x", OnnxValue.FromFloats(Pseudo(8, 2), 1, 2, 4)) });

            CliResult result = Cli("predict", modelPath, "--input", inputPath);

            AssertOneLineError(result, 1, inputPath);
            Assert.That(result.Stderr, Does.Contain("4 features").And.Contain("[B, T, 3]"));
        }

        // ---------------------------------------------------------------- inspect

        [Test]
        public void Inspect_ModelFile_ShowsTheSummaryMetadataPreprocessingAndWeightTypes()
        {
            Model model = new ModelBuilder(4, seed: 5).Gru(8, direction: Recurrent.Ops.RecurrentDirection.Bidirectional).Dense(3).Softmax().Build("gestures");
            string path = TempPath("gestures.rmodel");
            ModelFile.Save(model, path, new ModelFileOptions
            {
                WeightType = ModelWeightType.Float16,
                Preprocessing = new PreprocessingSettings { Labels = new List<string> { "circle", "swipe", "tap" } },
                Metadata = new Dictionary<string, string> { ["training.epochs"] = "12" },
            });

            CliResult result = Cli("inspect", path);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            foreach (string line in ModelSummary.Of(model).ToText().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
                Assert.That(result.Stdout, Does.Contain(line), "the ModelSummary table");
            Assert.That(result.Stdout, Does.Contain("format version 1"));
            Assert.That(result.Stdout, Does.Contain("all float16 on disk"));
            Assert.That(result.Stdout, Does.Contain("training.epochs = 12"));
            Assert.That(result.Stdout, Does.Contain("labels: 3 (circle, swipe, tap)"));
            Assert.That(result.Stdout, Does.Contain("Streaming: no"), "a bidirectional layer cannot stream");
            Assert.That(result.Stdout, Does.Contain("output 'output' [B, T, 3]"));
        }

        [Test]
        public void Inspect_OnnxConformanceLstm_ReportsHeaderInputsNodesAndWhyItDoesNotMap()
        {
            string path = Path.Combine(FixturePaths.OnnxConformance, "test_lstm_defaults", "model.onnx");
            if (!File.Exists(path)) Assert.Ignore($"{path} is absent.");

            CliResult result = Cli("inspect", path);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("IR version: "));
            Assert.That(result.Stdout, Does.Contain("opsets: ai.onnx "));
            Assert.That(result.Stdout, Does.Contain("'X' float32 ["));
            Assert.That(result.Stdout, Does.Contain("LSTM 1"));
            Assert.That(result.Stdout, Does.Contain("hidden_size ").And.Contain("direction forward"));
            Assert.That(result.Stdout, Does.Contain("Executor: runs"));
            Assert.That(result.Stdout, Does.Contain("Mapping: does not map onto layers: the graph has 3 inputs"));
        }

        [Test]
        public void Inspect_RealOnnxWithSymbolicDimensions_ShowsThemByName()
        {
            string dir = RealModelDirectory("pt26-gru2-pose");

            CliResult result = Cli("inspect", Path.Combine(dir, "model.onnx"));

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("'input' float32 [batch_size, sequence_length, 34]"));
            Assert.That(result.Stdout, Does.Contain("producer: pytorch 2.6.0"));
            Assert.That(result.Stdout, Does.Contain("hidden_size 64").And.Contain("linear_before_reset 1"));
            Assert.That(result.Stdout, Does.Match(@"Initializers: \d+ tensors, [\d,]+ parameters"));
        }

        [Test]
        public void Inspect_MappableOnnx_ShowsTheLayersItMapsOnto()
        {
            string path = WriteMappableOnnx("inspect-mappable.onnx");

            CliResult result = Cli("inspect", path);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("'x' float32 [time, batch, 3]"));
            Assert.That(result.Stdout, Does.Contain("LSTM 'lstm': hidden_size 4, direction forward, layout 0"));
            Assert.That(result.Stdout, Does.Contain("Mapping: maps onto layers"));
            Assert.That(result.Stdout, Does.Contain("LSTM(3 -> 4, sequences)"));
            Assert.That(result.Stdout, Does.Contain("float32 [T, B, 3] (time-major"));
        }

        // ---------------------------------------------------------------- convert

        [Test]
        public void Convert_MappableOnnx_WritesAModelFileThatPredictsLikeTheOnnx()
        {
            string onnx = WriteMappableOnnx("mappable.onnx");
            string modelPath = TempPath("mappable.rmodel");
            string inputPath = TempPath("mappable.in.json");
            const int T = 5, B = 2;
            WriteTensors(inputPath, "inputs", new List<(string, OnnxValue)> { ("x", OnnxValue.FromFloats(Pseudo(T * B * 3, 9), T, B, 3)) });

            CliResult convert = Cli("convert", onnx, "-o", modelPath);

            Assert.That(convert.ExitCode, Is.EqualTo(0), convert.ToString());
            Assert.That(convert.Stdout, Does.Contain("LSTM(3 -> 4, sequences)").And.Contain("wrote " + modelPath));
            Assert.That(File.Exists(modelPath), Is.True);
            AssertPredictionsAgree(onnx, modelPath, inputPath, "built LSTM graph");
        }

        public static IEnumerable<TestCaseData> MappableRealModels() =>
            s_mappableRealModels.Select(name => new TestCaseData(name).SetArgDisplayNames(name));

        [TestCaseSource(nameof(MappableRealModels))]
        public void Convert_RealChainModel_RoundTripsThroughPredict(string name)
        {
            string dir = RealModelDirectory(name);
            string modelPath = TempPath(name + ".rmodel");

            CliResult convert = Cli("convert", Path.Combine(dir, "model.onnx"), "--output", modelPath);

            Assert.That(convert.ExitCode, Is.EqualTo(0), convert.ToString());
            AssertPredictionsAgree(Path.Combine(dir, "model.onnx"), modelPath, Path.Combine(dir, "reference_input.json"), name);
        }

        [Test]
        public void Convert_GraphWithSeveralInputs_ExitsWith2AndSaysWhyWithoutWritingAFile()
        {
            string path = Path.Combine(FixturePaths.OnnxConformance, "test_lstm_defaults", "model.onnx");
            if (!File.Exists(path)) Assert.Ignore($"{path} is absent.");
            string modelPath = TempPath("unmappable.rmodel");

            CliResult result = Cli("convert", path, "-o", modelPath);

            AssertOneLineError(result, 2, path);
            Assert.That(result.Stderr, Does.Contain("cannot convert: the graph has 3 inputs").And.Contain("recurrent predict"));
            Assert.That(File.Exists(modelPath), Is.False);
        }

        [Test]
        public void Convert_LoopGraph_ExitsWith2NamingTheNodeThatCannotBeMapped()
        {
            string dir = RealModelDirectory("pt22-loop-lstm-coffee");

            CliResult result = Cli("convert", Path.Combine(dir, "model.onnx"), "-o", TempPath("loop.rmodel"));

            AssertOneLineError(result, 2, Path.Combine(dir, "model.onnx"));
            Assert.That(result.Stderr, Does.Contain("cannot be mapped onto layers; run it with `recurrent predict` instead"));
        }

        // ---------------------------------------------------------------- errors and global options

        [Test]
        public void Predict_MissingModelFile_ExitsWith1WithOneLineAndNoStackTrace()
        {
            string missing = TempPath("no-such-model.onnx");

            CliResult result = Cli("predict", missing, "--input", TempPath("no-such-input.json"));

            AssertOneLineError(result, 1, missing);
            Assert.That(result.Stderr, Does.Contain("file not found"));
        }

        [Test]
        public void Inspect_TruncatedOnnx_ExitsWith1WithOneLineAndNoStackTrace()
        {
            string source = Path.Combine(FixturePaths.OnnxConformance, "test_lstm_defaults", "model.onnx");
            if (!File.Exists(source)) Assert.Ignore($"{source} is absent.");
            byte[] bytes = File.ReadAllBytes(source);
            string path = TempPath("truncated.onnx");
            File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());

            CliResult result = Cli("inspect", path);

            AssertOneLineError(result, 1, path);
        }

        [Test]
        public void Predict_CorruptModelFile_ExitsWith1WithOneLineAndNoStackTrace()
        {
            string path = TempPath("corrupt.rmodel");
            File.WriteAllText(path, "this is not MessagePack");
            string inputPath = TempPath("corrupt.in.json");
            WriteTensors(inputPath, "inputs", new List<(string, OnnxValue)> { ("x", OnnxValue.FromFloats(new float[3], 1, 1, 3)) });

            CliResult result = Cli("predict", path, "-i", inputPath);

            AssertOneLineError(result, 1, path);
            Assert.That(result.Stderr, Does.Contain("not a Recurrent model file"));
        }

        [Test]
        public void Predict_MalformedInputJson_ExitsWith1NamingTheJsonFile()
        {
            string modelPath = TempPath("json-errors.rmodel");
            ModelFile.Save(new ModelBuilder(3).Lstm(2).Build(), modelPath);
            string inputPath = TempPath("malformed.json");
            File.WriteAllText(inputPath, "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 1, 3], \"data\": [1, 2");

            CliResult result = Cli("predict", modelPath, "-i", inputPath);

            AssertOneLineError(result, 1, inputPath);
            Assert.That(result.Stderr, Does.Contain("not valid JSON"));
        }

        [Test]
        public void Predict_DataCountNotMatchingShape_ExitsWith1SayingBoth()
        {
            string modelPath = TempPath("count-errors.rmodel");
            ModelFile.Save(new ModelBuilder(3).Lstm(2).Build(), modelPath);
            string inputPath = TempPath("count.json");
            File.WriteAllText(inputPath, "{\"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [1, 2, 3], \"data\": [1, 2, 3]}]}");

            CliResult result = Cli("predict", modelPath, "-i", inputPath);

            AssertOneLineError(result, 1, inputPath);
            Assert.That(result.Stderr, Does.Contain("3 values but shape [1, 2, 3] needs 6"));
        }

        [Test]
        public void Verbose_OnError_AlsoPrintsTheStackTrace()
        {
            string path = TempPath("verbose.rmodel");
            File.WriteAllText(path, "not a model");

            CliResult result = Cli("inspect", path, "--verbose");

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("error: "));
            Assert.That(result.Stderr, Does.Contain("ModelFormatException").And.Contain("   at "));
        }

        [Test]
        public void Version_PrintsTheToolVersion()
        {
            CliResult result = Cli("--version");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            string expected = typeof(Program).Assembly.GetName().Version!.ToString(3);
            Assert.That(result.Stdout.Trim(), Does.StartWith(expected));
        }

        [Test]
        public void Help_ListsTheThreeCommands()
        {
            CliResult result = Cli("--help");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("recurrent [command] [options]"));
            Assert.That(result.Stdout, Does.Contain("predict <model>").And.Contain("inspect <model>").And.Contain("convert <model>"));
        }

        [Test]
        public void UnknownCommand_ExitsWithAnError()
        {
            CliResult result = Cli("frobnicate");

            Assert.That(result.ExitCode, Is.Not.EqualTo(0));
            Assert.That(result.Stderr, Does.Contain("frobnicate"));
        }

        // ---------------------------------------------------------------- helpers

        private sealed class CliResult
        {
            public int ExitCode;
            public string Stdout = "";
            public string Stderr = "";

            public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
        }

        private static CliResult Cli(params string[] args)
        {
            var stdout = new StringWriter(CultureInfo.InvariantCulture);
            var stderr = new StringWriter(CultureInfo.InvariantCulture);
            int code = Program.Run(args, stdout, stderr);
            return new CliResult { ExitCode = code, Stdout = stdout.ToString(), Stderr = stderr.ToString() };
        }

        private static void AssertOneLineError(CliResult result, int exitCode, string path)
        {
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
            string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines.Length, Is.EqualTo(1), "exactly one line on stderr:\n" + result.Stderr);
            Assert.That(lines[0], Does.StartWith("error: ").And.Contain(path), "the line names the file");
            Assert.That(result.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace without --verbose");
        }

        /// <summary>Runs predict on the ONNX file and on the model file with the same JSON and compares every output.</summary>
        private void AssertPredictionsAgree(string onnxPath, string modelPath, string inputPath, string label)
        {
            string fromOnnx = TempPath(Path.GetFileName(modelPath) + ".onnx-out.json");
            string fromModel = TempPath(Path.GetFileName(modelPath) + ".model-out.json");
            CliResult a = Cli("predict", onnxPath, "-i", inputPath, "-o", fromOnnx);
            CliResult b = Cli("predict", modelPath, "-i", inputPath, "-o", fromModel);
            Assert.That(a.ExitCode, Is.EqualTo(0), a.ToString());
            Assert.That(b.ExitCode, Is.EqualTo(0), b.ToString());
            List<(string Name, OnnxValue Value)> expected = ReadTensors(fromOnnx, "outputs");
            List<(string Name, OnnxValue Value)> actual = ReadTensors(fromModel, "outputs");
            Assert.That(actual.Select(t => t.Name), Is.EqualTo(expected.Select(t => t.Name)), $"{label}: the model file keeps the graph's output name");
            for (int i = 0; i < expected.Count; i++)
                OnnxGraphTestSupport.AssertMatches(actual[i].Value, expected[i].Value, RoundTripTolerance, RoundTripTolerance, $"{label}/{expected[i].Name}");
        }

        private string TempPath(string name) => Path.Combine(_temp, name);

        /// <summary>The permissive copies in Tests/Fixtures~/onnx-real first, then ../shared/onnx-real, then /work/shared.</summary>
        private static string RealModelDirectory(string name)
        {
            var roots = new[]
            {
                Path.Combine(FixturePaths.Fixtures, "onnx-real"),
                Path.Combine(FixturePaths.Root, "..", "shared", "onnx-real"),
                "/work/shared/onnx-real",
            };
            foreach (string root in roots)
            {
                string dir = Path.Combine(root, name);
                if (File.Exists(Path.Combine(dir, "model.onnx")) && File.Exists(Path.Combine(dir, "reference_input.json")))
                    return Path.GetFullPath(dir);
            }
            Assert.Ignore($"The real model '{name}' is in none of Tests/Fixtures~/onnx-real, ../shared/onnx-real, /work/shared/onnx-real.");
            return "";
        }

        private static float[] Pseudo(int n, int seed)
        {
            var data = new float[n];
            for (int i = 0; i < n; i++) data[i] = (float)Math.Sin(0.37 * i + 1.3 * seed) * 0.8f;
            return data;
        }

        // ---- JSON, written and read here independently of the tool's own TensorJson

        private static void WriteTensors(string path, string key, List<(string Name, OnnxValue Value)> tensors)
        {
            using var stream = File.Create(path);
            using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WriteStartArray(key);
            foreach (var (name, value) in tensors)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("dtype", DType(value.ElementType));
                writer.WriteStartArray("shape");
                foreach (int d in value.GetShape()) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data");
                switch (value.ElementType)
                {
                    case OnnxDataType.Float:
                        // A float widened to double is printed exactly enough to read back as the same float.
                        foreach (float f in value.AsFloats()) writer.WriteNumberValue((double)f);
                        break;
                    case OnnxDataType.Double:
                        foreach (double d in value.AsDoubles()) writer.WriteNumberValue(d);
                        break;
                    case OnnxDataType.Bool:
                        foreach (bool b in value.AsBools()) writer.WriteBooleanValue(b);
                        break;
                    default:
                        foreach (long l in value.AsInt64s()) writer.WriteNumberValue(l);
                        break;
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static string DType(OnnxDataType type) => type switch
        {
            OnnxDataType.Float => "float32",
            OnnxDataType.Double => "float64",
            OnnxDataType.Int32 => "int32",
            OnnxDataType.Int64 => "int64",
            OnnxDataType.Bool => "bool",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not used by these tests"),
        };

        private static List<(string Name, OnnxValue Value)> ReadTensors(string path, string key) =>
            ParseTensors(File.ReadAllText(path, Encoding.UTF8), key);

        private static List<(string Name, OnnxValue Value)> ParseTensors(string json, string key)
        {
            using var document = JsonDocument.Parse(json);
            var result = new List<(string, OnnxValue)>();
            foreach (JsonElement t in document.RootElement.GetProperty(key).EnumerateArray())
            {
                string name = t.GetProperty("name").GetString()!;
                string dtype = t.GetProperty("dtype").GetString()!;
                int[] shape = t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                JsonElement[] data = t.GetProperty("data").EnumerateArray().ToArray();
                OnnxValue value = dtype switch
                {
                    // As the shared README says: parse as double, then cast to float.
                    "float32" => OnnxValue.FromFloats(data.Select(e => (float)e.GetDouble()).ToArray(), shape),
                    "float64" => OnnxValue.FromDoubles(data.Select(e => e.GetDouble()).ToArray(), shape),
                    "int64" => OnnxValue.FromInt64s(data.Select(e => e.GetInt64()).ToArray(), shape),
                    "int32" => OnnxValue.FromInt32s(data.Select(e => e.GetInt32()).ToArray(), shape),
                    "bool" => OnnxValue.FromBools(data.Select(e => e.GetBoolean()).ToArray(), shape),
                    _ => throw new InvalidDataException($"unexpected dtype '{dtype}' for '{name}'"),
                };
                result.Add((name, value));
            }
            return result;
        }

        // ---- a small mappable ONNX graph, built with the test-only protobuf classes

        /// <summary>
        /// x [time, batch, 3] → LSTM (hidden 4, time-major) → Squeeze(axis 1) → MatMul [4, 2] → Add [2] → y [time, batch, 2]:
        /// the shape of a PyTorch nn.LSTM + nn.Linear export, which the importer maps onto an LSTM and a Dense layer.
        /// </summary>
        private string WriteMappableOnnx(string fileName)
        {
            const int I = 3, H = 4, O = 2;
            var graph = new Proto.GraphProto { Name = "lstm_dense" };
            graph.Input.Add(ValueInfo("x", "time", "batch", I));
            graph.Output.Add(ValueInfo("y", "time", "batch", O));
            graph.Initializer.Add(FloatInitializer("W", Pseudo(4 * H * I, 11), 1, 4 * H, I));
            graph.Initializer.Add(FloatInitializer("R", Pseudo(4 * H * H, 12), 1, 4 * H, H));
            graph.Initializer.Add(FloatInitializer("B", Pseudo(8 * H, 13), 1, 8 * H));
            graph.Initializer.Add(FloatInitializer("K", Pseudo(H * O, 14), H, O));
            graph.Initializer.Add(FloatInitializer("bias", Pseudo(O, 15), O));
            var axes = new Proto.TensorProto { Name = "axes", DataType = (int)Proto.TensorProto.Types.DataType.Int64 };
            axes.Dims.Add(1);
            axes.Int64Data.Add(1);
            graph.Initializer.Add(axes);

            var lstm = new Proto.NodeProto { Name = "lstm", OpType = "LSTM" };
            lstm.Input.Add(new[] { "x", "W", "R", "B" });
            lstm.Output.Add("Y");
            lstm.Attribute.Add(new Proto.AttributeProto { Name = "hidden_size", Type = Proto.AttributeProto.Types.AttributeType.Int, I = H });
            graph.Node.Add(lstm);
            graph.Node.Add(Node("squeeze", "Squeeze", new[] { "Y", "axes" }, "Ys"));
            graph.Node.Add(Node("matmul", "MatMul", new[] { "Ys", "K" }, "M"));
            graph.Node.Add(Node("add", "Add", new[] { "M", "bias" }, "y"));

            var model = new Proto.ModelProto { IrVersion = 8, ProducerName = "recurrent-cli-tests", ProducerVersion = "1", Graph = graph };
            model.OpsetImport.Add(new Proto.OperatorSetIdProto { Domain = "", Version = 13 });
            string path = TempPath(fileName);
            File.WriteAllBytes(path, model.ToByteArray());
            return path;
        }

        private static Proto.NodeProto Node(string name, string op, string[] inputs, string output)
        {
            var node = new Proto.NodeProto { Name = name, OpType = op };
            node.Input.Add(inputs);
            node.Output.Add(output);
            return node;
        }

        private static Proto.ValueInfoProto ValueInfo(string name, string dim0, string dim1, int dim2)
        {
            var shape = new Proto.TensorShapeProto();
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimParam = dim0 });
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimParam = dim1 });
            shape.Dim.Add(new Proto.TensorShapeProto.Types.Dimension { DimValue = dim2 });
            return new Proto.ValueInfoProto
            {
                Name = name,
                Type = new Proto.TypeProto
                {
                    TensorType = new Proto.TypeProto.Types.Tensor { ElemType = (int)Proto.TensorProto.Types.DataType.Float, Shape = shape },
                },
            };
        }

        private static Proto.TensorProto FloatInitializer(string name, float[] data, params long[] dims)
        {
            var t = new Proto.TensorProto { Name = name, DataType = (int)Proto.TensorProto.Types.DataType.Float };
            t.Dims.Add(dims);
            t.FloatData.Add(data);
            return t;
        }
    }
}
