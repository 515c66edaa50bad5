// Save-then-load of every layer kind and option: identical configuration, bit-identical weights and predictions;
// float16 storage within float16 precision; metadata and optimizer state; deterministic bytes (preprocessing:
// ModelFilePreprocessingTests).
#nullable enable
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Formats;
using Recurrent.Kernels;
using Recurrent.Ops;
using static Recurrent.Tests.Formats.ModelFileTestSupport;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFileRoundTripTests
    {
        /// <summary>float16 keeps 11 significant bits: round-to-nearest is off by at most 2^-11 relative (normal range).</summary>
        private const double Float16RelativeError = 1.0 / 2048;

        /// <summary>Weights off by 2^-11 relative move these small models' outputs (probabilities, tanh) by far less than this.</summary>
        private const double Float16PredictionTolerance = 0.05;

        /// <summary>Below 2^-14 float16 is subnormal with steps of 2^-24: rounding is off by at most half a step.</summary>
        private const double Float16SubnormalHalfStep = 1.0 / (1 << 25);

        private static readonly DateTime s_created = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        public static IEnumerable<TestCaseData> Models()
        {
            yield return new TestCaseData("lstm_bidirectional_peepholes_clip").SetName("RoundTrip(LSTM bidirectional, peepholes, clip)");
            yield return new TestCaseData("lstm_reverse_input_forget").SetName("RoundTrip(LSTM reverse, input_forget, last step)");
            yield return new TestCaseData("lstm_bidirectional_sum").SetName("RoundTrip(LSTM bidirectional, merge sum)");
            yield return new TestCaseData("gru_lbr0").SetName("RoundTrip(GRU linear_before_reset 0)");
            yield return new TestCaseData("gru_lbr1").SetName("RoundTrip(GRU linear_before_reset 1, last step)");
            yield return new TestCaseData("rnn_relu").SetName("RoundTrip(SimpleRNN relu)");
            yield return new TestCaseData("custom_activations").SetName("RoundTrip(GRU HardSigmoid/ScaledTanh with alpha and beta)");
            yield return new TestCaseData("embedding_tokens").SetName("RoundTrip(Embedding token model, LogSoftmax)");
            yield return new TestCaseData("dense_activations").SetName("RoundTrip(Dense LeakyRelu, Dense without bias, Activation layer)");
        }

        public static Model Build(string name)
        {
            switch (name)
            {
                case "lstm_bidirectional_peepholes_clip":
                    return new ModelBuilder(3, seed: 11).Lstm(5, direction: RecurrentDirection.Bidirectional, peepholes: true, clip: 2.5f)
                        .Dense(4, ActivationKind.Tanh).Softmax().Build("lstm-bi");
                case "lstm_reverse_input_forget":
                    return new ModelBuilder(4, seed: 12).Lstm(3, returnSequences: false, direction: RecurrentDirection.Reverse, inputForget: true)
                        .Dense(2).Build("lstm-rev");
                case "lstm_bidirectional_sum":
                    return new ModelBuilder(2, seed: 13).Recurrent(new RecurrentOpAttributes
                    {
                        Cell = RecurrentCellKind.Lstm, HiddenSize = 4, Direction = RecurrentDirection.Bidirectional,
                    }, merge: BidirectionalMerge.Sum).Dense(3).Build("lstm-sum");
                case "gru_lbr0":
                    return new ModelBuilder(3, seed: 14).Gru(6, linearBeforeReset: false).Dense(2).Softmax().Build("gru0");
                case "gru_lbr1":
                    return new ModelBuilder(3, seed: 15).Gru(6, returnSequences: false, linearBeforeReset: true, clip: 3f).Dense(2).Build("gru1");
                case "rnn_relu":
                    return new ModelBuilder(2, seed: 16).SimpleRnn(7, ActivationKind.Relu).Gru(3).Build("rnn");
                case "custom_activations":
                    return new ModelBuilder(3, seed: 17).Recurrent(new RecurrentOpAttributes
                    {
                        Cell = RecurrentCellKind.Gru, HiddenSize = 4, LinearBeforeReset = true,
                        Activations = new[] { "HardSigmoid", "ScaledTanh" },
                        ActivationAlpha = new[] { 0.3f, 1.5f }, ActivationBeta = new[] { 0.6f, 0.75f },
                    }).Build("custom");
                case "embedding_tokens":
                    return ModelBuilder.ForTokens(20, 8, seed: 18).Lstm(6).Dense(20).Softmax(log: true).Build("tokens");
                default:
                    var kernel = T(Sequence(15), 5, 3);
                    var kernel2 = T(Sequence(6, 0.2f), 3, 2);
                    return new Model(new Layer[]
                    {
                        new DenseLayer("dense_a", kernel, T(Sequence(3, 0.05f), 3), Activation.Default(ActivationKind.LeakyRelu)),
                        new DenseLayer("dense_b", kernel2, null, new Activation(ActivationKind.Elu, 0.7f, 0f)),
                        new ActivationLayer("act", 2, new Activation(ActivationKind.HardSigmoid, 0.25f, 0.4f)),
                        new SoftmaxLayer("softmax", 2),
                    }, "dense");
            }
        }

        [TestCaseSource(nameof(Models))]
        public void SaveThenLoad_GivesTheSameModelBitForBitAndTheSamePredictions(string name)
        {
            Model model = Build(name);
            byte[] file = ModelFile.ToBytes(model, new ModelFileOptions { Created = s_created });
            ModelFileContents loaded = ModelFile.Read(file);

            AssertSameModel(model, loaded.Model);
            FormatAssert.BitExact(Predict(model), Predict(loaded.Model), name + " predictions");
            Assert.That(loaded.Version, Is.EqualTo(ModelFile.CurrentVersion));
            Assert.That(loaded.Preprocessing, Is.Null);
            Assert.That(loaded.Optimizer, Is.Null);
        }

        [TestCaseSource(nameof(Models))]
        public void SaveAsFloat16_LoadsWithinFloat16Precision(string name)
        {
            Model model = Build(name);
            byte[] half = ModelFile.ToBytes(model, new ModelFileOptions { WeightType = ModelWeightType.Float16, Created = s_created });
            byte[] full = ModelFile.ToBytes(model, new ModelFileOptions { Created = s_created });
            Model loaded = ModelFile.Read(half).Model;

            long parameters = model.ParameterCount;
            int weights = 0;
            foreach (ModelWeight _ in model.Weights) weights++;
            // 2 bytes per parameter, give or take a bin header that shrinks by up to 2 bytes per weight.
            Assert.That(full.Length - half.Length, Is.InRange(2 * parameters, 2 * parameters + 2 * weights), "float16 saves 2 bytes per parameter");
            for (int l = 0; l < model.Layers.Count; l++)
            {
                for (int k = 0; k < model.Layers[l].Weights.Count; k++)
                {
                    float[] expected = model.Layers[l].Weights[k].Value.Data, actual = loaded.Layers[l].Weights[k].Value.Data;
                    for (int i = 0; i < expected.Length; i++)
                    {
                        string what = $"{model.Layers[l].Weights[k].Name}[{i}]: {expected[i]:R} stored as float16 reads back as {actual[i]:R}";
                        float rounded = Float16.ToSingle(Float16.FromSingle(expected[i]));
                        if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(rounded))
                            Assert.That(actual[i], Is.EqualTo(rounded), what + ", not the float16 rounding");
                        double tolerance = Float16RelativeError * Math.Abs(expected[i]) + Float16SubnormalHalfStep;
                        if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tolerance), what);
                    }
                }
            }
            // The float16 model still behaves like the original (a loose check; weights are what the format promises).
            float[] p = Predict(model), q = Predict(loaded);
            for (int i = 0; i < p.Length; i++) Assert.That(q[i], Is.EqualTo(p[i]).Within(Float16PredictionTolerance), $"prediction [{i}]");
        }

        [Test]
        public void Write_IntoABufferWriter_EqualsToBytesAndIsDeterministic()
        {
            Model model = Build("gru_lbr1");
            var options = new ModelFileOptions { Created = s_created };
            var buffer = new ArrayBufferWriter<byte>(16);
            ModelFile.Write(model, buffer, options);
            byte[] again = ModelFile.ToBytes(model, options);
            Assert.That(buffer.WrittenSpan.SequenceEqual(again), Is.True, "Write and ToBytes agree, and repeated writes are identical");
        }

        [Test]
        public void OptimizerState_RoundTripsBitForBit()
        {
            Model model = Build("gru_lbr1");
            var optimizer = new OptimizerState
            {
                Kind = "adam",
                Step = 123456789012,
                Hyperparameters = new Dictionary<string, double> { ["learning_rate"] = 1e-3, ["beta1"] = 0.9, ["beta2"] = 0.999, ["epsilon"] = 1e-8 },
            };
            foreach (ModelWeight w in model.Weights)
            {
                optimizer.Slots.Add(new OptimizerSlot(w.Name, "m", T(Sequence(w.Value.Length, 0.01f), w.Shape.ToArray())));
                optimizer.Slots.Add(new OptimizerSlot(w.Name, "v", T(Sequence(w.Value.Length, 1e-5f), w.Shape.ToArray())));
            }
            // Float16 weights must not touch the optimizer slots, which stay float32.
            var options = new ModelFileOptions { Optimizer = optimizer, WeightType = ModelWeightType.Float16 };
            OptimizerState o = ModelFile.Read(ModelFile.ToBytes(model, options)).Optimizer!;

            Assert.That(o.Kind, Is.EqualTo("adam"));
            Assert.That(o.Step, Is.EqualTo(123456789012));
            Assert.That(o.Hyperparameters, Is.EquivalentTo(optimizer.Hyperparameters));
            Assert.That(o.Slots.Count, Is.EqualTo(optimizer.Slots.Count));
            for (int i = 0; i < o.Slots.Count; i++)
            {
                Assert.That(o.Slots[i].Weight, Is.EqualTo(optimizer.Slots[i].Weight));
                Assert.That(o.Slots[i].Name, Is.EqualTo(optimizer.Slots[i].Name));
                Assert.That(o.Slots[i].Value.Shape, Is.EqualTo(optimizer.Slots[i].Value.Shape));
                FormatAssert.BitExact(optimizer.Slots[i].Value.Data, o.Slots[i].Value.Data, "slot " + i);
            }
        }

        [Test]
        public void Optimizer_SlotForAnUnknownWeight_IsRejectedWhenWriting()
        {
            var optimizer = new OptimizerState { Kind = "sgd" };
            optimizer.Slots.Add(new OptimizerSlot("nope/W", "m", T(new float[1], 1)));
            Assert.That(() => ModelFile.ToBytes(Build("gru_lbr0"), new ModelFileOptions { Optimizer = optimizer }),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("nope/W"));
        }

        [Test]
        public void Metadata_CombinesModelAndOptionsAndStampsProducerAndCreated()
        {
            Model built = Build("gru_lbr0");
            var model = new Model(built.Layers, "meta", new Dictionary<string, string> { ["source"] = "unit test", ["training.epochs"] = "3", ["created"] = "old" });
            var options = new ModelFileOptions
            {
                Created = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
                Producer = "Recurrent tests",
                Metadata = new Dictionary<string, string> { ["training.epochs"] = "4", ["training.loss"] = "0.125" },
            };
            ModelFileContents loaded = ModelFile.Read(ModelFile.ToBytes(model, options));

            var expected = new Dictionary<string, string>
            {
                ["producer"] = "Recurrent tests", ["created"] = "2024-05-06T07:08:09Z", ["source"] = "unit test",
                ["training.epochs"] = "4", ["training.loss"] = "0.125",
            };
            Assert.That(loaded.Metadata, Is.EquivalentTo(expected));
            Assert.That(loaded.Model.Metadata, Is.EquivalentTo(expected), "the loaded Model carries the file's metadata");
        }

        [Test]
        public void Metadata_CreatedDefaultsToNowInUtc()
        {
            DateTime before = DateTime.UtcNow.AddSeconds(-1);
            string created = ModelFile.Read(ModelFile.ToBytes(Build("gru_lbr0"))).Metadata["created"];
            DateTime parsed = DateTime.ParseExact(created, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            Assert.That(parsed, Is.InRange(before, DateTime.UtcNow.AddSeconds(1)), created);
        }

        [Test]
        public void Write_UnknownLayerType_ThrowsArgumentException()
        {
            var model = new Model(new Layer[] { new CustomLayer() });
            Assert.That(() => ModelFile.ToBytes(model), Throws.InstanceOf<ArgumentException>().With.Message.Contains("custom"));
        }

        [Test]
        [Explicit("Timing, not a unit test: prints how long a ~10 MB model takes to load.")]
        public void Load_TenMegabyteModel_Timing()
        {
            Model model = new ModelBuilder(256, seed: 3).Lstm(512).Lstm(256).Dense(64).Softmax().Build("ten-mb");
            string path = Path.Combine(Path.GetTempPath(), "recurrent-load-timing-" + Guid.NewGuid().ToString("N") + ".rmodel");
            try
            {
                ModelFile.Save(model, path);
                byte[] bytes = File.ReadAllBytes(path);
                for (int i = 0; i < 3; i++) ModelFile.Load(path);   // warm-up
                var read = new List<double>();
                var load = new List<double>();
                var readAll = new List<double>();
                for (int i = 0; i < 15; i++)
                {
                    var sw = Stopwatch.StartNew();
                    ModelFile.Read(bytes);
                    read.Add(sw.Elapsed.TotalMilliseconds);
                    sw.Restart();
                    ModelFile.Load(path);
                    load.Add(sw.Elapsed.TotalMilliseconds);
                    sw.Restart();
                    File.ReadAllBytes(path);
                    readAll.Add(sw.Elapsed.TotalMilliseconds);
                }
                read.Sort();
                load.Sort();
                readAll.Sort();
                TestContext.WriteLine($"model: {model.ParameterCount} parameters, file {bytes.Length / 1e6:F2} MB");
                TestContext.WriteLine($"ModelFile.Load(path): median {load[7]:F2} ms (min {load[0]:F2}, max {load[14]:F2})");
                TestContext.WriteLine($"ModelFile.Read(bytes): median {read[7]:F2} ms (min {read[0]:F2}, max {read[14]:F2})");
                TestContext.WriteLine($"File.ReadAllBytes alone: median {readAll[7]:F2} ms");
                Assert.That(load[7], Is.LessThan(200), "sanity bound; the target is well under 20 ms");
            }
            finally
            {
                File.Delete(path);
            }
        }

        private sealed class CustomLayer : Layer
        {
            public CustomLayer() : base("custom") { }
            public override LayerKind Kind => LayerKind.Activation;
            public override int InputSize => 1;
            public override int OutputSize => 1;
            public override IReadOnlyList<ModelWeight> Weights => Array.Empty<ModelWeight>();
            public override string Describe() => "custom";
        }
    }
}
