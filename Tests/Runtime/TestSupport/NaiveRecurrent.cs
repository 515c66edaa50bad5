// An independent, deliberately plain double-precision implementation of the ONNX RNN/GRU/LSTM equations
// (https://onnx.ai/onnx/operators/onnx__LSTM.html, onnx__GRU.html, onnx__RNN.html), written from the operator pages
// and sharing no code with Runtime/Ops. Layout 0 only; lengths follow ONNX Runtime (zero Y past each length).
using System;
using Recurrent.Kernels;

namespace Recurrent.Tests
{
    internal static class NaiveRecurrent
    {
        public sealed class Result
        {
            public double[] Y = Array.Empty<double>();   // [T, D, B, H]
            public double[] Yh = Array.Empty<double>();  // [D, B, H]
            public double[] Yc = Array.Empty<double>();  // [D, B, H]
        }

        /// <param name="cell">"RNN", "GRU" or "LSTM"</param>
        /// <param name="acts">per direction f[,g[,h]] (2 directions => 2x)</param>
        public static Result Run(string cell, int T, int B, int I, int H, int D, bool reverseOnly,
            float[] x, float[] w, float[] r, float[]? bias, float[]? p, int[]? lens, float[]? h0, float[]? c0,
            Activation[] acts, float clip, bool inputForget, bool linearBeforeReset)
        {
            int G = cell == "RNN" ? 1 : cell == "GRU" ? 3 : 4;
            int perDir = cell == "RNN" ? 1 : cell == "GRU" ? 2 : 3;
            var res = new Result { Y = new double[T * D * B * H], Yh = new double[D * B * H], Yc = new double[D * B * H] };
            for (int d = 0; d < D; d++)
            {
                bool reverse = reverseOnly || d == 1;
                Activation f = acts[d * perDir], g = perDir > 1 ? acts[d * perDir + 1] : default, hh = perDir > 2 ? acts[d * perDir + 2] : default;
                for (int b = 0; b < B; b++)
                {
                    int len = lens == null ? T : lens[b];
                    var h = new double[H];
                    var c = new double[H];
                    for (int j = 0; j < H; j++)
                    {
                        h[j] = h0 == null ? 0 : h0[(d * B + b) * H + j];
                        c[j] = c0 == null ? 0 : c0[(d * B + b) * H + j];
                    }
                    for (int s = 0; s < len; s++)
                    {
                        int t = reverse ? len - 1 - s : s;
                        // Linear parts per gate: xw[k] = Wk·x + Wbk, hr[k] = Rk·h + Rbk
                        var xw = new double[G * H];
                        var hr = new double[G * H];
                        for (int row = 0; row < G * H; row++)
                        {
                            double a = 0, q = 0;
                            for (int i = 0; i < I; i++) a += (double)w[(d * G * H + row) * I + i] * x[(t * B + b) * I + i];
                            for (int i = 0; i < H; i++) q += (double)r[(d * G * H + row) * H + i] * h[i];
                            if (bias != null) { a += bias[d * 2 * G * H + row]; q += bias[d * 2 * G * H + G * H + row]; }
                            xw[row] = a;
                            hr[row] = q;
                        }
                        var hNew = new double[H];
                        if (cell == "RNN")
                        {
                            for (int j = 0; j < H; j++) hNew[j] = Act(f, Clip(xw[j] + hr[j], clip));
                        }
                        else if (cell == "GRU")
                        {
                            var z = new double[H]; var rg = new double[H];
                            for (int j = 0; j < H; j++)
                            {
                                z[j] = Act(f, Clip(xw[j] + hr[j], clip));
                                rg[j] = Act(f, Clip(xw[H + j] + hr[H + j], clip));
                            }
                            for (int j = 0; j < H; j++)
                            {
                                double pre;
                                if (linearBeforeReset)
                                {
                                    pre = xw[2 * H + j] + rg[j] * hr[2 * H + j];
                                }
                                else
                                {
                                    // (r ⊙ h)·Rhᵀ + Rbh
                                    double q = 0;
                                    for (int i = 0; i < H; i++) q += (double)r[(d * G * H + 2 * H + j) * H + i] * rg[i] * h[i];
                                    if (bias != null) q += bias[d * 2 * G * H + G * H + 2 * H + j];
                                    pre = xw[2 * H + j] + q;
                                }
                                double cand = Act(g, Clip(pre, clip));
                                hNew[j] = (1 - z[j]) * cand + z[j] * h[j];
                            }
                        }
                        else
                        {
                            var cNew = new double[H];
                            for (int j = 0; j < H; j++)
                            {
                                double pi = p == null ? 0 : p[d * 3 * H + j];
                                double po = p == null ? 0 : p[d * 3 * H + H + j];
                                double pf = p == null ? 0 : p[d * 3 * H + 2 * H + j];
                                double it = Act(f, Clip(xw[j] + hr[j] + pi * c[j], clip));
                                double ft = inputForget ? 1 - it : Act(f, Clip(xw[2 * H + j] + hr[2 * H + j] + pf * c[j], clip));
                                double ct = Act(g, Clip(xw[3 * H + j] + hr[3 * H + j], clip));
                                cNew[j] = ft * c[j] + it * ct;
                                double ot = Act(f, Clip(xw[H + j] + hr[H + j] + po * cNew[j], clip));
                                hNew[j] = ot * Act(hh, cNew[j]);
                            }
                            c = cNew;
                        }
                        h = hNew;
                        for (int j = 0; j < H; j++) res.Y[((t * D + d) * B + b) * H + j] = h[j];
                    }
                    for (int j = 0; j < H; j++)
                    {
                        res.Yh[(d * B + b) * H + j] = h[j];
                        res.Yc[(d * B + b) * H + j] = c[j];
                    }
                }
            }
            return res;
        }

        private static double Clip(double v, float clip) => clip > 0 ? Math.Min(Math.Max(v, -clip), clip) : v;

        /// <summary>The ONNX activation formulas, in double.</summary>
        public static double Act(Activation a, double x)
        {
            switch (a.Kind)
            {
                case ActivationKind.Relu: return Math.Max(0, x);
                case ActivationKind.Tanh: return Math.Tanh(x);
                case ActivationKind.Sigmoid: return 1 / (1 + Math.Exp(-x));
                case ActivationKind.Affine: return a.Alpha * x + a.Beta;
                case ActivationKind.LeakyRelu: return x >= 0 ? x : a.Alpha * x;
                case ActivationKind.ThresholdedRelu: return x >= a.Alpha ? x : 0;
                case ActivationKind.ScaledTanh: return a.Alpha * Math.Tanh(a.Beta * x);
                case ActivationKind.HardSigmoid: return Math.Min(Math.Max(a.Alpha * x + a.Beta, 0), 1);
                case ActivationKind.Elu: return x >= 0 ? x : a.Alpha * (Math.Exp(x) - 1);
                case ActivationKind.Softsign: return x / (1 + Math.Abs(x));
                case ActivationKind.Softplus: return Math.Log(1 + Math.Exp(x));
                default: return x;
            }
        }
    }
}
