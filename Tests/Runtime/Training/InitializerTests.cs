// Initializers: orthogonality of Orthogonal (WᵀW or WWᵀ = gain²·I), the Keras bounds and variances of the
// variance-scaling family (limits and moments computed here from the Keras formulas), PyTorch defaults,
// unit_forget_bias in ONNX gate order, and seed determinism.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class InitializerTests
    {
        // Q comes from a double-precision QR and is rounded to float once: entries carry ≤ 6e-8 relative error, so
        // the inner products of up to 64 terms stay within 1e-5 of the identity.
        private const double OrthogonalityTolerance = 1e-5;

        // Moments of 65,536 draws: the sample variance's standard error is σ²·√(2/n) ≈ 0.55 % (normal) and smaller
        // for the uniform; 4 % leaves a wide margin while still separating e.g. fan_in from fan_avg.
        private const int Draws = 1 << 16;
        private const double VarianceRelativeTolerance = 0.04;

        [TestCase(8, 8)]
        [TestCase(16, 4)]     // ONNX R [G·H, H] for an LSTM with H = 4: orthonormal columns
        [TestCase(4, 16)]     // Keras recurrent_kernel [H, 4H]: orthonormal rows
        [TestCase(64, 64)]
        [TestCase(1, 5)]
        [TestCase(7, 1)]
        public void Orthogonal_HasOrthonormalColumnsOrRows(int rows, int cols)
        {
            const float gain = 1.5f;
            var w = new float[rows * cols];
            new OrthogonalInitializer(gain).Fill(w, new WeightShape(rows, cols, cols, rows), new DeterministicRandom(42));

            bool columns = rows >= cols;
            int k = columns ? cols : rows;
            for (int a = 0; a < k; a++)
            {
                for (int b = 0; b < k; b++)
                {
                    double dot = 0;
                    int len = columns ? rows : cols;
                    for (int i = 0; i < len; i++)
                        dot += columns ? (double)w[i * cols + a] * w[i * cols + b] : (double)w[a * cols + i] * w[b * cols + i];
                    double expected = a == b ? gain * gain : 0;
                    Assert.That(dot, Is.EqualTo(expected).Within(OrthogonalityTolerance * gain * gain),
                        $"[{rows}, {cols}] {(columns ? "WᵀW" : "WWᵀ")}[{a}, {b}]");
                }
            }
        }

        [Test]
        public void Orthogonal_ThinQ_IsSignCorrected_SoRHasAPositiveDiagonal()
        {
            // A = [[−2, 1], [0, 3], [0, 0]]: Gram–Schmidt by hand gives q₀ = −e₀ after normalising with R₀₀ = +2, so
            // the sign-corrected Q has first column −e₀ and second column +e₁ (R₁₁ = 3 > 0).
            double[] a = { -2, 1, 0, 3, 0, 0 };
            double[] q = OrthogonalInitializer.ThinQ(a, 3, 2);

            double[] expected = { -1, 0, 0, 1, 0, 0 };
            for (int i = 0; i < 6; i++) Assert.That(q[i], Is.EqualTo(expected[i]).Within(1e-12), $"Q[{i / 2}, {i % 2}]");
        }

        [Test]
        public void Orthogonal_RejectsAShapeThatDoesNotMatchTheValues()
        {
            Assert.That(() => new OrthogonalInitializer().Fill(new float[6], WeightShape.Vector(6, 2, 3), new DeterministicRandom(1)), Throws.Nothing,
                "a [1, 6] vector is a valid (row-orthonormal) matrix");
            Assert.That(() => new OrthogonalInitializer().Fill(new float[6], new WeightShape(2, 2, 2, 2), new DeterministicRandom(1)),
                Throws.ArgumentException);
        }

        [Test]
        public void GlorotUniform_StaysWithinLimit_AndHasVarianceTwoOverFanSum()
        {
            const int fanIn = 30, fanOut = 50;
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));   // Glorot & Bengio eq. 16
            float[] w = Draw(VarianceScalingInitializer.GlorotUniform(), fanIn, fanOut);

            foreach (float v in w) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(limit), "glorot_uniform bound");
            AssertMoments(w, 2.0 / (fanIn + fanOut), "glorot_uniform");
        }

        [Test]
        public void GlorotNormal_IsTruncatedAtTwoSigma_AndHasVarianceTwoOverFanSum()
        {
            const int fanIn = 30, fanOut = 50;
            double sigma = Math.Sqrt(2.0 / (fanIn + fanOut)) / 0.87962566103423978;   // Keras' truncation correction
            float[] w = Draw(VarianceScalingInitializer.GlorotNormal(), fanIn, fanOut);

            foreach (float v in w) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(2 * sigma * (1 + 1e-6)), "truncated at 2σ");
            AssertMoments(w, 2.0 / (fanIn + fanOut), "glorot_normal");
        }

        [TestCase("he_uniform", 2.0, true)]
        [TestCase("he_normal", 2.0, false)]
        [TestCase("lecun_uniform", 1.0, true)]
        [TestCase("lecun_normal", 1.0, false)]
        public void FanInFamilies_HaveVarianceScaleOverFanIn(string name, double scale, bool uniform)
        {
            const int fanIn = 40, fanOut = 10;
            float[] w = Draw(Initializers.FromName(name), fanIn, fanOut);

            if (uniform)
                foreach (float v in w) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(Math.Sqrt(3 * scale / fanIn)), name + " bound");
            AssertMoments(w, scale / fanIn, name);
        }

        [Test]
        public void RandomUniform_RandomNormal_TruncatedNormal_FollowKerasDefaults()
        {
            float[] u = Draw(Initializers.FromName("random_uniform"), 1, 1);
            foreach (float v in u) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(0.05));
            AssertMoments(u, 0.05 * 0.05 / 3, "random_uniform ±0.05");

            AssertMoments(Draw(Initializers.FromName("random_normal"), 1, 1), 0.05 * 0.05, "random_normal σ 0.05");

            // A unit normal truncated to [−2, 2] has variance 0.87962566103423978² ≈ 0.774.
            float[] t = Draw(Initializers.FromName("truncated_normal"), 1, 1);
            foreach (float v in t) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(0.1 * (1 + 1e-6)));
            AssertMoments(t, Math.Pow(0.05 * 0.87962566103423978, 2), "truncated_normal σ 0.05");
        }

        [Test]
        public void PyTorchDefaults_AreUniformInOneOverSqrtHiddenOrFanIn()
        {
            float[] rnn = new float[Draws];
            Initializers.PyTorchRecurrent(16).Fill(rnn, WeightShape.OutputMajor(64, Draws / 64), new DeterministicRandom(3));
            foreach (float v in rnn) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(0.25), "±1/√16");
            AssertMoments(rnn, 0.25 * 0.25 / 3, "pytorch recurrent");

            float[] linear = Draw(Initializers.FromName("pytorch_linear"), 100, 7);
            foreach (float v in linear) Assert.That(Math.Abs(v), Is.LessThanOrEqualTo(0.1), "±1/√100");
            AssertMoments(linear, 0.01 / 3, "pytorch linear");
        }

        [Test]
        public void ConstantInitializers_FillEveryValue()
        {
            var w = new float[5];
            Initializers.FromName("ones").Fill(w, 1, 5, new DeterministicRandom(0));
            Assert.That(w, Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 1f }));
            new ConstantInitializer(0.25f).Fill(w, 1, 5, new DeterministicRandom(0));
            Assert.That(w, Is.EqualTo(new[] { 0.25f, 0.25f, 0.25f, 0.25f, 0.25f }));
            Initializers.FromName("zeros").Fill(w, 1, 5, new DeterministicRandom(0));
            Assert.That(w, Is.EqualTo(new float[5]));
        }

        [Test]
        public void UnitForgetBias_SetsTheThirdHBlockInOnnxOrder()
        {
            const int h = 2;
            var gates = new float[4 * h];
            gates.AsSpan().Fill(9f);
            Initializers.UnitForgetBias(gates, h);
            Assert.That(gates, Is.EqualTo(new[] { 0f, 0f, 0f, 0f, 1f, 1f, 0f, 0f }), "i, o, f, c");

            var onnxB = new float[2 * 8 * h];   // [D = 2, (Wb, Rb)]
            Initializers.UnitForgetBias(onnxB, h);
            var expected = new float[2 * 8 * h];
            for (int d = 0; d < 2; d++) { expected[d * 16 + 4] = 1f; expected[d * 16 + 5] = 1f; }
            Assert.That(onnxB, Is.EqualTo(expected), "only Wb's forget block per direction");

            Assert.That(() => Initializers.UnitForgetBias(new float[5], h), Throws.ArgumentException);
        }

        [Test]
        public void SameSeed_GivesBitIdenticalWeights([Values("glorot_uniform", "glorot_normal", "he_normal", "orthogonal",
            "random_normal", "truncated_normal", "lecun_uniform")] string name)
        {
            Initializer init = Initializers.FromName(name);
            var a = new float[12 * 5];
            var b = new float[12 * 5];
            var c = new float[12 * 5];

            init.Fill(a, 5, 12, new DeterministicRandom(2024));
            init.Fill(b, 5, 12, new DeterministicRandom(2024));
            init.Fill(c, 5, 12, new DeterministicRandom(2025));

            TrainingAssert.BitExact(a, b, name + " with the same seed");
            Assert.That(c, Is.Not.EqualTo(a), name + " with another seed");
        }

        [Test]
        public void FromName_AcceptsAliases_AndRejectsUnknownNames()
        {
            Assert.That(Initializers.FromName("GlorotUniform").Name, Is.EqualTo("glorot_uniform"));
            Assert.That(Initializers.FromName("xavier_normal").Name, Is.EqualTo("glorot_normal"));
            foreach (string name in Initializers.Names) Assert.That(Initializers.FromName(name).Name, Is.EqualTo(name));
            Assert.That(() => Initializers.FromName("identity"), Throws.ArgumentException);
        }

        [Test]
        public void FanOverload_ViewsTheWeightAsOutputMajor()
        {
            // The [fanOut, fanIn] view: a [12, 5] orthogonal matrix has orthonormal columns.
            var w = new float[12 * 5];
            Initializers.FromName("orthogonal").Fill(w, 5, 12, new DeterministicRandom(9));
            double dot = 0;
            for (int i = 0; i < 12; i++) dot += (double)w[i * 5] * w[i * 5];
            Assert.That(dot, Is.EqualTo(1.0).Within(OrthogonalityTolerance));
        }

        private static float[] Draw(Initializer init, int fanIn, int fanOut)
        {
            var w = new float[Draws];
            init.Fill(w, WeightShape.Vector(Draws, fanIn, fanOut), new DeterministicRandom(7));
            return w;
        }

        /// <summary>Sample mean ≈ 0 (within 5 standard errors) and sample variance within the relative tolerance.</summary>
        private static void AssertMoments(float[] w, double expectedVariance, string what)
        {
            double mean = 0;
            foreach (float v in w) mean += v;
            mean /= w.Length;
            double variance = 0;
            foreach (float v in w) variance += (v - mean) * (v - mean);
            variance /= w.Length - 1;

            Assert.That(mean, Is.EqualTo(0).Within(5 * Math.Sqrt(expectedVariance / w.Length)), what + " mean");
            Assert.That(variance, Is.EqualTo(expectedVariance).Within(VarianceRelativeTolerance * expectedVariance), what + " variance");
        }
    }
}
