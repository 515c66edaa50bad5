// An independent scalar ONNX LSTM in double precision, written from the operator page
// (https://onnx.ai/onnx/operators/onnx__LSTM.html) for the smoke check only: default activations
// (f = sigmoid, g = h = tanh), peepholes, initial states, sequence_lens, forward and bidirectional. No clip, no
// input_forget, layout 0. It shares no code with the Runtime, so agreeing with it means something.
using System;

namespace Recurrent.Samples.AotSmoke
{
    internal static class OnnxLstmReference
    {
        /// <summary>
        /// Runs the LSTM. Gate order in W, R and B is ONNX's i, o, f, c; peepholes are i, o, f. A row of length 0 reports
        /// zero Y_h / Y_c (ONNX Runtime's behaviour); a reverse pass over a row of length len starts at step len - 1.
        /// </summary>
        /// <param name="x">[T, B, I]</param>
        /// <param name="w">[D, 4H, I]</param>
        /// <param name="r">[D, 4H, H]</param>
        /// <param name="b">[D, 8H]: Wb then Rb</param>
        /// <param name="p">[D, 3H]</param>
        /// <param name="h0">[D, B, H]</param>
        /// <param name="c0">[D, B, H]</param>
        /// <param name="lens">[B]</param>
        /// <param name="y">[T, D, B, H], zero past each row's length</param>
        /// <param name="yH">[D, B, H]</param>
        /// <param name="yC">[D, B, H]</param>
        public static void Run(float[] x, int T, int B, int I, int H, int D, float[] w, float[] r, float[] b, float[] p,
            float[] h0, float[] c0, int[] lens, double[] y, double[] yH, double[] yC)
        {
            int G = 4 * H;
            Array.Clear(y, 0, y.Length);
            var h = new double[H];
            var c = new double[H];
            var z = new double[G];   // pre-activations of one step, gate order i, o, f, c
            for (int d = 0; d < D; d++)
            {
                for (int n = 0; n < B; n++)
                {
                    int len = lens[n];
                    for (int j = 0; j < H; j++)
                    {
                        h[j] = h0[(d * B + n) * H + j];
                        c[j] = c0[(d * B + n) * H + j];
                    }
                    for (int s = 0; s < len; s++)
                    {
                        int t = d == 0 ? s : len - 1 - s;
                        for (int g = 0; g < G; g++)
                        {
                            double sum = b[d * 2 * G + g] + b[d * 2 * G + G + g];
                            for (int k = 0; k < I; k++) sum += x[(t * B + n) * I + k] * (double)w[(d * G + g) * I + k];
                            for (int k = 0; k < H; k++) sum += h[k] * r[(d * G + g) * H + k];
                            z[g] = sum;
                        }
                        for (int j = 0; j < H; j++)
                        {
                            double pi = p[d * 3 * H + j], po = p[d * 3 * H + H + j], pf = p[d * 3 * H + 2 * H + j];
                            double i = Sigmoid(z[j] + pi * c[j]);
                            double f = Sigmoid(z[2 * H + j] + pf * c[j]);
                            double candidate = Math.Tanh(z[3 * H + j]);
                            c[j] = f * c[j] + i * candidate;
                            double o = Sigmoid(z[H + j] + po * c[j]);
                            h[j] = o * Math.Tanh(c[j]);
                        }
                        for (int j = 0; j < H; j++) y[((t * D + d) * B + n) * H + j] = h[j];
                    }
                    for (int j = 0; j < H; j++)
                    {
                        yH[(d * B + n) * H + j] = len == 0 ? 0 : h[j];
                        yC[(d * B + n) * H + j] = len == 0 ? 0 : c[j];
                    }
                }
            }
        }

        private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
    }
}
