// RecurrentOp against the independent double-precision NaiveRecurrent over random weights and every option,
// plus layout 1, validation errors and zero allocation with a workspace.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Tests.Ops
{
    [TestFixture]
    public class RecurrentOpTests
    {
        // float32 kernels vs a double reference over up to 50 steps: rounding accumulates through the recurrence,
        // so allow a few hundred float ulps of the O(1) state.
        private const double Abs = 2e-5;
        private const double Rel = 2e-5;

        public static readonly object[] Cases =
        {
            // cell, direction, T, B, I, H, lengths?, clip, peepholes, inputForget, lbr
            new object[] { "LSTM", RecurrentDirection.Forward, 5, 3, 4, 6, false, 0f, false, false, false },
            new object[] { "LSTM", RecurrentDirection.Reverse, 5, 3, 4, 6, true, 0f, false, false, false },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, 7, 4, 3, 5, true, 0f, true, false, false },
            new object[] { "LSTM", RecurrentDirection.Bidirectional, 6, 2, 3, 17, true, 0.7f, true, true, false },
            new object[] { "LSTM", RecurrentDirection.Forward, 50, 8, 32, 64, true, 0f, false, true, false },
            new object[] { "GRU", RecurrentDirection.Forward, 5, 3, 4, 6, false, 0f, false, false, false },
            new object[] { "GRU", RecurrentDirection.Forward, 5, 3, 4, 6, false, 0f, false, false, true },
            new object[] { "GRU", RecurrentDirection.Bidirectional, 9, 5, 7, 33, true, 0.5f, false, false, false },
            new object[] { "GRU", RecurrentDirection.Reverse, 9, 5, 7, 33, true, 0f, false, false, true },
            new object[] { "GRU", RecurrentDirection.Bidirectional, 50, 3, 16, 128, true, 0f, false, false, true },
            new object[] { "RNN", RecurrentDirection.Forward, 5, 3, 4, 6, false, 0f, false, false, false },
            new object[] { "RNN", RecurrentDirection.Bidirectional, 11, 4, 5, 19, true, 0.3f, false, false, false },
        };

        [TestCaseSource(nameof(Cases))]
        public void RecurrentOp_RandomWeights_MatchesNaiveReference(string cell, RecurrentDirection direction, int T, int B, int I, int H,
            bool withLengths, float clip, bool peepholes, bool inputForget, bool lbr)
        {
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            var attrs = new RecurrentOpAttributes
            {
                Cell = kind, HiddenSize = H, Direction = direction, Clip = clip > 0 ? clip : (float?)null,
                InputForget = inputForget, LinearBeforeReset = lbr,
            };
            int D = attrs.NumDirections, G = attrs.GateCount;
            float scale = 1f / (float)Math.Sqrt(H);
            var x = TestData.Uniform(1, T * B * I, -2f, 2f);
            var w = TestData.Uniform(2, D * G * H * I, -scale * 2, scale * 2);
            var r = TestData.Uniform(3, D * G * H * H, -scale, scale);
            var b = TestData.Uniform(4, D * 2 * G * H, -0.5f, 0.5f);
            var p = peepholes ? TestData.Uniform(5, D * 3 * H, -0.5f, 0.5f) : null;
            var h0 = TestData.Uniform(6, D * B * H, -0.5f, 0.5f);
            var c0 = kind == RecurrentCellKind.Lstm ? TestData.Uniform(7, D * B * H, -0.5f, 0.5f) : null;
            int[]? lens = null;
            if (withLengths)
            {
                lens = new int[B];
                for (int i = 0; i < B; i++) lens[i] = i == 0 ? T : Math.Max(1, (T * (i + 1)) / (B + 1) - i % 2);
            }

            var op = new RecurrentOp(attrs, I, w, r, b, p ?? default);
            var y = new float[T * D * B * H];
            var yH = new float[D * B * H];
            var yC = kind == RecurrentCellKind.Lstm ? new float[D * B * H] : Array.Empty<float>();
            op.Run(x, T, B, lens, h0, c0 ?? default, y, yH, yC);

            var acts = Activation.FromOnnx(Defaults(kind, D), null, null);
            var expected = NaiveRecurrent.Run(cell, T, B, I, H, D, direction == RecurrentDirection.Reverse, x, w, r, b, p, lens, h0, c0,
                acts, clip, inputForget, lbr);
            TestData.AssertClose(y, expected.Y, Abs, Rel, "Y");
            TestData.AssertClose(yH, expected.Yh, Abs, Rel, "Y_h");
            if (kind == RecurrentCellKind.Lstm) TestData.AssertClose(yC, expected.Yc, Abs, Rel, "Y_c");
        }

        [TestCase("RNN")]
        [TestCase("GRU")]
        [TestCase("LSTM")]
        public void RecurrentOp_EveryActivationPair_MatchesNaiveReference(string cell)
        {
            var kinds = new[] { "Relu", "Tanh", "Sigmoid", "Affine", "LeakyRelu", "ThresholdedRelu", "ScaledTanh", "HardSigmoid", "Elu", "Softsign", "Softplus" };
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            int perDir = cell == "RNN" ? 1 : cell == "GRU" ? 2 : 3;
            const int T = 4, B = 2, I = 3, H = 5;
            for (int k = 0; k < kinds.Length; k++)
            {
                var names = new string[2 * perDir];
                for (int j = 0; j < names.Length; j++) names[j] = kinds[(k + j * 3) % kinds.Length];
                var alphas = new[] { 0.3f, 0.7f, 1.3f, 0.2f, 0.9f, 0.4f };
                var betas = new[] { 0.6f, -0.2f, 0.5f, 0.1f };
                var attrs = new RecurrentOpAttributes
                {
                    Cell = kind, HiddenSize = H, Direction = RecurrentDirection.Bidirectional,
                    Activations = names, ActivationAlpha = alphas, ActivationBeta = betas,
                };
                int G = attrs.GateCount;
                var x = TestData.Uniform(11, T * B * I);
                var w = TestData.Uniform(12, 2 * G * H * I, -0.6f, 0.6f);
                var r = TestData.Uniform(13, 2 * G * H * H, -0.4f, 0.4f);
                var op = new RecurrentOp(attrs, I, w, r, default, default);
                var y = new float[T * 2 * B * H];
                var yH = new float[2 * B * H];
                op.Run(x, T, B, default, default, default, y, yH, default);
                var expected = NaiveRecurrent.Run(cell, T, B, I, H, 2, false, x, w, r, null, null, null, null, null,
                    Activation.FromOnnx(names, alphas, betas), 0f, false, false);
                TestData.AssertClose(y, expected.Y, Abs, Rel, $"Y with activations [{string.Join(",", names)}]");
            }
        }

        [TestCase(RecurrentCellKind.Lstm)]
        [TestCase(RecurrentCellKind.Gru)]
        [TestCase(RecurrentCellKind.Rnn)]
        public void RecurrentOp_Layout1_EqualsTransposedLayout0(RecurrentCellKind kind)
        {
            const int T = 6, B = 3, I = 4, H = 5, D = 2;
            var a0 = new RecurrentOpAttributes { Cell = kind, HiddenSize = H, Direction = RecurrentDirection.Bidirectional };
            var a1 = a0.Clone();
            a1.Layout = 1;
            int G = a0.GateCount;
            var x0 = TestData.Uniform(21, T * B * I);
            var w = TestData.Uniform(22, D * G * H * I, -0.5f, 0.5f);
            var r = TestData.Uniform(23, D * G * H * H, -0.5f, 0.5f);
            var h0 = TestData.Uniform(24, D * B * H);
            var c0 = TestData.Uniform(25, D * B * H);
            bool lstm = kind == RecurrentCellKind.Lstm;
            var lens = new[] { 6, 2, 4 };

            var y0 = new float[T * D * B * H]; var yh0 = new float[D * B * H]; var yc0 = new float[lstm ? D * B * H : 0];
            new RecurrentOp(a0, I, w, r, default, default).Run(x0, T, B, lens, h0, lstm ? c0 : default, y0, yh0, yc0);

            var x1 = new float[x0.Length];
            for (int t = 0; t < T; t++) for (int b = 0; b < B; b++) for (int i = 0; i < I; i++) x1[(b * T + t) * I + i] = x0[(t * B + b) * I + i];
            var h1 = new float[h0.Length]; var c1 = new float[c0.Length];
            for (int d = 0; d < D; d++) for (int b = 0; b < B; b++) for (int j = 0; j < H; j++)
            {
                h1[(b * D + d) * H + j] = h0[(d * B + b) * H + j];
                c1[(b * D + d) * H + j] = c0[(d * B + b) * H + j];
            }
            var y1 = new float[y0.Length]; var yh1 = new float[yh0.Length]; var yc1 = new float[yc0.Length];
            new RecurrentOp(a1, I, w, r, default, default).Run(x1, T, B, lens, h1, lstm ? c1 : default, y1, yh1, yc1);

            for (int t = 0; t < T; t++) for (int d = 0; d < D; d++) for (int b = 0; b < B; b++) for (int j = 0; j < H; j++)
                Assert.That(y1[((b * T + t) * D + d) * H + j], Is.EqualTo(y0[((t * D + d) * B + b) * H + j]), $"Y[t={t},d={d},b={b},j={j}]");
            for (int d = 0; d < D; d++) for (int b = 0; b < B; b++) for (int j = 0; j < H; j++)
            {
                Assert.That(yh1[(b * D + d) * H + j], Is.EqualTo(yh0[(d * B + b) * H + j]), "Y_h");
                if (lstm) Assert.That(yc1[(b * D + d) * H + j], Is.EqualTo(yc0[(d * B + b) * H + j]), "Y_c");
            }
        }

        [Test]
        public void RecurrentOp_WrongWeightShape_ThrowsRecurrentExceptionNamingTheWeight()
        {
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Lstm, HiddenSize = 4 };
            var ex = Assert.Throws<RecurrentException>(() => new RecurrentOp(attrs, 3, new float[16 * 3], new float[15], default, default));
            Assert.That(ex!.Message, Does.Contain("R").And.Contain("[1, 16, 4]"));
        }

        [Test]
        public void RecurrentOp_LengthOutsideRange_ThrowsArgumentOutOfRange()
        {
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Rnn, HiddenSize = 2 };
            var op = new RecurrentOp(attrs, 1, new float[2], new float[4], default, default);
            Assert.Throws<ArgumentOutOfRangeException>(() =>
                op.Run(new float[3], 3, 1, new[] { 4 }, default, default, default, new float[2], default));
        }

        [Test]
        public void RecurrentOp_UnknownActivation_ThrowsRecurrentException()
        {
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Rnn, HiddenSize = 2, Activations = new[] { "Swish" } };
            Assert.Throws<RecurrentException>(() => new RecurrentOp(attrs, 1, new float[2], new float[4], default, default));
        }

        [Test]
        public void RecurrentOp_RunWithWorkspace_AllocatesNothingAfterWarmUp()
        {
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Lstm, HiddenSize = 32, Direction = RecurrentDirection.Bidirectional };
            const int T = 20, B = 4, I = 8;
            var op = new RecurrentOp(attrs, I, TestData.Uniform(1, 2 * 128 * I), TestData.Uniform(2, 2 * 128 * 32), default, default);
            var x = TestData.Uniform(3, T * B * I);
            var y = new float[T * 2 * B * 32]; var yh = new float[2 * B * 32];
            var lens = new[] { 20, 3, 11, 1 };
            var ws = new Workspace();
            op.Run(x, T, B, lens, default, default, y, yh, default, ws);
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 50; i++) op.Run(x, T, B, lens, default, default, y, yh, default, ws);
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 50 runs");
        }

        private static string[] Defaults(RecurrentCellKind kind, int D)
        {
            var one = RecurrentOpAttributes.DefaultActivations(kind);
            var all = new string[one.Length * D];
            for (int d = 0; d < D; d++) Array.Copy(one, 0, all, d * one.Length, one.Length);
            return all;
        }
    }
}
