// Losses at hand-computed points (values and gradients worked out on paper from the Keras formulas), the weighted-mean
// reduction with masks and zero weights, numerical stability at extreme logits, class weights and the name registry.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class LossTests
    {
        // Values are accumulated in double and rounded once to float: a few float ulps of the closed form.
        private const double ValueTolerance = 1e-6;

        // Gradients are computed in double and rounded once per element.
        private const double GradientTolerance = 1e-6;

        private static float Run(Loss loss, float[] p, float[] t, int n, int c, float[]? w, out float[] d)
        {
            d = new float[n * c];
            d.AsSpan().Fill(123f);   // proves the gradient is written, not accumulated
            return loss.Forward(p, t, n, c, w ?? Array.Empty<float>(), d);
        }

        [Test]
        public void MeanSquaredError_AveragesOverOutputs_AndHasGradient2eOverC()
        {
            float value = Run(new MeanSquaredError(), new[] { 1f, 2f }, new[] { 0f, 0f }, 1, 2, null, out float[] d);

            Assert.That(value, Is.EqualTo(2.5).Within(ValueTolerance));   // (1 + 4) / 2
            TrainingAssert.Close(new[] { 1.0, 2.0 }, d, GradientTolerance, 0, "dMSE");
        }

        [Test]
        public void MeanAbsoluteError_HasSignGradient_ZeroAtZeroError()
        {
            float value = Run(new MeanAbsoluteError(), new[] { 1f, -2f, 3f }, new[] { 0f, 0f, 3f }, 1, 3, null, out float[] d);

            Assert.That(value, Is.EqualTo(1.0).Within(ValueTolerance));   // (1 + 2 + 0) / 3
            TrainingAssert.Close(new[] { 1.0 / 3, -1.0 / 3, 0.0 }, d, GradientTolerance, 0, "dMAE");
        }

        [Test]
        public void Huber_IsQuadraticInsideDelta_AndLinearOutside()
        {
            // e = 0.5 → 0.125; e = 2 → 2 − 0.5 = 1.5; e = −3 → 3 − 0.5 = 2.5; mean 4.125 / 3.
            float value = Run(new Huber(1f), new[] { 0.5f, 2f, -3f }, new[] { 0f, 0f, 0f }, 1, 3, null, out float[] d);

            Assert.That(value, Is.EqualTo(1.375).Within(ValueTolerance));
            TrainingAssert.Close(new[] { 0.5 / 3, 1.0 / 3, -1.0 / 3 }, d, GradientTolerance, 0, "dHuber");
        }

        [Test]
        public void Huber_WithDeltaTwo_UsesDeltaInBothPieces()
        {
            // δ = 2: e = 1 → 0.5; e = 5 → 2·5 − 2 = 8. Mean 4.25; gradients 1/2 and 2/2.
            float value = Run(new Huber(2f), new[] { 1f, 5f }, new[] { 0f, 0f }, 1, 2, null, out float[] d);

            Assert.That(value, Is.EqualTo(4.25).Within(ValueTolerance));
            TrainingAssert.Close(new[] { 0.5, 1.0 }, d, GradientTolerance, 0, "dHuber");
        }

        [Test]
        public void BinaryCrossEntropy_FromProbabilities_MatchesMinusLog()
        {
            float value = Run(new BinaryCrossEntropy(), new[] { 0.8f, 0.8f }, new[] { 1f, 0f }, 2, 1, null, out float[] d);

            // (−ln 0.8 − ln 0.2) / 2; dL/dp = (p − t)/(p(1 − p)) / N = −1.25/2 and 5/2.
            Assert.That(value, Is.EqualTo((-Math.Log(0.8) - Math.Log(0.2)) / 2).Within(ValueTolerance));
            TrainingAssert.Close(new[] { -0.625, 2.5 }, d, 1e-5, 1e-6, "dBCE");
        }

        [Test]
        public void BinaryCrossEntropy_ClampsProbabilitiesAtKerasEpsilon_WithZeroGradientOutside()
        {
            float value = Run(new BinaryCrossEntropy(), new[] { 0f, 1f }, new[] { 1f, 0f }, 1, 2, null, out float[] d);

            Assert.That(value, Is.EqualTo(-Math.Log(1e-7)).Within(1e-4));   // both elements −ln(ε) ≈ 16.118
            Assert.That(d, Is.EqualTo(new[] { 0f, 0f }));
        }

        [Test]
        public void BinaryCrossEntropy_FromLogits_IsLn2AtZero_AndStableAtLargeLogits()
        {
            float value = Run(new BinaryCrossEntropy(fromLogits: true), new[] { 0f }, new[] { 1f }, 1, 1, null, out float[] d);
            Assert.That(value, Is.EqualTo(Math.Log(2)).Within(ValueTolerance));
            Assert.That(d[0], Is.EqualTo(-0.5).Within(GradientTolerance));

            value = Run(new BinaryCrossEntropy(fromLogits: true), new[] { 100f, -100f }, new[] { 0f, 1f }, 2, 1, null, out d);
            Assert.That(value, Is.EqualTo(100.0).Within(1e-4), "−ln σ(−100) = 100 + ln(1 + e^−100)");
            TrainingAssert.Close(new[] { 0.5, -0.5 }, d, GradientTolerance, 0, "σ(x) − t, over N = 2");
        }

        [Test]
        public void CategoricalCrossEntropy_FromLogits_IsLn3ForEqualLogits()
        {
            float value = Run(new CategoricalCrossEntropy(fromLogits: true), new[] { 0f, 0f, 0f }, new[] { 0f, 1f, 0f }, 1, 3, null, out float[] d);

            Assert.That(value, Is.EqualTo(Math.Log(3)).Within(ValueTolerance));
            TrainingAssert.Close(new[] { 1.0 / 3, -2.0 / 3, 1.0 / 3 }, d, GradientTolerance, 0, "softmax − t");
        }

        [Test]
        public void CategoricalCrossEntropy_FromLogits_IsStableAtHugeLogits()
        {
            float value = Run(new CategoricalCrossEntropy(fromLogits: true), new[] { 1000f, 0f, -1000f }, new[] { 0f, 0f, 1f }, 1, 3, null, out float[] d);

            Assert.That(value, Is.EqualTo(2000.0).Within(1e-3));
            TrainingAssert.Close(new[] { 1.0, 0.0, -1.0 }, d, GradientTolerance, 0, "softmax − t");
        }

        [Test]
        public void CategoricalCrossEntropy_FromProbabilities_NormalisesRowsLikeKeras()
        {
            float normalised = Run(new CategoricalCrossEntropy(), new[] { 0.2f, 0.3f, 0.5f }, new[] { 0f, 0f, 1f }, 1, 3, null, out _);
            float scaled = Run(new CategoricalCrossEntropy(), new[] { 0.4f, 0.6f, 1.0f }, new[] { 0f, 0f, 1f }, 1, 3, null, out float[] d);

            Assert.That(normalised, Is.EqualTo(-Math.Log(0.5)).Within(ValueTolerance));
            Assert.That(scaled, Is.EqualTo(-Math.Log(0.5)).Within(ValueTolerance));
            // L = −ln(p₂/s), s = Σp = 2: dL/dp_k = 1/s − [k = 2]/p₂ = 0.5, 0.5, 0.5 − 1.
            TrainingAssert.Close(new[] { 0.5, 0.5, -0.5 }, d, GradientTolerance, 0, "dCCE");
        }

        [Test]
        public void SparseCategoricalCrossEntropy_MatchesCategoricalWithOneHotTargets([Values] bool fromLogits)
        {
            float[] p = { 0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f };
            float sparse = Run(new SparseCategoricalCrossEntropy(fromLogits), p, new[] { 1f, 2f }, 2, 3, null, out float[] ds);
            float dense = Run(new CategoricalCrossEntropy(fromLogits), p, new[] { 0f, 1f, 0f, 0f, 0f, 1f }, 2, 3, null, out float[] dd);

            Assert.That(sparse, Is.EqualTo(dense).Within(ValueTolerance));
            TrainingAssert.Close(TrainingAssert.ToDouble(dd), ds, GradientTolerance, 0, "sparse vs one-hot gradient");
        }

        [Test]
        public void SparseCategoricalCrossEntropy_FromProbabilities_IsMinusLogOfTrueClass()
        {
            float value = Run(new SparseCategoricalCrossEntropy(), new[] { 0.25f, 0.75f }, new[] { 1f }, 1, 2, null, out _);

            Assert.That(value, Is.EqualTo(-Math.Log(0.75)).Within(ValueTolerance));
        }

        [Test]
        public void Forward_IsWeightedMeanOverSamples()
        {
            // Per-sample MSE: (1−0)² = 1 and (3−0)² = 9; weights 1 and 3 → (1 + 27) / 4 = 7.
            float value = Run(new MeanSquaredError(), new[] { 1f, 3f }, new[] { 0f, 0f }, 2, 1, new[] { 1f, 3f }, out float[] d);

            Assert.That(value, Is.EqualTo(7.0).Within(ValueTolerance));
            // d/dp_i = w_i·2e_i / Σw = 2/4 and 18/4.
            TrainingAssert.Close(new[] { 0.5, 4.5 }, d, GradientTolerance, 0, "weighted dMSE");
        }

        [Test]
        public void Forward_IgnoresMaskedSamples_EvenWithGarbageAndInvalidClassIds()
        {
            float[] p = { 0f, 0f, float.NaN, float.PositiveInfinity };
            float[] t = { 1f, -1f };   // the padded sample's id −1 is not a class
            float value = Run(new SparseCategoricalCrossEntropy(fromLogits: true), p, t, 2, 2, new[] { 1f, 0f }, out float[] d);

            Assert.That(value, Is.EqualTo(Math.Log(2)).Within(ValueTolerance));
            TrainingAssert.Close(new[] { 0.5, -0.5, 0.0, 0.0 }, d, GradientTolerance, 0, "masked row has zero gradient");
        }

        [Test]
        public void Forward_WithWeightsSummingToZero_ReturnsZeroAndZeroGradient()
        {
            float value = Run(new MeanSquaredError(), new[] { 5f, 6f }, new[] { 0f, 0f }, 2, 1, new[] { 0f, 0f }, out float[] d);

            Assert.That(value, Is.EqualTo(0f));
            Assert.That(d, Is.EqualTo(new[] { 0f, 0f }));
        }

        [Test]
        public void Forward_WithNoSamples_ReturnsZero()
        {
            float value = new MeanSquaredError().Forward(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 0, 3, ReadOnlySpan<float>.Empty, Span<float>.Empty);

            Assert.That(value, Is.EqualTo(0f));
        }

        [Test]
        public void SparseCategoricalCrossEntropy_RejectsAnInvalidClassIdOnAWeightedSample()
        {
            var loss = new SparseCategoricalCrossEntropy();
            var d = new float[2];

            Assert.That(() => loss.Forward(new[] { 0.5f, 0.5f }, new[] { 2f }, 1, 2, ReadOnlySpan<float>.Empty, d),
                Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => loss.Forward(new[] { 0.5f, 0.5f }, new[] { 0.5f }, 1, 2, ReadOnlySpan<float>.Empty, d),
                Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        [Test]
        public void Forward_RejectsShortBuffers()
        {
            var loss = new MeanSquaredError();

            Assert.That(() => loss.Forward(new float[3], new float[4], 2, 2, ReadOnlySpan<float>.Empty, new float[4]), Throws.ArgumentException);
            Assert.That(() => loss.Forward(new float[4], new float[3], 2, 2, ReadOnlySpan<float>.Empty, new float[4]), Throws.ArgumentException);
            Assert.That(() => loss.Forward(new float[4], new float[4], 2, 2, new float[1], new float[4]), Throws.ArgumentException);
            Assert.That(() => loss.Forward(new float[4], new float[4], 2, 2, ReadOnlySpan<float>.Empty, new float[3]), Throws.ArgumentException);
        }

        [TestCase("mse", typeof(MeanSquaredError))]
        [TestCase("mean_squared_error", typeof(MeanSquaredError))]
        [TestCase("MeanSquaredError", typeof(MeanSquaredError))]
        [TestCase("mae", typeof(MeanAbsoluteError))]
        [TestCase("mean_absolute_error", typeof(MeanAbsoluteError))]
        [TestCase("huber", typeof(Huber))]
        [TestCase("huber_loss", typeof(Huber))]
        [TestCase("binary_crossentropy", typeof(BinaryCrossEntropy))]
        [TestCase("BinaryCrossentropy", typeof(BinaryCrossEntropy))]
        [TestCase("categorical_crossentropy", typeof(CategoricalCrossEntropy))]
        [TestCase("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossEntropy))]
        [TestCase("SparseCategoricalCrossentropy", typeof(SparseCategoricalCrossEntropy))]
        public void FromName_AcceptsKerasNamesAndAliases(string name, Type expected)
        {
            Loss loss = Losses.FromName(name);

            Assert.That(loss, Is.InstanceOf(expected));
            Assert.That(Losses.FromName(loss.Name), Is.InstanceOf(expected), "the canonical name round-trips");
        }

        [Test]
        public void FromName_PassesFromLogits_AndRejectsUnknownNames()
        {
            Assert.That(((SparseCategoricalCrossEntropy)Losses.FromName("scce", fromLogits: true)).FromLogits, Is.True);
            Assert.That(((BinaryCrossEntropy)Losses.FromName("bce")).FromLogits, Is.False);
            Assert.That(() => Losses.FromName("hinge"), Throws.ArgumentException.With.Message.Contains("hinge"));
        }

        [Test]
        public void ClassWeights_FromClassIds_MultipliesMaskAndClassWeight()
        {
            var weights = new float[4];
            ClassWeights.FromClassIds(new[] { 0f, 2f, 1f, -1f }, new[] { 1f, 5f, 0.5f }, new[] { 1f, 1f, 2f, 0f }, weights);

            Assert.That(weights, Is.EqualTo(new[] { 1f, 0.5f, 10f, 0f }));
            Assert.That(() => ClassWeights.FromClassIds(new[] { 3f }, new[] { 1f, 1f }, ReadOnlySpan<float>.Empty, new float[1]),
                Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        [Test]
        public void ClassWeights_FromTargets_UsesArgmaxOfRows_OrRoundedBinaryLabels()
        {
            var weights = new float[2];
            ClassWeights.FromTargets(new[] { 0f, 1f, 0f, 0f, 0f, 1f }, 2, 3, new[] { 1f, 2f, 3f }, ReadOnlySpan<float>.Empty, weights);
            Assert.That(weights, Is.EqualTo(new[] { 2f, 3f }));

            var binary = new float[3];
            ClassWeights.FromTargets(new[] { 0f, 1f, 0.9f }, 3, 1, new[] { 1f, 4f }, ReadOnlySpan<float>.Empty, binary);
            Assert.That(binary, Is.EqualTo(new[] { 1f, 4f, 4f }));
        }
    }
}
