// BPTT through a layer's final states (returnState: h_T and, for LSTM, c_T) and through a single-bias layer, against
// central finite differences of the independent double-precision NaiveRecurrent (ONNX equations, its Y_h / Y_c).
// Loss = Σ v ⊙ output for a fixed random v, so dLoss/dOutput = v and both dH_T and dC_T are seeded.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class ReturnStateGradientCheckTests
    {
        // float32 backward vs double finite differences, as in RecurrentBackwardGradientCheckTests: rounding of a
        // few-step recurrence (~1e-6 relative) plus the finite-difference error of a double forward (≪ 1e-6).
        private const double AbsTolerance = 2e-5;
        private const double RelTolerance = 2e-3;
        private const double Epsilon = 1e-3;
        private const int SamplesPerTensor = 12;
        // The float32 training forward against the double reference: a 5-step recurrence rounds to ~1e-6.
        private const double ForwardTolerance = 1e-5;

        private const int T = 5, B = 3, I = 4, H = 3;

        public static readonly object[] StateCases =
        {
            // cell, direction, lengths (row 2 has length 0 when set), peepholes, merge
            new object[] { "LSTM", RecurrentDirection.Forward, false, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Forward, true, true, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Reverse, true, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, true, true, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, true, false, BidirectionalMerge.Sum },
            new object[] { "GRU", RecurrentDirection.Bidirectional, true, false, BidirectionalMerge.Concat },
            new object[] { "RNN", RecurrentDirection.Forward, true, false, BidirectionalMerge.Concat },
        };

        [TestCaseSource(nameof(StateCases))]
        public void ReturnState_BackwardThroughFinalHAndC_MatchesDoublePrecisionFiniteDifferences(string cell, RecurrentDirection direction,
            bool withLengths, bool peepholes, BidirectionalMerge merge)
        {
            var layer = BuildLayer(cell, direction, peepholes, merge, returnState: true, singleBias: false);
            int[]? lens = withLengths ? new[] { 5, 2, 0 } : null;
            int M = layer.MergedSize;
            Assert.That(layer.OutputSize, Is.EqualTo((cell == "LSTM" ? 2 : 1) * M), "output = [h (M), c (M)] for LSTM, [h (M)] otherwise");

            var (trainer, x, y, v) = ForwardBackward(layer, lens, out var dx);

            // The training forward is [Y_h, Y_c] of the reference, merged like the output.
            Loss(layer, x, lens, v, out var reference);
            TestData.AssertClose(y, reference, ForwardTolerance, ForwardTolerance, "training forward vs NaiveRecurrent Y_h/Y_c");

            foreach (var param in trainer.Parameters)
                CheckTensor(param.Name, param.Value.Data, param.Gradient, () => Loss(layer, x, lens, v, out _), skip: null);
            CheckTensor("x", x, dx, () => Loss(layer, x, lens, v, out _), skip: null);
        }

        [Test]
        public void ReturnState_LstmCellStateGradient_IsNotJustTheHiddenStateGradient()
        {
            // Guards the dC_T seed: with dy zero on h and nonzero on c, every weight gradient must still be nonzero.
            var layer = BuildLayer("LSTM", RecurrentDirection.Forward, false, BidirectionalMerge.Concat, returnState: true, singleBias: false);
            var trainer = new RecurrentLayerTrainer(layer, mw => new Parameter(mw.Name, mw.Value));
            var ctx = new TrainingContext { Time = T, Batch = B, Training = true };
            var x = TestData.Uniform(35, T * B * I, -1.5f, 1.5f);
            var y = new float[B * layer.OutputSize];
            trainer.Forward(ctx, true, x, y);
            var dy = new float[y.Length];
            for (int b = 0; b < B; b++)
                for (int j = 0; j < H; j++) dy[b * 2 * H + H + j] = 1f;   // only c_T
            trainer.Backward(ctx, true, x, y, dy, null);

            double norm = 0;
            foreach (float g in trainer.Parameters[0].Gradient) norm += g * g;
            Assert.That(norm, Is.GreaterThan(1e-6), "dLoss/dW through c_T alone");
            double fd = FiniteDifference(layer, x, null, dy, trainer.Parameters[0].Value.Data, 7);
            Assert.That(trainer.Parameters[0].Gradient[7], Is.EqualTo(fd).Within(AbsTolerance + RelTolerance * Math.Abs(fd)),
                "dLoss/dW[7] through c_T alone vs finite difference");
        }

        public static readonly object[] SingleBiasCases =
        {
            new object[] { "LSTM", RecurrentDirection.Bidirectional, false },
            new object[] { "GRU", RecurrentDirection.Forward, false },
            new object[] { "RNN", RecurrentDirection.Reverse, true },
        };

        [TestCaseSource(nameof(SingleBiasCases))]
        public void SingleBias_WbGradientMatchesFiniteDifferences_RbGetsNone(string cell, RecurrentDirection direction, bool returnState)
        {
            var layer = BuildLayer(cell, direction, false, BidirectionalMerge.Concat, returnState, singleBias: true);
            int[]? lens = { 5, 2, 4 };
            var (trainer, x, _, v) = ForwardBackward(layer, lens, out var dx);
            int GH = layer.Attributes.GateCount * H;
            var bias = trainer.Parameters[2];
            Assert.That(bias.Name, Is.EqualTo("rec/B"));
            Assert.That(bias.HasHeldZeros, Is.True, "Rb is held at zero");

            bool IsRb(int i) => i % (2 * GH) >= GH;
            CheckTensor("B (Wb)", bias.Value.Data, bias.Gradient, () => Loss(layer, x, lens, v, out _), skip: IsRb);
            for (int i = 0; i < bias.Length; i++)
                if (IsRb(i)) Assert.That(bias.Gradient[i], Is.EqualTo(0f), $"dRb[{i}] (Keras has no recurrent bias)");
            CheckTensor("W", trainer.Parameters[0].Value.Data, trainer.Parameters[0].Gradient, () => Loss(layer, x, lens, v, out _), skip: null);
            CheckTensor("x", x, dx, () => Loss(layer, x, lens, v, out _), skip: null);
        }

        private static RecurrentLayer BuildLayer(string cell, RecurrentDirection direction, bool peepholes, BidirectionalMerge merge,
            bool returnState, bool singleBias)
        {
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            var attrs = new RecurrentOpAttributes { Cell = kind, HiddenSize = H, Direction = direction };
            if (kind == RecurrentCellKind.Rnn) attrs.Activations = new[] { "Tanh" };
            int D = attrs.NumDirections, GH = attrs.GateCount * H;
            var w = new Tensor(TestData.Uniform(31, D * GH * I, -0.8f, 0.8f), D, GH, I);
            var r = new Tensor(TestData.Uniform(32, D * GH * H, -0.8f, 0.8f), D, GH, H);
            var b = new Tensor(TestData.Uniform(33, D * 2 * GH, -0.5f, 0.5f), D, 2 * GH);
            if (singleBias)
                for (int d = 0; d < D; d++) Array.Clear(b.Data, d * 2 * GH + GH, GH);
            var p = peepholes ? new Tensor(TestData.Uniform(34, D * 3 * H, -0.5f, 0.5f), D, 3 * H) : null;
            return new RecurrentLayer("rec", attrs, w, r, b, p, returnSequences: false, merge, returnState: returnState, singleBias: singleBias);
        }

        private static (RecurrentLayerTrainer, float[] x, float[] y, float[] v) ForwardBackward(RecurrentLayer layer, int[]? lens, out float[] dx)
        {
            var trainer = new RecurrentLayerTrainer(layer, mw => new Parameter(mw.Name, mw.Value));
            var ctx = new TrainingContext { Time = T, Batch = B, Lengths = lens, Training = true };
            var x = TestData.Uniform(35, T * B * I, -1.5f, 1.5f);     // time-major [T, B, I]
            var y = new float[B * layer.OutputSize];
            trainer.Forward(ctx, true, x, y);
            var v = TestData.Uniform(36, y.Length);
            dx = new float[T * B * I];
            trainer.Backward(ctx, true, x, y, v, dx);
            return (trainer, x, y, v);
        }

        private static void CheckTensor(string name, float[] values, float[] gradient, Func<double> loss, Func<int, bool>? skip)
        {
            var rng = new DeterministicRandom((ulong)name.Length * 7919 + (ulong)values.Length);
            int checkedCount = 0;
            for (int k = 0; checkedCount < SamplesPerTensor && k < 20 * SamplesPerTensor; k++)
            {
                int idx = rng.NextInt(values.Length);
                if (skip != null && skip(idx)) continue;
                checkedCount++;
                double fd = CentralDifference(values, idx, loss);
                double g = gradient[idx];
                Assert.That(Math.Abs(g - fd) <= AbsTolerance + RelTolerance * Math.Abs(fd), Is.True,
                    $"d loss / d {name}[{idx}]: backward {g:R}, finite difference {fd:R}");
            }
            Assert.That(checkedCount, Is.EqualTo(SamplesPerTensor), name + ": samples checked");
        }

        private static double FiniteDifference(RecurrentLayer layer, float[] x, int[]? lens, float[] v, float[] values, int idx) =>
            CentralDifference(values, idx, () => Loss(layer, x, lens, v, out _));

        private static double CentralDifference(float[] values, int idx, Func<double> loss)
        {
            float original = values[idx];
            values[idx] = (float)(original + Epsilon);
            double up = loss();
            double hi = values[idx];
            values[idx] = (float)(original - Epsilon);
            double down = loss();
            double lo = values[idx];
            values[idx] = original;
            return (up - down) / (hi - lo);
        }

        /// <summary>
        /// Σ v ⊙ output with the output computed in double by NaiveRecurrent: [merge(Y_h), merge(Y_c)] per row for a
        /// returnState LSTM, merge(Y_h) otherwise (the last step).
        /// </summary>
        private static double Loss(RecurrentLayer layer, float[] x, int[]? lens, float[] v, out double[] output)
        {
            var a = layer.Attributes;
            int D = a.NumDirections, O = layer.OutputSize, M = layer.MergedSize;
            string cell = a.Cell == RecurrentCellKind.Rnn ? "RNN" : a.Cell == RecurrentCellKind.Gru ? "GRU" : "LSTM";
            var res = NaiveRecurrent.Run(cell, T, B, I, H, D, a.Direction == RecurrentDirection.Reverse, x,
                layer.W.Data, layer.R.Data, layer.B?.Data, layer.P?.Data, lens, null, null, layer.Activations, a.Clip ?? 0f,
                a.InputForget, a.LinearBeforeReset);
            bool sum = D == 2 && layer.Merge == BidirectionalMerge.Sum;
            bool withC = layer.ReturnState && a.Cell == RecurrentCellKind.Lstm;
            output = new double[B * O];
            for (int d = 0; d < D; d++)
                for (int b = 0; b < B; b++)
                    for (int j = 0; j < H; j++)
                    {
                        int col = sum ? j : d * H + j;
                        output[b * O + col] += res.Yh[(d * B + b) * H + j];
                        if (withC) output[b * O + M + col] += res.Yc[(d * B + b) * H + j];
                    }
            double l = 0;
            for (int i = 0; i < output.Length; i++) l += v[i] * output[i];
            return l;
        }
    }
}
