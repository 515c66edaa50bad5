// One time step of PyTorch and Keras cells written from their documented equations in double precision, compared with
// RecurrentOp run on the converted weights. Checks that a conversion preserves the function, not just the arrays.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Formats;
using Recurrent.Ops;

namespace Recurrent.Tests.Formats
{
    public sealed class GateLayoutOneStepTests
    {
        /// <summary>
        /// float32 operator against a double reference: pre-activations sum at most I + H + 2 = 14 terms of magnitude ≤ 1,
        /// so rounding stays near 1e-6; 1e-5 leaves room without hiding a swapped gate (which moves outputs by ~0.1).
        /// </summary>
        private const double OneStepTolerance = 1e-5;

        // ---- PyTorch (https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html, .GRU.html, .RNN.html) ----------

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromPyTorch_Lstm_OneStepMatchesTorchFormula(int H, int I)
        {
            var rng = new Random(100 + 10 * H + I);
            int GH = 4 * H;
            float[] wIh = FormatAssert.RandomValues(rng, GH * I), wHh = FormatAssert.RandomValues(rng, GH * H);
            float[] bIh = FormatAssert.RandomValues(rng, GH), bHh = FormatAssert.RandomValues(rng, GH);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H), c = FormatAssert.RandomValues(rng, H);

            // Blocks in weight_ih / weight_hh: i, f, g, o.
            //   i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(...f), g = tanh(...g), o = σ(...o)
            //   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
            var hNew = new double[H];
            var cNew = new double[H];
            for (int j = 0; j < H; j++)
            {
                double ig = Sigmoid(TorchPre(wIh, bIh, x, 0 * H + j) + TorchPre(wHh, bHh, h, 0 * H + j));
                double fg = Sigmoid(TorchPre(wIh, bIh, x, 1 * H + j) + TorchPre(wHh, bHh, h, 1 * H + j));
                double gg = Math.Tanh(TorchPre(wIh, bIh, x, 2 * H + j) + TorchPre(wHh, bHh, h, 2 * H + j));
                double og = Sigmoid(TorchPre(wIh, bIh, x, 3 * H + j) + TorchPre(wHh, bHh, h, 3 * H + j));
                cNew[j] = fg * c[j] + ig * gg;
                hNew[j] = og * Math.Tanh(cNew[j]);
            }

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Lstm, I, H, wIh, wHh, bIh, bHh);
            RunAndCompare(w, x, h, c, hNew, cNew);
        }

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromPyTorch_Gru_OneStepMatchesTorchFormula(int H, int I)
        {
            var rng = new Random(200 + 10 * H + I);
            int GH = 3 * H;
            float[] wIh = FormatAssert.RandomValues(rng, GH * I), wHh = FormatAssert.RandomValues(rng, GH * H);
            float[] bIh = FormatAssert.RandomValues(rng, GH), bHh = FormatAssert.RandomValues(rng, GH);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H);

            // Blocks: r, z, n.
            //   r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz)
            //   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
            var hNew = new double[H];
            for (int j = 0; j < H; j++)
            {
                double r = Sigmoid(TorchPre(wIh, bIh, x, 0 * H + j) + TorchPre(wHh, bHh, h, 0 * H + j));
                double z = Sigmoid(TorchPre(wIh, bIh, x, 1 * H + j) + TorchPre(wHh, bHh, h, 1 * H + j));
                double n = Math.Tanh(TorchPre(wIh, bIh, x, 2 * H + j) + r * TorchPre(wHh, bHh, h, 2 * H + j));
                hNew[j] = (1 - z) * n + z * h[j];
            }

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Gru, I, H, wIh, wHh, bIh, bHh);
            RunAndCompare(w, x, h, null, hNew, null);
        }

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromPyTorch_Rnn_OneStepMatchesTorchFormula(int H, int I)
        {
            var rng = new Random(300 + 10 * H + I);
            float[] wIh = FormatAssert.RandomValues(rng, H * I), wHh = FormatAssert.RandomValues(rng, H * H);
            float[] bIh = FormatAssert.RandomValues(rng, H), bHh = FormatAssert.RandomValues(rng, H);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H);

            // h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
            var hNew = new double[H];
            for (int j = 0; j < H; j++)
                hNew[j] = Math.Tanh(TorchPre(wIh, bIh, x, j) + TorchPre(wHh, bHh, h, j));

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Rnn, I, H, wIh, wHh, bIh, bHh);
            RunAndCompare(w, x, h, null, hNew, null);
        }

        // ---- Keras (keras/src/layers/rnn/lstm.py, gru.py, simple_rnn.py; recurrent activation sigmoid) ----------

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromKeras_Lstm_OneStepMatchesKerasFormula(int H, int I)
        {
            var rng = new Random(400 + 10 * H + I);
            int GH = 4 * H;
            float[] kernel = FormatAssert.RandomValues(rng, I * GH), recurrent = FormatAssert.RandomValues(rng, H * GH);
            float[] bias = FormatAssert.RandomValues(rng, GH);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H), c = FormatAssert.RandomValues(rng, H);

            // z = x·kernel + h·recurrent_kernel + bias, split into i, f, c, o along the last axis.
            //   i = σ(z0), f = σ(z1), c' = f ⊙ c + i ⊙ tanh(z2), o = σ(z3), h' = o ⊙ tanh(c')
            var hNew = new double[H];
            var cNew = new double[H];
            for (int j = 0; j < H; j++)
            {
                double z0 = KerasPre(kernel, x, 0 * H + j, GH) + KerasPre(recurrent, h, 0 * H + j, GH) + bias[0 * H + j];
                double z1 = KerasPre(kernel, x, 1 * H + j, GH) + KerasPre(recurrent, h, 1 * H + j, GH) + bias[1 * H + j];
                double z2 = KerasPre(kernel, x, 2 * H + j, GH) + KerasPre(recurrent, h, 2 * H + j, GH) + bias[2 * H + j];
                double z3 = KerasPre(kernel, x, 3 * H + j, GH) + KerasPre(recurrent, h, 3 * H + j, GH) + bias[3 * H + j];
                cNew[j] = Sigmoid(z1) * c[j] + Sigmoid(z0) * Math.Tanh(z2);
                hNew[j] = Sigmoid(z3) * Math.Tanh(cNew[j]);
            }

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Lstm, I, H, kernel, recurrent, bias);
            RunAndCompare(w, x, h, c, hNew, cNew);
        }

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromKeras_GruResetAfter_OneStepMatchesKerasFormula(int H, int I)
        {
            var rng = new Random(500 + 10 * H + I);
            int GH = 3 * H;
            float[] kernel = FormatAssert.RandomValues(rng, I * GH), recurrent = FormatAssert.RandomValues(rng, H * GH);
            float[] bias = FormatAssert.RandomValues(rng, 2 * GH);   // [2, 3H]: input bias, recurrent bias
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H);

            // x_z, x_r, x_h = x·kernel + input_bias;  inner = h·recurrent_kernel + recurrent_bias
            //   z = σ(x_z + inner_z), r = σ(x_r + inner_r), hh = tanh(x_h + r ⊙ inner_h), h' = z ⊙ h + (1 − z) ⊙ hh
            var hNew = new double[H];
            for (int j = 0; j < H; j++)
            {
                double xz = KerasPre(kernel, x, 0 * H + j, GH) + bias[0 * H + j];
                double xr = KerasPre(kernel, x, 1 * H + j, GH) + bias[1 * H + j];
                double xh = KerasPre(kernel, x, 2 * H + j, GH) + bias[2 * H + j];
                double iz = KerasPre(recurrent, h, 0 * H + j, GH) + bias[GH + 0 * H + j];
                double ir = KerasPre(recurrent, h, 1 * H + j, GH) + bias[GH + 1 * H + j];
                double ih = KerasPre(recurrent, h, 2 * H + j, GH) + bias[GH + 2 * H + j];
                double z = Sigmoid(xz + iz), r = Sigmoid(xr + ir);
                double hh = Math.Tanh(xh + r * ih);
                hNew[j] = z * h[j] + (1 - z) * hh;
            }

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Gru, I, H, kernel, recurrent, bias, resetAfter: true);
            RunAndCompare(w, x, h, null, hNew, null);
        }

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromKeras_GruResetBefore_OneStepMatchesKerasFormula(int H, int I)
        {
            var rng = new Random(600 + 10 * H + I);
            int GH = 3 * H;
            float[] kernel = FormatAssert.RandomValues(rng, I * GH), recurrent = FormatAssert.RandomValues(rng, H * GH);
            float[] bias = FormatAssert.RandomValues(rng, GH);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H);

            // x_z, x_r, x_h = x·kernel + bias
            //   z = σ(x_z + h·U_z), r = σ(x_r + h·U_r), hh = tanh(x_h + (r ⊙ h)·U_h), h' = z ⊙ h + (1 − z) ⊙ hh
            var z = new double[H];
            var rh = new double[H];
            for (int j = 0; j < H; j++)
            {
                z[j] = Sigmoid(KerasPre(kernel, x, 0 * H + j, GH) + bias[0 * H + j] + KerasPre(recurrent, h, 0 * H + j, GH));
                double r = Sigmoid(KerasPre(kernel, x, 1 * H + j, GH) + bias[1 * H + j] + KerasPre(recurrent, h, 1 * H + j, GH));
                rh[j] = r * h[j];
            }
            var hNew = new double[H];
            for (int j = 0; j < H; j++)
            {
                double uh = 0;
                for (int m = 0; m < H; m++) uh += rh[m] * recurrent[m * GH + 2 * H + j];
                double hh = Math.Tanh(KerasPre(kernel, x, 2 * H + j, GH) + bias[2 * H + j] + uh);
                hNew[j] = z[j] * h[j] + (1 - z[j]) * hh;
            }

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Gru, I, H, kernel, recurrent, bias, resetAfter: false);
            Assert.That(w.LinearBeforeReset, Is.False);
            RunAndCompare(w, x, h, null, hNew, null);
        }

        [TestCase(1, 1)]
        [TestCase(3, 2)]
        [TestCase(5, 7)]
        public void FromKeras_SimpleRnn_OneStepMatchesKerasFormula(int H, int I)
        {
            var rng = new Random(700 + 10 * H + I);
            float[] kernel = FormatAssert.RandomValues(rng, I * H), recurrent = FormatAssert.RandomValues(rng, H * H);
            float[] bias = FormatAssert.RandomValues(rng, H);
            float[] x = FormatAssert.RandomValues(rng, I), h = FormatAssert.RandomValues(rng, H);

            // h' = tanh(x·kernel + bias + h·recurrent_kernel)
            var hNew = new double[H];
            for (int j = 0; j < H; j++)
                hNew[j] = Math.Tanh(KerasPre(kernel, x, j, H) + bias[j] + KerasPre(recurrent, h, j, H));

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Rnn, I, H, kernel, recurrent, bias);
            RunAndCompare(w, x, h, null, hNew, null);
        }

        // ---- helpers ---------------------------------------------------------------------------------------------

        private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

        /// <summary>PyTorch row <paramref name="row"/> of a [G*H, n] matrix times v [n], plus bias[row].</summary>
        private static double TorchPre(float[] weight, float[] bias, float[] v, int row)
        {
            int n = v.Length;
            double s = bias[row];
            for (int k = 0; k < n; k++) s += (double)weight[row * n + k] * v[k];
            return s;
        }

        /// <summary>Column <paramref name="col"/> of v [n] · matrix [n, cols] (Keras kernels multiply from the right).</summary>
        private static double KerasPre(float[] matrix, float[] v, int col, int cols)
        {
            double s = 0;
            for (int k = 0; k < v.Length; k++) s += (double)v[k] * matrix[k * cols + col];
            return s;
        }

        /// <summary>Runs one step of RecurrentOp (T = 1, B = 1, forward) on converted weights and compares y, Y_h, Y_c.</summary>
        private static void RunAndCompare(RecurrentWeights w, float[] x, float[] h0, float[]? c0, double[] hExpected, double[]? cExpected)
        {
            int H = w.HiddenSize;
            var attrs = new RecurrentOpAttributes { Cell = w.Cell, HiddenSize = H, LinearBeforeReset = w.LinearBeforeReset };
            var op = new RecurrentOp(attrs, w.InputSize, w.W, w.R, w.B, w.P);
            var y = new float[H];
            var yH = new float[H];
            float[]? yC = c0 is null ? null : new float[H];
            op.Run(x, seqLength: 1, batchSize: 1, default, h0, c0, y, yH, yC);

            FormatAssert.Close(hExpected, y, OneStepTolerance, $"{w.Cell} Y");
            FormatAssert.Close(hExpected, yH, OneStepTolerance, $"{w.Cell} Y_h");
            if (cExpected != null) FormatAssert.Close(cExpected, yC, OneStepTolerance, $"{w.Cell} Y_c");
        }
    }
}
