// Property-based hostile-input tests: valid ONNX models / tensors, MessagePack documents and model files, mutated by
// FsCheck (truncation, bit flips, lying lengths and dims, splices, deep nesting, graph cycles and dangling names), must
// load or fail with the documented exception, within an allocation bound and a time budget. Counts go to TestContext.Out.
using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Formats.MessagePack;
using Recurrent.Formats.Onnx;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class HostileInputPropertyTests
    {
        // Cases per target (FsCheck MaxTest). Together 103,000 per run; sized so the fixture takes well under a minute on
        // a loaded 2-core machine (RECURRENT_FUZZ_SCALE multiplies them locally).
        private const int OnnxModelCases = 30_000;
        private const int OnnxTensorCases = 35_000;
        private const int OnnxExecutorCases = 5_000;
        private const int ConvAttributeCases = 500;
        private const int MessagePackCases = 20_000;
        private const int ModelFileCases = 12_500;

        /// <summary>A parse is microseconds to milliseconds; one that takes this long is stuck (a hang fails the test).</summary>
        private static readonly TimeSpan ParseCaseTimeout = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Read + build + run; a cycle or a runaway Loop that takes this long fails the test. Longer than the parse budget:
        /// a real model whose batch dim a mutation raised legitimately runs 1-2 s in Debug on a loaded 2-core machine.
        /// </summary>
        private static readonly TimeSpan ExecutorCaseTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Per-input allocation bound: a reader may allocate a fixed multiple of its input plus a fixed reserve.</summary>
        private const long AllocationPerInputByte = 64;
        private const long AllocationReserve = 16L << 20;

        /// <summary>
        /// Running a graph also allocates its intermediate tensors. The executor's documented budget is 64 MiB + 64 × the
        /// model's tensor bytes + 1024 × the input bytes; the reserve covers the fixed part, the reader's bound the model part,
        /// and the input part is added per case (<see cref="OnnxExecutorOptions.AutomaticBytesPerInputByte"/>).
        /// </summary>
        private const long ExecutorAllocationReserve = 256L << 20;

        /// <summary>
        /// Small reader limits: a file that declares more is rejected before anything that large is allocated. MaxMessages
        /// matters for the bound: each message costs up to ~200 bytes of objects, so 2-byte empty messages repeated would
        /// otherwise reach ~95x their input (bounded only by the default 4,000,000 messages).
        /// </summary>
        private static OnnxReadOptions ReadOptions() => new OnnxReadOptions
        {
            MaxTotalTensorBytes = 64L << 20,
            MaxTensorElements = 1L << 24,
            MaxMessages = 100_000,
            MaxNodes = 50_000,
        };

        private static readonly OnnxExecutorOptions s_executorOptions = new OnnxExecutorOptions { MaxLoopIterations = 1000 };

        private static long AllocationBound(int inputLength) => AllocationPerInputByte * inputLength + AllocationReserve;

        /// <summary>A path whose folder does not exist: external data references must fail as OnnxFormatException.</summary>
        private static readonly string s_missingModelPath = Path.Combine(Path.GetTempPath(), "recurrent-hostile-input-missing", "model.onnx");

        /// <summary>A folder with a 4 KiB weights file and a subfolder, passed as OnnxReadOptions.ExternalDataDirectory.</summary>
        private string _externalFolder = string.Empty;

        // Seeds are read once per test run and shared: every case clones what it mutates.
        private static readonly Lazy<List<HostileSeed>> s_modelSeeds = new Lazy<List<HostileSeed>>(() => HostileOnnx.ModelSeeds(withInputs: true));
        private static readonly Lazy<List<HostileSeed>> s_tensorSeeds = new Lazy<List<HostileSeed>>(HostileOnnx.TensorSeeds);
        private static readonly Lazy<List<(string Name, byte[] Bytes)>> s_modelFiles = new Lazy<List<(string Name, byte[] Bytes)>>(ModelFileSeeds);
        private static readonly Lazy<List<MpSeed>> s_messagePackSeeds = new Lazy<List<MpSeed>>(MessagePackSeeds);

        [OneTimeSetUp]
        public void CreateExternalDataFolder()
        {
            _externalFolder = Path.Combine(Path.GetTempPath(), "recurrent-hostile-input-" + Environment.ProcessId);
            Directory.CreateDirectory(Path.Combine(_externalFolder, "sub"));
            var bytes = new byte[4096];
            new Random(4096).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(_externalFolder, HostileOnnx.ExternalFileName), bytes);
        }

        private static readonly (int, HostileOpKind)[] s_protobufOps =
        {
            (6, HostileOpKind.SetScalar), (3, HostileOpKind.LieLength), (3, HostileOpKind.InflatePacked), (2, HostileOpKind.Duplicate),
            (1, HostileOpKind.DuplicateMany), (2, HostileOpKind.Remove), (2, HostileOpKind.Splice), (1, HostileOpKind.Nest), (1, HostileOpKind.ChangeType),
            (1, HostileOpKind.Swap), (1, HostileOpKind.Renumber), (2, HostileOpKind.SetString), (2, HostileOpKind.Reshape),
        };

        private static readonly (int, HostileOpKind)[] s_graphOps =
        {
            (1, HostileOpKind.Cycle), (1, HostileOpKind.DanglingInput), (1, HostileOpKind.DuplicateName), (1, HostileOpKind.ReorderNodes),
            (1, HostileOpKind.OpType), (1, HostileOpKind.Opset), (1, HostileOpKind.Attribute), (1, HostileOpKind.InputShape),
            (1, HostileOpKind.ExternalData), (1, HostileOpKind.NestGraph),
        };

        private static readonly (int, HostileOpKind)[] s_executorOps =
        {
            (4, HostileOpKind.Cycle), (3, HostileOpKind.DanglingInput), (3, HostileOpKind.DuplicateName), (3, HostileOpKind.ReorderNodes),
            (3, HostileOpKind.OpType), (2, HostileOpKind.Opset), (5, HostileOpKind.Attribute), (4, HostileOpKind.InputShape),
            (1, HostileOpKind.NestGraph), (1, HostileOpKind.ExternalData), (4, HostileOpKind.Reshape), (3, HostileOpKind.SetScalar),
            (2, HostileOpKind.InflatePacked), (2, HostileOpKind.SetString), (2, HostileOpKind.Duplicate), (1, HostileOpKind.DuplicateMany),
            (2, HostileOpKind.Remove),
            (1, HostileOpKind.Swap), (1, HostileOpKind.Splice),
        };

        private static readonly (int, HostileOpKind)[] s_messagePackOps =
        {
            (3, HostileOpKind.SetScalar), (3, HostileOpKind.LieLength), (1, HostileOpKind.InflatePacked), (2, HostileOpKind.Duplicate),
            (1, HostileOpKind.DuplicateMany), (2, HostileOpKind.Remove), (2, HostileOpKind.Splice), (2, HostileOpKind.Nest), (2, HostileOpKind.ChangeType),
            (1, HostileOpKind.Swap), (3, HostileOpKind.SetString), (3, HostileOpKind.Reshape),
        };

        [OneTimeTearDown]
        public void PrintTotals()
        {
            try
            {
                Directory.Delete(_externalFolder, recursive: true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: a leftover temp folder is harmless.
            }

            IReadOnlyList<HostileTargetStats> all = HostileInputTotals.All;
            if (all.Count == 0) return;
            // Fixture-level output: TestContext.Out for result files, Progress so the console shows it after the tests.
            var lines = new List<string> { "Hostile-input totals:" };
            lines.AddRange(all.Select(s => "  " + s));
            lines.Add($"  all targets: {all.Sum(s => s.Inputs)} mutated inputs in {all.Sum(s => s.Elapsed.TotalSeconds):F1} s");
            foreach (string line in lines)
            {
                TestContext.Out.WriteLine(line);
                TestContext.Progress.WriteLine(line);
            }
        }

        [Test]
        public void Seeds_ReencodeByteForByte_SoMutationsStartFromTheRealFile()
        {
            foreach (HostileSeed seed in s_modelSeeds.Value.Concat(s_tensorSeeds.Value))
                Assert.That(HostileProtobuf.EncodeFields(HostileProtobuf.Clone(seed.Tree)), Is.EqualTo(seed.Bytes), seed.Name);
            foreach (MpSeed seed in s_messagePackSeeds.Value)
                Assert.That(HostileMessagePack.Encode(HostileMessagePack.Clone(seed.Tree)), Is.EqualTo(seed.Bytes), seed.Name);
        }

        [Test]
        public void BuiltControlFlowSeeds_RunUnmutated()
        {
            foreach (HostileSeed seed in s_modelSeeds.Value.Where(s => s.Name.StartsWith("built/", StringComparison.Ordinal)))
            {
                var executor = new OnnxGraphExecutor(OnnxReader.Read(seed.Bytes), s_executorOptions);
                int ran = 0;
                string? last = null;
                for (int salt = 0; salt < 8; salt++)
                {
                    Dictionary<string, OnnxValue>? inputs = HostileOnnx.Inputs(executor, seed, salt, out _, hostileValues: false);
                    if (inputs is null) continue;
                    try
                    {
                        executor.Run(inputs);
                        ran++;
                    }
                    catch (OnnxFormatException e)
                    {
                        last = e.Message; // a symbolic dim of 0 or a random index may be rejected
                    }
                }

                Assert.That(ran, Is.GreaterThan(0), $"{seed.Name} never ran; last error: {last}");
            }
        }

        [Test]
        public void OnnxReader_Read_MutatedModels_LoadOrThrowOnnxFormatException()
        {
            List<HostileSeed> seeds = s_modelSeeds.Value;
            byte[][] donors = seeds.Select(s => s.Bytes).ToArray();
            var runner = new HostileRunner(new HostileTargetStats("OnnxReader.Read"));
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(OnnxModelCases),
                HostileCaseGen.Cases(seeds.Count, s_protobufOps.Concat(s_graphOps).ToArray(), 0, 3, bytePercent: 50, maxByteOps: 2),
                c =>
                {
                    byte[] bytes = HostileOnnx.Mutate(seeds[c.Seed], c, donors, out string mutated);
                    string description = $"{c}: {mutated}";
                    // External data is looked up next to a missing path, in the test's external-data folder, or nowhere.
                    int where = (c.Seed + c.Ops.Length) % 3;
                    string? path = where == 0 ? s_missingModelPath : null;
                    OnnxReadOptions options = ReadOptions();
                    if (where == 1) options.ExternalDataDirectory = _externalFolder;
                    Exception? error = runner.Run(description, AllocationBound(bytes.Length), () => OnnxReader.Read(bytes, path, options),
                        e => e is OnnxFormatException);
                    Count(runner.Stats, error, description);
                }, ParseCaseTimeout);
        }

        [Test]
        public void OnnxReader_ReadTensor_MutatedTensors_LoadOrThrowOnnxFormatException()
        {
            List<HostileSeed> seeds = s_tensorSeeds.Value;
            byte[][] donors = seeds.Select(s => s.Bytes).ToArray();
            var runner = new HostileRunner(new HostileTargetStats("OnnxReader.ReadTensor"));
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(OnnxTensorCases),
                HostileCaseGen.Cases(seeds.Count, s_protobufOps, 0, 3, bytePercent: 50, maxByteOps: 2),
                c =>
                {
                    byte[] bytes = HostileOnnx.Mutate(seeds[c.Seed], c, donors, out string mutated);
                    string description = $"{c}: {mutated}";
                    OnnxReadOptions options = ReadOptions();
                    Exception? error = runner.Run(description, AllocationBound(bytes.Length), () => OnnxReader.ReadTensor(bytes, null, options),
                        e => e is OnnxFormatException);
                    Count(runner.Stats, error, description);
                }, ParseCaseTimeout);
        }

        /// <summary>
        /// Models that still parse are built and run. Documented: <see cref="OnnxFormatException"/> from reading, building
        /// (cycles, dangling names, duplicates, bad attributes) and running (bad values; kernel errors are wrapped with the
        /// node named). <see cref="ArgumentException"/> is accepted from <see cref="OnnxGraphExecutor.Run"/> only: it is
        /// Run's documented answer to inputs that do not match the declared ones, and kernel ArgumentExceptions never
        /// escape it unwrapped.
        /// </summary>
        [Test]
        public void OnnxGraphExecutor_MutatedGraphs_RunOrThrowOnnxFormatException()
        {
            List<HostileSeed> seeds = s_modelSeeds.Value;
            byte[][] donors = seeds.Select(s => s.Bytes).ToArray();
            var runner = new HostileRunner(new HostileTargetStats("OnnxGraphExecutor"));
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(OnnxExecutorCases),
                HostileCaseGen.Cases(seeds.Count, s_executorOps, 1, 3, bytePercent: 10, maxByteOps: 1),
                c =>
                {
                    HostileSeed seed = seeds[c.Seed];
                    byte[] bytes = HostileOnnx.Mutate(seed, c, donors, out string mutated);
                    string description = $"{c}: {mutated}";
                    string stage = "read";
                    int salt = c.Seed * 7919 + c.Ops.Sum(o => o.B % 1000);
                    OnnxReadOptions options = ReadOptions();
                    options.ExternalDataDirectory = _externalFolder;
                    long inputBytes = 0;
                    Exception? error = runner.Run(description,
                        () => AllocationPerInputByte * bytes.Length + ExecutorAllocationReserve + OnnxExecutorOptions.AutomaticBytesPerInputByte * inputBytes,
                        () =>
                        {
                            OnnxModel model = OnnxReader.Read(bytes, null, options);
                            stage = "build";
                            var executor = new OnnxGraphExecutor(model, s_executorOptions);
                            Dictionary<string, OnnxValue>? inputs = HostileOnnx.Inputs(executor, seed, salt, out string? why);
                            if (inputs is null)
                            {
                                stage = "built, not run (" + why + ")";
                                return;
                            }

                            inputBytes = inputs.Values.Sum(v => (long)v.ElementCount * (v.ElementType == OnnxDataType.Float ? 4 : v.ElementType == OnnxDataType.Bool ? 1 : 8));
                            stage = "run";
                            executor.Run(inputs);
                            stage = "ran";
                        }, e => e is OnnxFormatException || (stage == "run" && e.GetType() == typeof(ArgumentException)));
                    runner.Stats.Note(error is null ? (stage.StartsWith("built", StringComparison.Ordinal) ? "built, not run" : "ran")
                        : $"rejected at {stage}" + (error is ArgumentException ? " (ArgumentException)" : error is OnnxBudgetExceededException ? " (budget exceeded)" : string.Empty),
                        error is OnnxBudgetExceededException ? $"{description}\n=> {error.Message}" : null);
                    Count(runner.Stats, error, description);
                }, ExecutorCaseTimeout);
        }

        /// <summary>pt112-lstm2-fairtalk's input [1, 25, 19]: deterministic values in [-1, 1].</summary>
        private static readonly Lazy<OnnxValue> s_fairtalkInput = new Lazy<OnnxValue>(() =>
            OnnxValue.FromFloats(Enumerable.Range(0, 25 * 19).Select(i => (float)Math.Sin(0.37 * i)).ToArray(), 1, 25, 19));

        /// <summary>Conv attributes the fuzzing report found could make a run take minutes, and what each holds (kernel_shape 1, the others 1 or 2).</summary>
        private static readonly string[] s_convAttributes = { "pads", "strides", "dilations", "kernel_shape" };

        /// <summary>
        /// The fuzzing report's worst case, swept on purpose: either Conv of pt112-lstm2-fairtalk with one element of pads,
        /// strides, dilations or kernel_shape set to a boundary value (2^20, 2^31, 2^63 - 1, negative, ...), run on the
        /// reference input. Before the run budgets, pads of 2^20 ran for minutes and allocated 1.3 GB; now every case runs
        /// or stops with an <see cref="OnnxFormatException"/> (mostly <see cref="OnnxBudgetExceededException"/>) within
        /// the executor's allocation bound and the hang watchdog.
        /// </summary>
        [Test]
        public void OnnxGraphExecutor_RealModelConvAttributesAtBoundaryValues_RunOrStopWithinTheBudget()
        {
            HostileSeed? seed = s_modelSeeds.Value.FirstOrDefault(x => x.Name.EndsWith("pt112-lstm2-fairtalk/model.onnx", StringComparison.Ordinal));
            Assert.That(seed, Is.Not.Null, "the pt112-lstm2-fairtalk seed (Tests/Fixtures~/onnx-real)");
            ulong[] values = HostileInputBytes.InterestingValues.Concat(new[] { 1UL << 20, 5UL, 1000000UL }).ToArray();
            Gen<HostileCase> gen =
                from site in Gen.Choose(0, 2 * s_convAttributes.Length * 2 - 1)
                from value in Gen.Choose(0, values.Length - 1)
                select new HostileCase(0, new[] { new HostileOp(HostileOpKind.Attribute, site, 0, value) });
            var runner = new HostileRunner(new HostileTargetStats("OnnxGraphExecutor (Conv attributes)"));
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(ConvAttributeCases), Arb.From(gen, HostileCaseGen.Shrink), c =>
            {
                HostileOp op = c.Ops[0];
                int conv = op.A / (2 * s_convAttributes.Length), name = op.A / 2 % s_convAttributes.Length, element = op.A % 2;
                long value = (long)values[op.V % values.Length];
                string description = $"Conv #{conv} {s_convAttributes[name]}[{element}] = {value}";
                var inputs = new Dictionary<string, OnnxValue> { ["input"] = s_fairtalkInput.Value };
                const long inputBytes = 25 * 19 * 4;
                string stage = "build";
                Exception? error = runner.Run(description,
                    () => AllocationPerInputByte * seed!.Bytes.Length + ExecutorAllocationReserve + OnnxExecutorOptions.AutomaticBytesPerInputByte * inputBytes,
                    () =>
                    {
                        OnnxModel model = OnnxReader.Read(seed!.Bytes);
                        Recurrent.Formats.Onnx.OnnxNode node = model.Graph.Nodes.Where(n => n.OpType == "Conv").ElementAt(conv);
                        OnnxAttribute? attribute = node.Attributes.FirstOrDefault(a => a.Name == s_convAttributes[name]);
                        if (attribute is null) return;
                        long[] ints = (long[])attribute.Ints.Clone();
                        ints[element % ints.Length] = value;
                        attribute.Ints = ints;
                        var executor = new OnnxGraphExecutor(model, s_executorOptions);
                        stage = "run";
                        executor.Run(inputs);
                        stage = "ran";
                    }, e => e is OnnxFormatException);
                runner.Stats.Note(error is null ? stage : error is OnnxBudgetExceededException ? "budget exceeded" : $"rejected at {stage}",
                    error is null ? description : $"{description}\n=> {error.Message}");
                Count(runner.Stats, error, description);
            }, ExecutorCaseTimeout);
            Assert.That(runner.Stats.Notes.ContainsKey("budget exceeded"), Is.True, "some boundary value must hit the budget (pads of 2^20 do)");
        }

        [Test]
        public void MessagePackReader_MutatedDocuments_ReadOrThrowMessagePackFormatException()
        {
            List<MpSeed> seeds = s_messagePackSeeds.Value;
            byte[][] donors = seeds.Select(s => s.Bytes).ToArray();
            var runner = new HostileRunner(new HostileTargetStats("MessagePackReader"));
            MessagePackLimits[] limits =
            {
                MessagePackLimits.Default,
                new MessagePackLimits(maxDepth: 8, maxStringLength: 64, maxBinaryLength: 256, maxContainerLength: 16),
                new MessagePackLimits(maxDepth: MessagePackLimits.MaxAllowedDepth, maxStringLength: 1 << 20, maxBinaryLength: 1 << 20),
            };
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(MessagePackCases),
                HostileCaseGen.Cases(seeds.Count, s_messagePackOps, 0, 3, bytePercent: 50, maxByteOps: 2),
                c =>
                {
                    byte[] bytes = HostileMessagePack.Mutate(seeds[c.Seed], c, donors, out string mutated);
                    string description = $"{c}: {mutated}";
                    MessagePackLimits limit = limits[(c.Seed + c.Ops.Length) % limits.Length];
                    bool segmented = c.Ops.Length % 3 == 1 && bytes.Length > 1;
                    description += $" (limits: depth {limit.MaxDepth}, string {limit.MaxStringLength}{(segmented ? ", two-segment sequence" : string.Empty)})";
                    Exception? error = runner.Run(description, AllocationBound(bytes.Length), () =>
                    {
                        SkipAll(segmented ? new MessagePackReader(TwoSegments(bytes), limit) : new MessagePackReader(bytes, limit));
                        var reader = new MessagePackReader(bytes, limit);
                        while (!reader.End) ReadValue(ref reader);
                    }, e => e is MessagePackFormatException);
                    Count(runner.Stats, error, description);
                }, ParseCaseTimeout);
        }

        /// <summary>
        /// Documented: <see cref="ModelFormatException"/> (wire errors arrive wrapped in it, but a bare
        /// <see cref="MessagePackFormatException"/> is accepted too: both are RecurrentExceptions). A file that loads must
        /// also save and load again, and the model must predict a small batch without any exception.
        /// </summary>
        [Test]
        public void ModelFile_Read_MutatedModelFiles_LoadOrThrowModelFormatException()
        {
            List<MpSeed> seeds = s_modelFiles.Value.Select(s => new MpSeed(s.Name, s.Bytes)).ToList();
            byte[][] donors = seeds.Select(s => s.Bytes).ToArray();
            var runner = new HostileRunner(new HostileTargetStats("ModelFile.Read"));
            HostileInputHarness.Check(runner, HostileInputHarness.Scaled(ModelFileCases),
                HostileCaseGen.Cases(seeds.Count, s_messagePackOps, 0, 3, bytePercent: 35, maxByteOps: 2),
                c =>
                {
                    byte[] bytes = HostileMessagePack.Mutate(seeds[c.Seed], c, donors, out string mutated);
                    string description = $"{c}: {mutated}";
                    bool predicted = false;
                    Exception? error = runner.Run(description, AllocationBound(bytes.Length), () =>
                    {
                        ModelFileContents contents = ModelFile.Read(bytes);
                        byte[] again = ModelFile.ToBytes(contents.Model, new ModelFileOptions
                        {
                            Preprocessing = contents.Preprocessing,
                            Optimizer = contents.Optimizer,
                            Metadata = contents.Metadata,
                            Created = s_created,
                        });
                        ModelFile.Read(again);
                        if (PredictSmallBatch(contents.Model)) predicted = true;
                    }, e => e is ModelFormatException || e is MessagePackFormatException);
                    if (predicted) runner.Stats.Note("loaded and predicted");
                    Count(runner.Stats, error, description);
                }, ParseCaseTimeout);
        }

        /// <summary>Widest layer a loaded model may have for the prediction check (keeps every case small).</summary>
        private const int MaxPredictedWidth = 4096;

        /// <summary>
        /// Runs the loaded model on two sequences (3 and 2 steps long); false when a layer is too wide to be worth it.
        /// A model the reader accepted must run: any exception here fails the property.
        /// </summary>
        private static bool PredictSmallBatch(Model model)
        {
            if (model.Layers.Any(l => l.InputSize > MaxPredictedWidth || l.OutputSize > MaxPredictedWidth)) return false;
            const int batch = 2, time = 3;
            int[] lengths = { 3, 2 };
            var inference = new InferenceModel(model);
            if (model.InputKind == ModelInputKind.Tokens)
            {
                var tokens = new int[batch * time];
                for (int i = 0; i < tokens.Length; i++) tokens[i] = (i * 7 + 3) % model.InputSize;
                BatchRunner runner = inference.CreateBatchRunner();
                runner.Run(tokens, batch, time, lengths, new float[runner.OutputLength(batch, time)]);
                return true;
            }

            var input = new float[batch * time * model.InputSize];
            for (int i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(0.37 * i);
            inference.Predict(input, batch, time, lengths);
            return true;
        }

        // ---- shared --------------------------------------------------------------------------------------------

        private static readonly Type[] s_crashTypes =
        {
            typeof(IndexOutOfRangeException), typeof(NullReferenceException), typeof(InvalidCastException), typeof(KeyNotFoundException),
            typeof(OverflowException), typeof(DivideByZeroException), typeof(OutOfMemoryException), typeof(ArgumentOutOfRangeException),
            typeof(InvalidOperationException),
        };

        private static void Count(HostileTargetStats stats, Exception? error, string description)
        {
            stats.Inputs++;
            if (error is null)
            {
                stats.Accepted++;
                return;
            }

            stats.Rejected++;
            // A documented exception that wraps a runtime crash type (as an inner exception, or named in the message as the
            // executor does for kernel creation) hides a missed check behind the right type: count it, show one.
            foreach (Type crash in s_crashTypes)
            {
                bool inner = false;
                for (Exception? e = error.InnerException; e != null; e = e.InnerException) inner |= crash.IsInstanceOfType(e);
                if (inner || error.Message.Contains("(" + crash.Name + ":", StringComparison.Ordinal))
                {
                    stats.Note("documented exception hiding " + crash.Name, $"{description}\n=> {error.Message}");
                    break;
                }
            }
        }

        private static void SkipAll(MessagePackReader reader)
        {
            while (!reader.End) reader.Skip();
        }

        /// <summary>Reads every value with the typed API, descending into containers (depth counted by the reader).</summary>
        private static void ReadValue(ref MessagePackReader r)
        {
            switch (r.PeekType())
            {
                case MessagePackType.Nil: r.ReadNil(); break;
                case MessagePackType.Boolean: r.ReadBoolean(); break;
                case MessagePackType.Integer:
                    if (r.PeekCode() == 0xcf) r.ReadUInt64();
                    else r.ReadInt64();
                    break;
                case MessagePackType.Float: r.ReadDouble(); break;
                case MessagePackType.String: r.ReadString(); break;
                case MessagePackType.Binary: r.ReadBytes(); break;
                case MessagePackType.Extension:
                {
                    MessagePackReader probe = r;
                    if (probe.ReadExtHeader().TypeCode == -1) r.ReadTimestamp();
                    else r.ReadRaw(r.ReadExtHeader().Length);
                    break;
                }
                case MessagePackType.Array:
                {
                    int n = r.ReadArrayHeader();
                    r.EnterContainer();
                    for (int i = 0; i < n; i++) ReadValue(ref r);
                    r.LeaveContainer();
                    break;
                }
                case MessagePackType.Map:
                {
                    int n = r.ReadMapHeader();
                    r.EnterContainer();
                    for (int i = 0; i < 2 * n; i++) ReadValue(ref r);
                    r.LeaveContainer();
                    break;
                }
                default: r.Skip(); break;
            }
        }

        private static ReadOnlySequence<byte> TwoSegments(byte[] bytes)
        {
            int cut = bytes.Length / 2;
            var first = new Segment(bytes.AsMemory(0, cut), 0);
            Segment last = first.Append(bytes.AsMemory(cut));
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
            {
                Memory = memory;
                RunningIndex = runningIndex;
            }

            public Segment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new Segment(memory, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }

        // ---- seeds ---------------------------------------------------------------------------------------------

        private static readonly DateTime s_created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// Every msgpack-test-suite encoding, the whole suite as one array and as one map, the interop files and the model
        /// files; the larger documents are listed four times so they get most of the cases.
        /// </summary>
        private static List<MpSeed> MessagePackSeeds()
        {
            var encodings = new List<(string Name, byte[] Bytes)>();
            using (JsonDocument suite = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(FixturePaths.Fixtures, "msgpack-test-suite", "msgpack-test-suite.json"))))
            {
                foreach (JsonProperty group in suite.RootElement.EnumerateObject())
                {
                    int index = 0;
                    foreach (JsonElement c in group.Value.EnumerateArray())
                    {
                        int n = 0;
                        foreach (JsonElement hex in c.GetProperty("msgpack").EnumerateArray())
                            encodings.Add(($"suite {group.Name} #{index} encoding {n++}", Convert.FromHexString(hex.GetString()!.Replace("-", string.Empty))));
                        index++;
                    }
                }
            }

            var large = new List<(string Name, byte[] Bytes)>
            {
                ("suite as one array", Container(0xdd, encodings.Count, encodings.Select(e => e.Bytes))),
                ("suite as one map", Container(0xdf, encodings.Count / 2, encodings.Take(encodings.Count / 2 * 2).Select(e => e.Bytes))),
            };
            foreach (string file in Directory.GetFiles(Path.Combine(FixturePaths.Fixtures, "msgpack-interop"), "*.msgpack").OrderBy(f => f, StringComparer.Ordinal))
                large.Add(("msgpack-interop/" + Path.GetFileName(file), File.ReadAllBytes(file)));
            large.AddRange(s_modelFiles.Value);

            var seeds = new List<MpSeed>();
            for (int copy = 0; copy < 4; copy++) seeds.AddRange(large.Select(s => new MpSeed(s.Name, s.Bytes)));
            seeds.AddRange(encodings.Select(e => new MpSeed(e.Name, e.Bytes)));
            return seeds;
        }

        private static byte[] Container(byte code, int count, IEnumerable<byte[]> items)
        {
            var stream = new MemoryStream();
            stream.WriteByte(code);
            for (int i = 3; i >= 0; i--) stream.WriteByte((byte)(count >> (8 * i)));
            foreach (byte[] item in items) stream.Write(item);
            return stream.ToArray();
        }

        /// <summary>
        /// Model files of every layer kind (bidirectional LSTM with peepholes, GRU both reset forms, SimpleRNN, embedding,
        /// dense, activation, softmax), in float32 and float16, some with preprocessing, optimizer state and metadata; and
        /// the two interop model files.
        /// </summary>
        private static List<(string Name, byte[] Bytes)> ModelFileSeeds()
        {
            var models = new List<Model>
            {
                new ModelBuilder(3, seed: 11).Lstm(4, direction: RecurrentDirection.Bidirectional, inputForget: true, peepholes: true, clip: 2.5f)
                    .Dense(2).Softmax().Build("bilstm"),
                new ModelBuilder(3, seed: 12).Gru(4, direction: RecurrentDirection.Reverse, linearBeforeReset: false)
                    .Gru(3, returnSequences: false).Dense(2, ActivationKind.Tanh).Build("gru"),
                new ModelBuilder(2, seed: 13).SimpleRnn(5, ActivationKind.Relu, direction: RecurrentDirection.Bidirectional)
                    .Activation(ActivationKind.Sigmoid).Build("rnn"),
                ModelBuilder.ForTokens(12, 4, seed: 14).Lstm(3).Dense(12).Softmax(log: true).Build("tokens"),
                new ModelBuilder(4, seed: 15).Dense(3, ActivationKind.Relu).Activation(ActivationKind.Tanh).Softmax().Build("dense"),
            };

            var seeds = new List<(string Name, byte[] Bytes)>();
            for (int m = 0; m < models.Count; m++)
            {
                Model model = models[m];
                foreach (ModelWeightType type in new[] { ModelWeightType.Float32, ModelWeightType.Float16 })
                {
                    var options = new ModelFileOptions { WeightType = type, Created = s_created };
                    if (m % 2 == 0) AddExtras(options, model);
                    seeds.Add(($"model file '{model.Name}' {type}{(m % 2 == 0 ? " with preprocessing and optimizer" : string.Empty)}",
                        ModelFile.ToBytes(model, options)));
                }
            }

            foreach (string name in new[] { "gru-model-from-js.msgpack", "model-from-csharp.msgpack" })
                seeds.Add(("msgpack-interop/" + name, File.ReadAllBytes(Path.Combine(FixturePaths.Fixtures, "msgpack-interop", name))));
            return seeds;
        }

        private static void AddExtras(ModelFileOptions options, Model model)
        {
            // Every preprocessing part, sized to fit the model (a model file refuses preprocessing that does not).
            int inputs = model.InputSize, outputs = model.OutputSize;
            string[] tokens = { "<unk>", "a", "b", "ab", "c", "d", "e", "f" };
            options.Preprocessing = new PreprocessingSettings
            {
                Tokenizer = new TokenizerSettings
                {
                    Algorithm = TokenizerAlgorithm.Bpe,
                    Vocabulary = tokens.Take(inputs).ToList(),
                    Merges = inputs >= 4 ? new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("a", "b") } : new List<KeyValuePair<string, string>>(),
                    UnknownToken = "<unk>",
                    Lowercase = true,
                },
                Scaler = new ScalerSettings { Kind = FeatureScalerKind.Standard, Mean = Enumerable.Range(0, inputs).Select(i => 0.5f - i).ToArray(), Scale = Enumerable.Range(0, inputs).Select(i => 0.25f + i).ToArray() },
                Stroke = new StrokeSettings
                {
                    Resample = StrokeResampleMode.ArcLength, Points = 32, NormalizeScale = true,
                    Features = new[] { "dx", "dy", "pen_up", "x", "y", "pen" }.Take(inputs).ToList(),
                },
                Window = new WindowSettings { Length = 8, Horizon = outputs, TargetFeatures = new[] { 0 } },
                Labels = Enumerable.Range(0, outputs).Select(i => "class" + i).ToList(),
            };
            ModelWeight first = model.Weights.First();
            options.Optimizer = new OptimizerState
            {
                Kind = "adam",
                Step = 7,
                Hyperparameters = new Dictionary<string, double> { ["learning_rate"] = 1e-3, ["beta1"] = 0.9 },
                Slots = new List<OptimizerSlot> { new OptimizerSlot(first.Name, "m", new Tensor(first.Shape)) },
            };
            options.Metadata = new Dictionary<string, string> { ["training.epochs"] = "3" };
        }
    }
}
