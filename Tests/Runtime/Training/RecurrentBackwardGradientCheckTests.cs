// BPTT of RecurrentLayerTrainer against central finite differences computed in double precision with the
// independent NaiveRecurrent (ONNX equations), for every cell, direction, option and masking case.
// Loss = Σ v ⊙ output for a fixed random v, so dLoss/dOutput = v.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class RecurrentBackwardGradientCheckTests
    {
        // float32 backward vs double finite differences: rounding of a few-step recurrence (~1e-6 relative) plus the
        // finite-difference error of a double forward (≪ 1e-6).
        private const double AbsTolerance = 2e-5;
        private const double RelTolerance = 2e-3;
        private const double Epsilon = 1e-3;
        private const int SamplesPerTensor = 12;

        public static readonly object[] Cases =
        {
            // cell, direction, returnSequences, lengths, clip, peepholes, inputForget, lbr, merge
            new object[] { "LSTM", RecurrentDirection.Forward, true, false, 0f, false, false, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Forward, false, true, 0f, true, false, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, true, true, 0f, true, false, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, false, true, 0f, false, false, false, BidirectionalMerge.Sum },
            new object[] { "LSTM", RecurrentDirection.Reverse, true, true, 0f, true, true, false, BidirectionalMerge.Concat },
            new object[] { "LSTM", RecurrentDirection.Forward, true, true, 0.9f, true, false, false, BidirectionalMerge.Concat },
            new object[] { "GRU", RecurrentDirection.Forward, true, false, 0f, false, false, false, BidirectionalMerge.Concat },
            new object[] { "GRU", RecurrentDirection.Forward, true, true, 0f, false, false, true, BidirectionalMerge.Concat },
            new object[] { "GRU", RecurrentDirection.Bidirectional, false, true, 0f, false, false, true, BidirectionalMerge.Concat },
            new object[] { "GRU", RecurrentDirection.Bidirectional, true, true, 0.8f, false, false, false, BidirectionalMerge.Sum },
            new object[] { "RNN", RecurrentDirection.Forward, true, false, 0f, false, false, false, BidirectionalMerge.Concat },
            new object[] { "RNN", RecurrentDirection.Bidirectional, false, true, 0f, false, false, false, BidirectionalMerge.Concat },
        };

        [TestCaseSource(nameof(Cases))]
        public void Backward_MatchesDoublePrecisionFiniteDifferences(string cell, RecurrentDirection direction, bool sequences,
            bool withLengths, float clip, bool peepholes, bool inputForget, bool lbr, BidirectionalMerge merge)
        {
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            const int T = 5, B = 3, I = 4, H = 3;
            var attrs = new RecurrentOpAttributes
            {
                Cell = kind, HiddenSize = H, Direction = direction, Clip = clip > 0 ? clip : (float?)null,
                InputForget = inputForget, LinearBeforeReset = lbr,
            };
            if (kind == RecurrentCellKind.Rnn) attrs.Activations = new[] { "Tanh" };
            int D = attrs.NumDirections, GH = attrs.GateCount * H;
            var w = new Tensor(TestData.Uniform(31, D * GH * I, -0.8f, 0.8f), D, GH, I);
            var r = new Tensor(TestData.Uniform(32, D * GH * H, -0.8f, 0.8f), D, GH, H);
            var b = new Tensor(TestData.Uniform(33, D * 2 * GH, -0.5f, 0.5f), D, 2 * GH);
            var p = peepholes ? new Tensor(TestData.Uniform(34, D * 3 * H, -0.5f, 0.5f), D, 3 * H) : null;
            var layer = new RecurrentLayer("rec", attrs, w, r, b, p, sequences, merge);
            var x = TestData.Uniform(35, T * B * I, -1.5f, 1.5f);     // time-major [T, B, I]
            int[]? lens = withLengths ? new[] { 5, 2, 4 } : null;

            var trainer = new RecurrentLayerTrainer(layer, mw => new Parameter(mw.Name, mw.Value));
            var ctx = new TrainingContext { Time = T, Batch = B, Lengths = lens, Training = true };
            int O = layer.OutputSize;
            var y = new float[sequences ? T * B * O : B * O];
            trainer.Forward(ctx, true, x, y);

            // The forward itself agrees with the independent reference.
            var v = TestData.Uniform(36, y.Length);
            double baseLoss = Loss(layer, x, lens, v, out var reference);
            TestData.AssertClose(y, reference, 1e-5, 1e-5, "training forward vs NaiveRecurrent");

            var dx = new float[T * B * I];
            trainer.Backward(ctx, true, x, y, v, dx);

            foreach (var param in trainer.Parameters)
                CheckTensor(param.Name, param.Value.Data, param.Gradient, () => Loss(layer, x, lens, v, out _));
            CheckTensor("x", x, dx, () => Loss(layer, x, lens, v, out _));
            Assert.That(baseLoss, Is.Not.NaN);
        }

        private static void CheckTensor(string name, float[] values, float[] gradient, Func<double> loss)
        {
            var rng = new DeterministicRandom((ulong)name.GetHashCode() & 0xffff);
            for (int k = 0; k < SamplesPerTensor; k++)
            {
                int idx = rng.NextInt(values.Length);
                float original = values[idx];
                values[idx] = (float)(original + Epsilon);
                double up = loss();
                double hi = values[idx];
                values[idx] = (float)(original - Epsilon);
                double down = loss();
                double lo = values[idx];
                values[idx] = original;
                double fd = (up - down) / (hi - lo);
                double g = gradient[idx];
                Assert.That(Math.Abs(g - fd) <= AbsTolerance + RelTolerance * Math.Abs(fd), Is.True,
                    $"d loss / d {name}[{idx}]: backward {g:R}, finite difference {fd:R}");
            }
        }

        /// <summary>Σ v ⊙ layer output, with the output computed in double by NaiveRecurrent.</summary>
        private static double Loss(RecurrentLayer layer, float[] x, int[]? lens, float[] v, out double[] output)
        {
            var a = layer.Attributes;
            int T = x.Length / (3 * layer.InputSize), B = 3, H = a.HiddenSize, D = a.NumDirections, O = layer.OutputSize;
            string cell = a.Cell == RecurrentCellKind.Rnn ? "RNN" : a.Cell == RecurrentCellKind.Gru ? "GRU" : "LSTM";
            var res = NaiveRecurrent.Run(cell, T, B, layer.InputSize, H, D, a.Direction == RecurrentDirection.Reverse, x,
                layer.W.Data, layer.R.Data, layer.B?.Data, layer.P?.Data, lens, null, null, layer.Activations, a.Clip ?? 0f,
                a.InputForget, a.LinearBeforeReset);
            bool sum = D == 2 && layer.Merge == BidirectionalMerge.Sum;
            output = new double[layer.ReturnSequences ? T * B * O : B * O];
            for (int d = 0; d < D; d++)
                for (int b = 0; b < B; b++)
                    for (int j = 0; j < H; j++)
                    {
                        int col = sum ? j : d * H + j;
                        if (layer.ReturnSequences)
                            for (int t = 0; t < T; t++) output[(t * B + b) * O + col] += res.Y[((t * D + d) * B + b) * H + j];
                        else
                            output[b * O + col] += res.Yh[(d * B + b) * H + j];
                    }
            double l = 0;
            for (int i = 0; i < output.Length; i++) l += v[i] * output[i];
            return l;
        }
    }
}
