// Stateful (truncated BPTT) training against double-precision finite differences: the second chunk of a stream starts
// from the state the first chunk ended with, and its gradient must be the derivative of the second chunk's loss with
// that carried state held constant (truncation: no gradient flows into the previous chunk). The reference computes
// the carried state and the second chunk with the independent NaiveRecurrent (ONNX equations, double precision).
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class TruncatedBpttGradientCheckTests
    {
        private const double AbsTolerance = 2e-5;
        private const double RelTolerance = 2e-3;
        private const double Epsilon = 1e-3;
        private const int SamplesPerTensor = 12;
        private const int B = 3, I = 4, H = 3, T1 = 4, T2 = 5;

        [TestCase("LSTM", true, false)]
        [TestCase("LSTM", false, true)]
        [TestCase("GRU", true, false)]
        [TestCase("GRU", false, true)]
        [TestCase("RNN", true, true)]
        public void SecondChunk_MatchesFiniteDifferences_WithTheCarriedStateHeldConstant(string cell, bool sequences, bool withLengths)
        {
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            var attrs = new RecurrentOpAttributes { Cell = kind, HiddenSize = H, LinearBeforeReset = kind == RecurrentCellKind.Gru };
            if (kind == RecurrentCellKind.Rnn) attrs.Activations = new[] { "Tanh" };
            int GH = attrs.GateCount * H;
            var w = new Tensor(TestData.Uniform(41, GH * I, -0.8f, 0.8f), 1, GH, I);
            var r = new Tensor(TestData.Uniform(42, GH * H, -0.8f, 0.8f), 1, GH, H);
            var bias = new Tensor(TestData.Uniform(43, 2 * GH, -0.5f, 0.5f), 1, 2 * GH);
            var layer = new RecurrentLayer("rec", attrs, w, r, bias, null, sequences);
            var x1 = TestData.Uniform(44, T1 * B * I, -1.5f, 1.5f);   // time-major [T1, B, I]
            var x2 = TestData.Uniform(45, T2 * B * I, -1.5f, 1.5f);   // time-major [T2, B, I]
            int[]? lens2 = withLengths ? new[] { 5, 2, 3 } : null;   // rows may end early in the last chunk

            var trainer = new RecurrentLayerTrainer(layer, mw => new Parameter(mw.Name, mw.Value)) { Stateful = true };
            int O = layer.OutputSize;
            var y1 = new float[sequences ? T1 * B * O : B * O];
            trainer.Forward(new TrainingContext { Time = T1, Batch = B, Training = true }, true, x1, y1);
            var ctx2 = new TrainingContext { Time = T2, Batch = B, Lengths = lens2, Training = true };
            var y2 = new float[sequences ? T2 * B * O : B * O];
            trainer.Forward(ctx2, true, x2, y2);

            // The carried state, computed once from the ORIGINAL weights (it is a constant of the second chunk).
            var first = Run(layer, T1, x1, null, null, null);
            var h0 = ToFloat(first.Yh);
            var c0 = ToFloat(first.Yc);

            var v = TestData.Uniform(46, y2.Length);
            double Loss(out double[] output)
            {
                var res = Run(layer, T2, x2, lens2, h0, kind == RecurrentCellKind.Lstm ? c0 : null);
                output = new double[sequences ? T2 * B * O : B * O];
                for (int b = 0; b < B; b++)
                    for (int j = 0; j < H; j++)
                    {
                        if (sequences)
                            for (int t = 0; t < T2; t++) output[(t * B + b) * O + j] = res.Y[(t * B + b) * H + j];
                        else
                            output[b * O + j] = res.Yh[b * H + j];
                    }
                double l = 0;
                for (int i = 0; i < output.Length; i++) l += v[i] * output[i];
                return l;
            }

            Loss(out var reference);
            TestData.AssertClose(y2, reference, 1e-5, 1e-5, "second chunk forward continues from the carried state");

            var dx = new float[T2 * B * I];
            trainer.Backward(ctx2, true, x2, y2, v, dx);
            foreach (var param in trainer.Parameters)
                CheckTensor(param.Name, param.Value.Data, param.Gradient, () => Loss(out _));
            CheckTensor("x2", x2, dx, () => Loss(out _));
        }

        [Test]
        public void ResetState_StartsTheNextChunkFromZero()
        {
            var model = new ModelBuilder(2, 5).Gru(4).Build();
            var layer = (RecurrentLayer)model.Layers[0];
            var trainer = new RecurrentLayerTrainer(layer, mw => new Parameter(mw.Name, mw.Value)) { Stateful = true };
            var x = TestData.Uniform(47, 3 * 1 * 2);
            var y = new float[3 * 4];
            var ctx = new TrainingContext { Time = 3, Batch = 1, Training = false };
            trainer.Forward(ctx, true, x, y);
            trainer.ResetState();
            trainer.Forward(ctx, true, x, y);
            var expected = Run(layer, 3, x, null, null, null);
            TestData.AssertClose(y, expected.Y, 1e-5, 1e-5, "after ResetState the chunk runs from a zero state");
        }

        private static NaiveRecurrent.Result Run(RecurrentLayer layer, int time, float[] x, int[]? lens, float[]? h0, float[]? c0)
        {
            var a = layer.Attributes;
            int batch = x.Length / (time * layer.InputSize);
            string cell = a.Cell == RecurrentCellKind.Rnn ? "RNN" : a.Cell == RecurrentCellKind.Gru ? "GRU" : "LSTM";
            return NaiveRecurrent.Run(cell, time, batch, layer.InputSize, a.HiddenSize, 1, false, x, layer.W.Data, layer.R.Data,
                layer.B?.Data, null, lens, h0, c0, layer.Activations, 0f, a.InputForget, a.LinearBeforeReset);
        }

        private static float[] ToFloat(double[] values)
        {
            var f = new float[values.Length];
            for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
            return f;
        }

        private static void CheckTensor(string name, float[] values, float[] gradient, Func<double> loss)
        {
            var rng = new DeterministicRandom(((ulong)name.Length << 8) + 7);
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
    }
}
