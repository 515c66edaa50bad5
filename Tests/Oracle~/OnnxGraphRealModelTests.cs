// Real exported models (../shared/onnx-real: PyTorch 0.3-2.9, tf2onnx, keras2onnx) run through OnnxGraphExecutor
// against ONNX Runtime's outputs, plus dynamic-dimension checks: batch and length follow the inputs, not the export.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    [Category("OnnxReal")]
    public sealed class OnnxGraphRealModelTests
    {
        /// <summary>
        /// The shared README's suggested bound: ONNX Runtime (all graph optimizations) and the unoptimized graph differ by
        /// up to 1.5e-8; our float32 kernels sum in a different order, and errors compound over hundreds of steps.
        /// </summary>
        private const double AbsoluteTolerance = 1e-4;

        /// <inheritdoc cref="AbsoluteTolerance"/>
        private const double RelativeTolerance = 1e-4;

        /// <summary>Batch rows run alone must equal the same rows of a batched run up to float summation order.</summary>
        private const double BatchRowTolerance = 1e-5;

        private static readonly string[] s_models =
        {
            "keras2onnx-lstm-dtln", "pt03-lstm-h0c0", "pt112-lstm2-fairtalk", "pt113-rnn-embed", "pt13-lstm-mnist",
            "pt201-lstm-expand-h0", "pt22-loop-lstm-coffee", "pt26-gru2-pose", "pt291-lstm-lengths-if", "tf2onnx-bilstm-apple",
            "tf2onnx-loop-gru-water", "tf2onnx-lstm-autoencoder", "tf2onnx-lstm-tiny", "tf2onnx-lstm2-water", "tf2onnx-op9-lstm-exercise",
        };

        private static string? s_root;

        /// <summary>The shared model folder: next to the repository (../shared/onnx-real), else /work/shared/onnx-real.</summary>
        private static string? Root
        {
            get
            {
                if (s_root != null) return s_root;
                foreach (string candidate in new[] { Path.Combine(FixturePaths.Root, "..", "shared", "onnx-real"), "/work/shared/onnx-real" })
                    if (Directory.Exists(candidate)) return s_root = Path.GetFullPath(candidate);
                return null;
            }
        }

        private static string ModelDirectory(string name)
        {
            string? root = Root;
            if (root is null) Assert.Ignore("The shared real-model folder (../shared/onnx-real or /work/shared/onnx-real) is absent.");
            string dir = Path.Combine(root!, name);
            if (!File.Exists(Path.Combine(dir, "model.onnx"))) Assert.Ignore($"{dir}/model.onnx is absent.");
            return dir;
        }

        public static IEnumerable<TestCaseData> Models() =>
            from name in s_models
            from source in new[] { OnnxModelSource.Oracle, OnnxModelSource.Reader }
            select new TestCaseData(name, source).SetArgDisplayNames(name, source.ToString());

        [TestCaseSource(nameof(Models))]
        public void RealModel_MatchesOnnxRuntimeReference(string name, OnnxModelSource source)
        {
            string dir = ModelDirectory(name);
            var executor = new OnnxGraphExecutor(OnnxGraphTestSupport.LoadModel(Path.Combine(dir, "model.onnx"), source));
            Dictionary<string, OnnxValue> inputs = ReadValues(Path.Combine(dir, "reference_input.json"), "inputs");
            Dictionary<string, OnnxValue> expected = ReadValues(Path.Combine(dir, "reference_output.json"), "outputs");

            OnnxGraphOutputs outputs = executor.Run(inputs);

            Assert.That(outputs.Names, Is.EquivalentTo(expected.Keys), $"{name}: output names");
            double max = 0;
            foreach (var kv in expected)
                max = Math.Max(max, OnnxGraphTestSupport.AssertMatches(outputs[kv.Key], kv.Value, AbsoluteTolerance, RelativeTolerance, $"{name}/{kv.Key}"));
            TestContext.Out.WriteLine($"{name} ({source}): max |actual - onnxruntime| = {max:R}; folded {executor.FoldedNodeCount} nodes, {executor.RuntimeNodeCount} run.");
        }

        public static IEnumerable<TestCaseData> ModelNames() => s_models.Select(name => new TestCaseData(name).SetArgDisplayNames(name));

        /// <summary>
        /// The automatic run budgets must leave real models room: on their reference inputs each uses at most half of
        /// either limit (measured: at most 14 % of the bytes and 24 % of the work). The limits are recomputed here from
        /// the documented rule, with the model's size summed from its initializers and Constant values.
        /// </summary>
        [TestCaseSource(nameof(ModelNames))]
        public void RealModel_UsesAtMostHalfOfTheAutomaticRunBudgets(string name)
        {
            string dir = ModelDirectory(name);
            OnnxModel model = OnnxReader.ReadFile(Path.Combine(dir, "model.onnx"));
            Dictionary<string, OnnxValue> inputs = ReadValues(Path.Combine(dir, "reference_input.json"), "inputs");
            long modelElements = 0, modelBytes = 0, inputElements = 0, inputBytes = 0;
            AddTensors(model.Graph, ref modelElements, ref modelBytes);
            foreach (OnnxValue v in inputs.Values)
            {
                inputElements += v.ElementCount;
                inputBytes += v.ElementCount * (v.ElementType == OnnxDataType.Float ? 4L : v.ElementType == OnnxDataType.Bool ? 1L : 8L);
            }

            OnnxGraphOutputs outputs = new OnnxGraphExecutor(model).Run(inputs);

            long bytesLimit = OnnxExecutorOptions.AutomaticAllocatedBytes(modelBytes, inputBytes);
            long workLimit = OnnxExecutorOptions.AutomaticWork(modelElements, inputElements);
            TestContext.Out.WriteLine($"{name}: {outputs.AllocatedBytes} of {bytesLimit} bytes, {outputs.Work} of {workLimit} operations");
            Assert.That(outputs.AllocatedBytes, Is.GreaterThan(0).And.LessThanOrEqualTo(bytesLimit / 2), "allocated bytes");
            Assert.That(outputs.Work, Is.GreaterThan(0).And.LessThanOrEqualTo(workLimit / 2), "work");
        }

        /// <summary>Elements and bytes (float 4, bool 1, others 8) of every initializer and Constant value, subgraphs included.</summary>
        private static void AddTensors(OnnxGraph graph, ref long elements, ref long bytes)
        {
            var tensors = new List<Recurrent.Formats.Onnx.OnnxTensor>(graph.Initializers);
            foreach (Recurrent.Formats.Onnx.OnnxNode node in graph.Nodes)
            {
                foreach (OnnxAttribute a in node.Attributes)
                {
                    if (a.G != null) AddTensors(a.G, ref elements, ref bytes);
                    foreach (OnnxGraph g in a.Graphs) AddTensors(g, ref elements, ref bytes);
                    if (node.OpType != "Constant") continue;
                    if (a.T != null) tensors.Add(a.T);
                    elements += a.Floats.Length + a.Ints.Length;
                    bytes += 4L * a.Floats.Length + 8L * a.Ints.Length;
                }
            }
            foreach (Recurrent.Formats.Onnx.OnnxTensor t in tensors)
            {
                long n = t.Dims.Aggregate(1L, (p, d) => p * d);
                elements += n;
                bytes += n * (t.DataType == OnnxDataType.Bool ? 1 : t.DataType is OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.BFloat16 ? 4 : 8);
            }
        }

        [Test]
        public void Pt03Lstm_OtherBatchAndLength_FollowTheInputsAndMatchRowByRowRuns()
        {
            // Exported with X [5, 1, 3], h0/c0 [1, 1, 3]; run with T = 7, B = 3.
            var executor = new OnnxGraphExecutor(OracleToIr.LoadModel(Path.Combine(ModelDirectory("pt03-lstm-h0c0"), "model.onnx")));
            const int T = 7, B = 3, H = 3;
            float[] x = Pseudo(T * B * 3, 1), h0 = Pseudo(B * H, 2), c0 = Pseudo(B * H, 3);

            var batched = executor.Run(new Dictionary<string, OnnxValue>
            {
                ["0"] = OnnxValue.FromFloats(x, T, B, 3), ["1"] = OnnxValue.FromFloats(h0, 1, B, H), ["2"] = OnnxValue.FromFloats(c0, 1, B, H),
            });

            Assert.That(batched["31"].GetShape(), Is.EqualTo(new[] { T, B, H }), "Y (squeezed) follows T and B");
            Assert.That(batched["29"].GetShape(), Is.EqualTo(new[] { 1, B, H }), "Y_h follows B");
            for (int b = 0; b < B; b++)
            {
                var single = executor.Run(new Dictionary<string, OnnxValue>
                {
                    ["0"] = OnnxValue.FromFloats(Rows(x, T, B, 3, b), T, 1, 3),
                    ["1"] = OnnxValue.FromFloats(Rows(h0, 1, B, H, b), 1, 1, H),
                    ["2"] = OnnxValue.FromFloats(Rows(c0, 1, B, H, b), 1, 1, H),
                });
                foreach (string output in new[] { "31", "29", "30" })
                {
                    int[] shape = batched[output].GetShape();
                    var row = OnnxValue.FromFloats(Rows(batched[output].ToFloatArray(), shape[0], B, H, b), shape[0], 1, H);
                    OnnxGraphTestSupport.AssertMatches(single[output], row, BatchRowTolerance, BatchRowTolerance, $"pt03 output {output}, batch row {b}");
                }
            }
        }

        [Test]
        public void Pt26Gru_OtherBatchAndLength_FollowTheInputsAndMatchRowByRowRuns()
        {
            // Symbolic [batch_size, sequence_length, 34]; reference batch 2, 9 frames. Run batch 3, 5 frames.
            var executor = new OnnxGraphExecutor(OracleToIr.LoadModel(Path.Combine(ModelDirectory("pt26-gru2-pose"), "model.onnx")));
            const int B = 3, T = 5, I = 34;
            float[] x = Pseudo(B * T * I, 4, scale: 0.1f);

            OnnxValue batched = executor.Run(new Dictionary<string, OnnxValue> { ["input"] = OnnxValue.FromFloats(x, B, T, I) })[0];

            Assert.That(batched.GetShape(), Is.EqualTo(new[] { B, 3 }), "output follows the batch");
            for (int b = 0; b < B; b++)
            {
                OnnxValue single = executor.Run(new Dictionary<string, OnnxValue>
                {
                    ["input"] = OnnxValue.FromFloats(x.Skip(b * T * I).Take(T * I).ToArray(), 1, T, I),
                })[0];
                var row = OnnxValue.FromFloats(batched.ToFloatArray().Skip(b * 3).Take(3).ToArray(), 1, 3);
                OnnxGraphTestSupport.AssertMatches(single, row, BatchRowTolerance, BatchRowTolerance, $"pt26 batch row {b}");
            }
        }

        [Test]
        public void Pt291LstmWithLengths_OtherBatchAndLength_MatchRowByRowRuns()
        {
            var executor = new OnnxGraphExecutor(OracleToIr.LoadModel(Path.Combine(ModelDirectory("pt291-lstm-lengths-if"), "model.onnx")));
            const int B = 3, T = 4, I = 16;
            float[] x = Pseudo(B * T * I, 5);
            long[] lengths = { 4, 1, 3 };

            OnnxValue batched = executor.Run(new Dictionary<string, OnnxValue>
            {
                ["input"] = OnnxValue.FromFloats(x, B, T, I), ["lengths"] = OnnxValue.FromInt64s(lengths, B),
            })[0];

            Assert.That(batched.GetShape(), Is.EqualTo(new[] { B }), "one prediction per batch row");
            for (int b = 0; b < B; b++)
            {
                OnnxValue single = executor.Run(new Dictionary<string, OnnxValue>
                {
                    ["input"] = OnnxValue.FromFloats(x.Skip(b * T * I).Take(T * I).ToArray(), 1, T, I),
                    ["lengths"] = OnnxValue.FromInt64s(new[] { lengths[b] }, 1),
                })[0];
                // With batch 1 the If squeezes to [1] as well (its branch output keeps the batch axis).
                var row = OnnxValue.FromFloats(new[] { batched.AsFloats()[b] }, single.GetShape());
                OnnxGraphTestSupport.AssertMatches(single, row, BatchRowTolerance, BatchRowTolerance, $"pt291 batch row {b}");
            }
        }

        [Test]
        public void Tf2OnnxLstmTiny_ShorterSequence_EqualsTheReferencePrefix()
        {
            // Batch is fixed by the constant initial state [1, 8, 8]; the length is free. A forward LSTM with a per-step
            // head is causal, so the first 4 steps of ONNX Runtime's 7-step output are the answer for a 4-step input.
            string dir = ModelDirectory("tf2onnx-lstm-tiny");
            var executor = new OnnxGraphExecutor(OracleToIr.LoadModel(Path.Combine(dir, "model.onnx")));
            OnnxValue input = ReadValues(Path.Combine(dir, "reference_input.json"), "inputs")["input"];
            OnnxValue reference = ReadValues(Path.Combine(dir, "reference_output.json"), "outputs")["Identity:0"];
            const int B = 8, T = 7, I = 10, Short = 4;
            float[] x = input.ToFloatArray(), y = reference.ToFloatArray();
            var xShort = new float[B * Short * I];
            var yShort = new float[B * Short];
            for (int b = 0; b < B; b++)
            {
                Array.Copy(x, b * T * I, xShort, b * Short * I, Short * I);
                Array.Copy(y, b * T, yShort, b * Short, Short);
            }

            OnnxValue result = executor.Run(new Dictionary<string, OnnxValue> { ["input"] = OnnxValue.FromFloats(xShort, B, Short, I) })[0];

            OnnxGraphTestSupport.AssertMatches(result, OnnxValue.FromFloats(yShort, B, Short, 1), AbsoluteTolerance, RelativeTolerance, "tf2onnx-lstm-tiny, 4 steps");
        }

        [Test]
        public void LoopModel_RunFromSeveralThreadsAtOnce_GivesTheSequentialResult()
        {
            // One shared executor: its Loop bodies cache packed weights, which must stay safe under concurrent runs.
            string dir = ModelDirectory("tf2onnx-loop-gru-water");
            var executor = new OnnxGraphExecutor(OracleToIr.LoadModel(Path.Combine(dir, "model.onnx")));
            var inputs = new Dictionary<string, OnnxValue>[4];
            var expected = new OnnxValue[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = new Dictionary<string, OnnxValue> { ["input"] = OnnxValue.FromFloats(Pseudo(2 * 120 * 5, 10 + (ulong)i), 2, 120, 5) };
                expected[i] = executor.Run(inputs[i])[0];
            }

            var actual = new OnnxValue[inputs.Length];
            System.Threading.Tasks.Parallel.For(0, inputs.Length * 3, k => actual[k % inputs.Length] = executor.Run(inputs[k % inputs.Length])[0]);

            for (int i = 0; i < inputs.Length; i++)
                OnnxGraphTestSupport.AssertMatches(actual[i], expected[i], 0, 0, $"concurrent run {i}");
        }

        /// <summary>Row <paramref name="b"/> of a [T, B, F] array, as [T, 1, F].</summary>
        private static float[] Rows(float[] data, int t, int batch, int f, int b)
        {
            var r = new float[t * f];
            for (int i = 0; i < t; i++) Array.Copy(data, (i * batch + b) * f, r, i * f, f);
            return r;
        }

        /// <summary>Deterministic values in [-scale, scale) (SplitMix64), independent of the code under test.</summary>
        private static float[] Pseudo(int n, ulong seed, float scale = 1f)
        {
            var r = new float[n];
            ulong s = seed * 0x9E3779B97F4A7C15UL;
            for (int i = 0; i < n; i++)
            {
                ulong z = s += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                r[i] = ((z >> 40) / (float)(1 << 24) * 2f - 1f) * scale;
            }
            return r;
        }

        /// <summary>Reads reference_input.json / reference_output.json: [{name, dtype, shape, data}].</summary>
        private static Dictionary<string, OnnxValue> ReadValues(string path, string key)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var result = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            foreach (JsonElement e in doc.RootElement.GetProperty(key).EnumerateArray())
            {
                string name = e.GetProperty("name").GetString()!;
                string dtype = e.GetProperty("dtype").GetString()!;
                int[] shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                JsonElement data = e.GetProperty("data");
                result[name] = dtype switch
                {
                    "float32" => OnnxValue.FromFloats(data.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), shape),
                    "int64" => OnnxValue.FromInt64s(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape),
                    "int32" => OnnxValue.FromInt32s(data.EnumerateArray().Select(v => v.GetInt32()).ToArray(), shape),
                    "bool" => OnnxValue.FromBools(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray(), shape),
                    _ => throw new InvalidDataException($"{path}: dtype '{dtype}' of '{name}' is not handled by the test."),
                };
            }
            return result;
        }
    }
}
