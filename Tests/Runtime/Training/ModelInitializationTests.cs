// ModelInitialization against the frameworks' documented defaults (keras.layers.LSTM/GRU/SimpleRNN/Dense/Embedding
// and torch.nn.LSTM/GRU/RNN/Linear/Embedding docs): bounds, moments, orthogonality and bias blocks are checked from
// those formulas, not from the code under test.
using System;
using NUnit.Framework;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class ModelInitializationTests
    {
        private const int Vocab = 50, Emb = 24, H = 32, Out = 10;

        private static Model Build(bool bidirectional = false) =>
            ModelBuilder.ForTokens(Vocab, Emb, seed: 3)
                .Lstm(H, direction: bidirectional ? RecurrentDirection.Bidirectional : RecurrentDirection.Forward)
                .Gru(H, returnSequences: false)
                .Dense(Out)
                .Build();

        [Test]
        public void Keras_MatchesTheLayerDefaults()
        {
            var model = Build(bidirectional: true);
            model.Initialize(InitializationScheme.Keras, seed: 7);
            var emb = (EmbeddingLayer)model.Layers[0];
            var lstm = (RecurrentLayer)model.Layers[1];
            var gru = (RecurrentLayer)model.Layers[2];
            var dense = (DenseLayer)model.Layers[3];

            AssertUniform(emb.Table.Data, 0.05, "embedding uniform ±0.05");
            foreach (var r in new[] { lstm, gru })
            {
                int GH = r.W.Shape[1], I = r.InputSize;
                double glorot = Math.Sqrt(6.0 / (I + GH));   // Keras fans on the [I, G·H] kernel
                AssertUniform(r.W.Data, glorot, r.Name + "/W glorot_uniform");
                for (int d = 0; d < r.NumDirections; d++)
                    AssertOrthonormalColumns(r.R.Data.AsSpan(d * GH * H, GH * H).ToArray(), GH, H, r.Name + "/R orthogonal, direction " + d);
            }
            // LSTM: Keras' single bias with unit_forget_bias = Wb (i, o, f, c) = (0, 0, 1, 0), Rb = 0, per direction.
            for (int d = 0; d < 2; d++)
                for (int k = 0; k < 8 * H; k++)
                {
                    float expected = k >= 2 * H && k < 3 * H ? 1f : 0f;
                    Assert.That(lstm.B!.Data[d * 8 * H + k], Is.EqualTo(expected), $"LSTM bias[{d}, {k}]");
                }
            Assert.That(Array.TrueForAll(gru.B!.Data, v => v == 0f), Is.True, "GRU biases are zero");
            AssertUniform(dense.Kernel.Data, Math.Sqrt(6.0 / (H + Out)), "dense glorot_uniform");
            Assert.That(Array.TrueForAll(dense.Bias!.Data, v => v == 0f), Is.True, "dense bias zero");
        }

        [Test]
        public void PyTorch_MatchesTheModuleDefaults()
        {
            var model = Build();
            model.Initialize(InitializationScheme.PyTorch, seed: 7);
            var emb = (EmbeddingLayer)model.Layers[0];
            double mean = 0, sq = 0;
            foreach (var v in emb.Table.Data) { mean += v; sq += (double)v * v; }
            mean /= emb.Table.Length;
            double variance = sq / emb.Table.Length - mean * mean;
            Assert.That(Math.Abs(mean), Is.LessThan(0.06), "embedding N(0, 1) mean");
            Assert.That(variance, Is.InRange(0.85, 1.15), "embedding N(0, 1) variance");
            foreach (var layer in new[] { (RecurrentLayer)model.Layers[1], (RecurrentLayer)model.Layers[2] })
            {
                double k = 1 / Math.Sqrt(H);
                AssertUniform(layer.W.Data, k, layer.Name + "/W");
                AssertUniform(layer.R.Data, k, layer.Name + "/R");
                AssertUniform(layer.B!.Data, k, layer.Name + "/B");
            }
            var dense = (DenseLayer)model.Layers[3];
            AssertUniform(dense.Kernel.Data, 1 / Math.Sqrt(H), "Linear weight ±1/√fan_in");
            AssertUniformBounded(dense.Bias!.Data, 1 / Math.Sqrt(H), "Linear bias ±1/√fan_in");
        }

        [Test]
        public void SameSeed_IsBitIdentical_AndAnotherSeedDiffers()
        {
            foreach (var scheme in new[] { InitializationScheme.Keras, InitializationScheme.PyTorch })
            {
                var a = Build();
                var b = Build();
                var c = Build();
                a.Initialize(scheme, 11);
                b.Initialize(scheme, 11);
                c.Initialize(scheme, 12);
                var wa = new System.Collections.Generic.List<ModelWeight>(a.Weights);
                var wb = new System.Collections.Generic.List<ModelWeight>(b.Weights);
                var wc = new System.Collections.Generic.List<ModelWeight>(c.Weights);
                for (int i = 0; i < wa.Count; i++)
                    Assert.That(wa[i].Value.Data, Is.EqualTo(wb[i].Value.Data), $"{scheme} {wa[i].Name} reproduces");
                Assert.That(wa[1].Value.Data, Is.Not.EqualTo(wc[1].Value.Data), $"{scheme}: another seed, other weights");
            }
        }

        [Test]
        public void NamedOptions_UseTheNamedInitializers_AndAnUnknownNameChangesNothing()
        {
            var model = new ModelBuilder(4, 1).SimpleRnn(8).Dense(2).Build();
            model.Initialize(new ModelInitializationOptions { RecurrentKernel = "zeros", RecurrentWeights = "ones", RecurrentBias = "ones", DenseKernel = "ones" }, 1);
            var rnn = (RecurrentLayer)model.Layers[0];
            Assert.That(Array.TrueForAll(rnn.W.Data, v => v == 0f), Is.True);
            Assert.That(Array.TrueForAll(rnn.R.Data, v => v == 1f), Is.True);
            Assert.That(Array.TrueForAll(rnn.B!.Data, v => v == 1f), Is.True);
            Assert.That(Array.TrueForAll(((DenseLayer)model.Layers[1]).Kernel.Data, v => v == 1f), Is.True);

            var before = (float[])rnn.W.Data.Clone();
            Assert.That(() => model.Initialize(new ModelInitializationOptions { DenseBias = "nonsense" }, 1),
                Throws.ArgumentException.With.Message.Contains("nonsense"));
            Assert.That(rnn.W.Data, Is.EqualTo(before), "a bad name fails before any weight changes");
        }

        /// <summary>All values inside ±bound, and the sample variance that of U(−bound, bound): bound²/3 (±15 %).</summary>
        private static void AssertUniform(float[] values, double bound, string what)
        {
            AssertUniformBounded(values, bound, what);
            double mean = 0, sq = 0;
            foreach (var v in values) { mean += v; sq += (double)v * v; }
            mean /= values.Length;
            double variance = sq / values.Length - mean * mean;
            Assert.That(variance, Is.InRange(bound * bound / 3 * 0.85, bound * bound / 3 * 1.15), what + " variance");
            Assert.That(Math.Abs(mean), Is.LessThan(4 * bound / Math.Sqrt(3 * values.Length)), what + " mean");
        }

        private static void AssertUniformBounded(float[] values, double bound, string what)
        {
            foreach (var v in values)
                Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(bound * (1 + 1e-6)), what + " bound");
        }

        /// <summary>
        /// ONNX R [G·H, H] is the transpose of Keras' [H, G·H] recurrent kernel, whose H rows Keras makes orthonormal:
        /// so Rᵀ R = I_H.
        /// </summary>
        private static void AssertOrthonormalColumns(float[] r, int rows, int cols, string what)
        {
            for (int i = 0; i < cols; i++)
                for (int j = 0; j < cols; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < rows; k++) dot += (double)r[k * cols + i] * r[k * cols + j];
                    Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-4), $"{what}: (RᵀR)[{i}, {j}]");
                }
        }
    }
}
