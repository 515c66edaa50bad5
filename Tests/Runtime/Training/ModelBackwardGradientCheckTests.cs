// Whole-model backward (stacked recurrent layers, embedding, dense, activation, softmax) against central finite
// differences of the model's own float forward, and the masking guarantee: padded steps get exactly zero gradient.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class ModelBackwardGradientCheckTests
    {
        // Float forward differences: loss rounding ~1e-7 / eps 3e-3 plus O(eps²) curvature; backward is float too.
        private const double Epsilon = 3e-3;
        private const double AbsTolerance = 3e-4;
        private const double RelTolerance = 2e-2;

        [Test]
        public void StackedFeatureModel_BackwardMatchesFiniteDifferences()
        {
            var model = new ModelBuilder(3, 5)
                .Lstm(6, peepholes: true)
                .Gru(5, returnSequences: false, direction: RecurrentDirection.Bidirectional)
                .Dense(4, ActivationKind.Tanh).Softmax().Build();
            const int T = 6, B = 3;
            var x = TestData.Uniform(1, T * B * 3, -1f, 1f);
            var lengths = new[] { 6, 3, 1 };
            Check(model, T, B, lengths, x, null);
        }

        [Test]
        public void TokenModelWithSequenceOutput_BackwardMatchesFiniteDifferences()
        {
            var model = ModelBuilder.ForTokens(7, 4, 3).SimpleRnn(5, ActivationKind.Tanh).Lstm(4, inputForget: true).Dense(7).Build();
            const int T = 5, B = 2;
            var tokens = new[] { 1, 6, 0, 2, 3, 3, 5, 4, 2, 1 };
            Check(model, T, B, new[] { 5, 3 }, null, tokens);
        }

        [TestCase(RecurrentCellKind.Lstm, false)]
        [TestCase(RecurrentCellKind.Gru, false)]
        [TestCase(RecurrentCellKind.Gru, true)]
        [TestCase(RecurrentCellKind.Rnn, false)]
        public void DropoutAndRecurrentDropout_BackwardMatchesFiniteDifferencesWithFrozenMasks(RecurrentCellKind cell, bool lbr)
        {
            var attrs = new RecurrentOpAttributes { Cell = cell, HiddenSize = 5, LinearBeforeReset = lbr };
            var model = new ModelBuilder(3, 21)
                .Recurrent(attrs, returnSequences: true, dropout: 0.3f, recurrentDropout: 0.4f)
                .Dropout(0.25f).Dense(4, ActivationKind.Tanh).Build();
            const int T = 5, B = 3;
            var x = TestData.Uniform(6, T * B * 3);
            Check(model, T, B, new[] { 5, 4, 2 }, x, null, training: true);
        }

        [Test]
        public void Dropout_IsTheIdentityAtInference_AndRandomButSeededInTraining()
        {
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Lstm, HiddenSize = 6 };
            var model = new ModelBuilder(2, 4).Recurrent(attrs, dropout: 0.5f, recurrentDropout: 0.5f).Dropout(0.5f).Dense(2).Build();
            var tm = new TrainableModel(model);
            var x = TestData.Uniform(8, 4 * 2 * 2);
            var inference = (float[])tm.Forward(4, 2, null, x, null, training: false).Clone();
            var predicted = new InferenceModel(model).Predict(BatchMajor(x, 4, 2, 2), 2, 4);
            TestData.AssertClose(BatchMajor(inference, 4, 2, 2).AsSpan(0, 16), predicted, 1e-6, 0, "training graph without dropout = inference");
            tm.DropoutSeed = 7;
            var a = (float[])tm.Forward(4, 2, null, x, null, training: true).Clone();
            var b = (float[])tm.Forward(4, 2, null, x, null, training: true).Clone();
            tm.DropoutSeed = 8;
            var c = (float[])tm.Forward(4, 2, null, x, null, training: true).Clone();
            Assert.That(b, Is.EqualTo(a), "same seed, same masks");
            Assert.That(c, Is.Not.EqualTo(a), "another seed, other masks");
            Assert.That(a, Is.Not.EqualTo(inference), "dropout changes the training forward");
        }

        private static float[] BatchMajor(float[] timeMajor, int T, int B, int F)
        {
            var r = new float[T * B * F];
            for (int t = 0; t < T; t++) for (int b = 0; b < B; b++) Array.Copy(timeMajor, (t * B + b) * F, r, (b * T + t) * F, F);
            return r;
        }

        [Test]
        public void PaddedSteps_GetZeroInputGradient_AndDoNotChangeTheLoss()
        {
            var model = new ModelBuilder(2, 9).Lstm(4).Dense(2).Build();
            var tm = new TrainableModel(model);
            const int T = 5, B = 2;
            var x = TestData.Uniform(2, T * B * 2);
            var lengths = new[] { 5, 2 };
            var v = TestData.Uniform(3, T * B * 2);
            double before = LossOf(tm, T, B, lengths, x, null, v);
            // Change row 1 at its padded steps t = 2..4: the loss must not move.
            for (int t = 2; t < T; t++) { x[(t * B + 1) * 2] += 5f; x[(t * B + 1) * 2 + 1] -= 3f; }
            double after = LossOf(tm, T, B, lengths, x, null, v);
            Assert.That(after, Is.EqualTo(before), "loss after changing padded inputs");
        }

        private static void Check(Model model, int T, int B, int[] lengths, float[]? x, int[]? tokens, bool training = false)
        {
            var tm = new TrainableModel(model) { DropoutSeed = 99 };
            var y = tm.Forward(T, B, lengths, x, tokens, training);
            int outLen = tm.OutputSizeTotal(T, B);
            var v = TestData.Uniform(77, outLen);
            // Padded output positions carry no loss (as a masked loss would).
            if (tm.OutputIsSequence)
                for (int t = 0; t < T; t++) for (int b = 0; b < B; b++)
                    if (t >= lengths[b]) for (int o = 0; o < tm.OutputSize; o++) v[(t * B + b) * tm.OutputSize + o] = 0f;
            var dOut = new float[y.Length];
            Array.Copy(v, dOut, outLen);
            tm.ZeroGradients();
            tm.Backward(dOut);

            var rng = new DeterministicRandom(5);
            foreach (var p in tm.Parameters)
            {
                var grad = (float[])p.Gradient.Clone();
                for (int k = 0; k < 8; k++)
                {
                    int idx = rng.NextInt(p.Length);
                    float original = p.Value.Data[idx];
                    p.Value.Data[idx] = (float)(original + Epsilon);
                    double up = LossOf(tm, T, B, lengths, x, tokens, v, training);
                    double hi = p.Value.Data[idx];
                    p.Value.Data[idx] = (float)(original - Epsilon);
                    double down = LossOf(tm, T, B, lengths, x, tokens, v, training);
                    double lo = p.Value.Data[idx];
                    p.Value.Data[idx] = original;
                    double fd = (up - down) / (hi - lo);
                    Assert.That(Math.Abs(grad[idx] - fd) <= AbsTolerance + RelTolerance * Math.Abs(fd), Is.True,
                        $"d loss / d {p.Name}[{idx}]: backward {grad[idx]:R}, finite difference {fd:R}");
                }
            }
        }

        private static double LossOf(TrainableModel tm, int T, int B, int[] lengths, float[]? x, int[]? tokens, float[] v,
            bool training = false)
        {
            var y = tm.Forward(T, B, lengths, x, tokens, training);
            double l = 0;
            for (int i = 0; i < v.Length; i++) l += (double)v[i] * y[i];
            return l;
        }
    }
}
