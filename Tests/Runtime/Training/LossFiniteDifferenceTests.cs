// Every loss's value and gradient against an independent double-precision evaluation written here from the Keras
// formulas: values compared directly, gradients against central finite differences of that evaluation.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class LossFiniteDifferenceTests
    {
        private const int N = 5, C = 3;

        // Central-difference step on the double reference: truncation error O(h²·L''') ≈ 1e-10, far below the float gradient.
        private const double Step = 1e-5;

        // The analytic gradient is rounded to float once per element (relative 6e-8); the FD estimate is exact to ~1e-9.
        private const double GradientAbsolute = 2e-6, GradientRelative = 1e-5;

        // The forward value is summed in double and rounded once to float.
        private const double ValueRelative = 1e-6;

        // Sample weights with a masked sample (weight 0) and unequal weights, so the weighted mean is exercised.
        private static readonly float[] s_weights = { 1f, 0f, 2.5f, 0.5f, 1f };

        public enum Case
        {
            Mse, Mae, Huber, BceProbabilities, BceLogits, CceProbabilities, CceLogits, SparseProbabilities, SparseLogits,
        }

        [Test]
        public void Gradient_MatchesCentralDifferencesOfDoubleReference([Values] Case kind, [Values] bool weighted)
        {
            Setup(kind, out Loss loss, out float[] p, out float[] t);
            float[] w = weighted ? s_weights : Array.Empty<float>();
            var d = new float[N * C];

            float value = loss.Forward(p, t, N, C, w, d);

            double[] pd = TrainingAssert.ToDouble(p);
            double expectedValue = Reference(kind, pd, t, w);
            Assert.That((double)value, Is.EqualTo(expectedValue).Within(ValueRelative * Math.Abs(expectedValue) + 1e-7), $"{kind} value");

            var numeric = new double[N * C];
            for (int i = 0; i < pd.Length; i++)
            {
                double saved = pd[i];
                pd[i] = saved + Step;
                double plus = Reference(kind, pd, t, w);
                pd[i] = saved - Step;
                double minus = Reference(kind, pd, t, w);
                pd[i] = saved;
                numeric[i] = (plus - minus) / (2 * Step);
            }
            TrainingAssert.Close(numeric, d, GradientAbsolute, GradientRelative, $"{kind} gradient (weighted: {weighted})");
        }

        // Inputs kept away from every kink (|e| near 0 for MAE, |e| near δ for Huber, the probability clamp), so the
        // loss is smooth within ±Step of each point.
        private static void Setup(Case kind, out Loss loss, out float[] p, out float[] t)
        {
            var rng = new Random(12345 + (int)kind);
            p = new float[N * C];
            t = new float[N * C];
            switch (kind)
            {
                case Case.Mse:
                    loss = new MeanSquaredError();
                    Fill(rng, p, -2, 2);
                    Fill(rng, t, -2, 2);
                    break;
                case Case.Mae:
                    loss = new MeanAbsoluteError();
                    for (int i = 0; i < p.Length; i++)
                    {
                        t[i] = (float)(rng.NextDouble() * 2 - 1);
                        p[i] = t[i] + (float)((rng.NextDouble() + 0.1) * (i % 2 == 0 ? 1 : -1));
                    }
                    break;
                case Case.Huber:
                    loss = new Huber(0.7f);
                    for (int i = 0; i < p.Length; i++)
                    {
                        t[i] = (float)(rng.NextDouble() * 2 - 1);
                        double magnitude = i % 2 == 0 ? 0.1 + 0.5 * rng.NextDouble() : 0.8 + rng.NextDouble();
                        p[i] = t[i] + (float)(magnitude * (i % 3 == 0 ? -1 : 1));
                    }
                    break;
                case Case.BceProbabilities:
                    loss = new BinaryCrossEntropy();
                    Fill(rng, p, 0.05, 0.95);
                    Fill(rng, t, 0, 1);   // soft labels
                    break;
                case Case.BceLogits:
                    loss = new BinaryCrossEntropy(fromLogits: true);
                    Fill(rng, p, -4, 4);
                    Fill(rng, t, 0, 1);
                    break;
                case Case.CceProbabilities:
                    loss = new CategoricalCrossEntropy();
                    Fill(rng, p, 0.1, 1.0);   // unnormalised: the normalisation's gradient is exercised
                    SoftTargets(rng, t);
                    break;
                case Case.CceLogits:
                    loss = new CategoricalCrossEntropy(fromLogits: true);
                    Fill(rng, p, -3, 3);
                    SoftTargets(rng, t);
                    break;
                case Case.SparseProbabilities:
                    loss = new SparseCategoricalCrossEntropy();
                    Fill(rng, p, 0.1, 1.0);
                    t = ClassIds(rng);
                    break;
                default:
                    loss = new SparseCategoricalCrossEntropy(fromLogits: true);
                    Fill(rng, p, -3, 3);
                    t = ClassIds(rng);
                    break;
            }
        }

        /// <summary>Σ w_i·L_i / Σ w_i with each L_i written out from the Keras definitions, in double.</summary>
        private static double Reference(Case kind, double[] p, float[] t, float[] w)
        {
            double sum = 0, weights = 0;
            for (int i = 0; i < N; i++)
            {
                double wi = w.Length == 0 ? 1 : w[i];
                weights += wi;
                if (wi == 0) continue;
                sum += wi * Sample(kind, p, t, i);
            }
            return sum / weights;
        }

        private static double Sample(Case kind, double[] p, float[] t, int i)
        {
            double l = 0;
            switch (kind)
            {
                case Case.Mse:
                    for (int j = 0; j < C; j++) l += Math.Pow(p[i * C + j] - t[i * C + j], 2) / C;
                    return l;
                case Case.Mae:
                    for (int j = 0; j < C; j++) l += Math.Abs(p[i * C + j] - t[i * C + j]) / C;
                    return l;
                case Case.Huber:
                    for (int j = 0; j < C; j++)
                    {
                        double e = Math.Abs(p[i * C + j] - t[i * C + j]), delta = 0.7f;
                        l += (e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta) / C;
                    }
                    return l;
                case Case.BceProbabilities:
                    for (int j = 0; j < C; j++)
                    {
                        double q = p[i * C + j], y = t[i * C + j];
                        l -= (y * Math.Log(q) + (1 - y) * Math.Log(1 - q)) / C;
                    }
                    return l;
                case Case.BceLogits:
                    for (int j = 0; j < C; j++)
                    {
                        double s = 1 / (1 + Math.Exp(-p[i * C + j])), y = t[i * C + j];
                        l -= (y * Math.Log(s) + (1 - y) * Math.Log(1 - s)) / C;
                    }
                    return l;
                case Case.CceProbabilities:
                {
                    double total = 0;
                    for (int j = 0; j < C; j++) total += p[i * C + j];
                    for (int j = 0; j < C; j++) l -= t[i * C + j] * Math.Log(p[i * C + j] / total);
                    return l;
                }
                case Case.CceLogits:
                {
                    double z = 0;
                    for (int j = 0; j < C; j++) z += Math.Exp(p[i * C + j]);
                    for (int j = 0; j < C; j++) l -= t[i * C + j] * Math.Log(Math.Exp(p[i * C + j]) / z);
                    return l;
                }
                case Case.SparseProbabilities:
                {
                    double total = 0;
                    for (int j = 0; j < C; j++) total += p[i * C + j];
                    return -Math.Log(p[i * C + (int)t[i]] / total);
                }
                default:
                {
                    double z = 0;
                    for (int j = 0; j < C; j++) z += Math.Exp(p[i * C + j]);
                    return -Math.Log(Math.Exp(p[i * C + (int)t[i]]) / z);
                }
            }
        }

        private static void Fill(Random rng, float[] values, double min, double max)
        {
            for (int i = 0; i < values.Length; i++) values[i] = (float)(min + (max - min) * rng.NextDouble());
        }

        private static void SoftTargets(Random rng, float[] t)
        {
            for (int i = 0; i < N; i++)
            {
                double a = rng.NextDouble(), b = rng.NextDouble() * (1 - a);
                t[i * C] = (float)a;
                t[i * C + 1] = (float)b;
                t[i * C + 2] = (float)(1 - a - b);
            }
        }

        private static float[] ClassIds(Random rng)
        {
            var ids = new float[N];
            for (int i = 0; i < N; i++) ids[i] = rng.Next(C);
            return ids;
        }
    }
}
