// Numerically stable scalar pieces shared by the losses and the cross-entropy metrics (sigmoid, log1p, log-sum-exp,
// Keras' probability clamping), in double. Formulas: TF sigmoid_cross_entropy_with_logits docs; Keras backend nn.
using System;

namespace Recurrent.Training
{
    internal static class LossMath
    {
        /// <summary>Keras' backend.epsilon(), the default probability clamp.</summary>
        public const float KerasEpsilon = 1e-7f;

        /// <summary>ln(1 + z), accurate for small z (Goldberg, "What every computer scientist should know", thm. 4).</summary>
        public static double Log1p(double z)
        {
            double u = 1.0 + z;
            if (u == 1.0) return z;
            return Math.Log(u) * z / (u - 1.0);
        }

        /// <summary>1 / (1 + e^-x) without overflow.</summary>
        public static double Sigmoid(double x)
        {
            if (x >= 0) return 1.0 / (1.0 + Math.Exp(-x));
            double e = Math.Exp(x);
            return e / (1.0 + e);
        }

        /// <summary>Index of the largest value (first on ties), as numpy.argmax.</summary>
        public static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int j = 1; j < values.Length; j++)
                if (values[j] > values[best]) best = j;
            return best;
        }

        /// <summary>max_j x_j and ln Σ_j exp(x_j − max).</summary>
        public static double LogSumExp(ReadOnlySpan<float> x, out double max)
        {
            max = x[0];
            for (int j = 1; j < x.Length; j++)
                if (x[j] > max) max = x[j];
            double sum = 0;
            for (int j = 0; j < x.Length; j++) sum += Math.Exp(x[j] - max);
            return max + Math.Log(sum);
        }

        /// <summary>
        /// −Σ_j t_j·ln softmax(x)_j = T·lse(x) − Σ t_j x_j with T = Σ t_j; gradient T·softmax_k − t_k (scaled).
        /// An empty <paramref name="d"/> skips the gradient.
        /// </summary>
        public static double CategoricalFromLogits(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> d, double scale)
        {
            double lse = LogSumExp(x, out _);
            double loss = 0, total = 0;
            for (int j = 0; j < x.Length; j++)
            {
                loss += t[j] * (lse - x[j]);
                total += t[j];
            }
            if (!d.IsEmpty)
                for (int j = 0; j < x.Length; j++) d[j] = (float)(scale * (total * Math.Exp(x[j] - lse) - t[j]));
            return loss;
        }

        /// <summary>−ln softmax(x)_k = lse(x) − x_k; gradient softmax − one_hot(k) (scaled).</summary>
        public static double SparseFromLogits(ReadOnlySpan<float> x, int k, Span<float> d, double scale)
        {
            double lse = LogSumExp(x, out _);
            if (!d.IsEmpty)
                for (int j = 0; j < x.Length; j++) d[j] = (float)(scale * (Math.Exp(x[j] - lse) - (j == k ? 1.0 : 0.0)));
            return lse - x[k];
        }

        /// <summary>
        /// Keras categorical_crossentropy on probabilities: q = p / Σp, clamped to [ε, 1−ε], loss −Σ t_j ln q_j.
        /// Gradient through the normalisation: with a_j = −t_j/q_j inside the clamp (0 outside, as clip_by_value),
        /// dL/dp_k = (a_k − Σ_j a_j q_j) / Σp. An empty <paramref name="d"/> skips the gradient.
        /// </summary>
        public static double CategoricalFromProbabilities(ReadOnlySpan<float> p, ReadOnlySpan<float> t, double eps,
            Span<float> d, double scale)
        {
            double s = 0;
            for (int j = 0; j < p.Length; j++) s += p[j];
            double lo = eps, hi = 1.0 - eps, loss = 0, aq = 0;
            for (int j = 0; j < p.Length; j++)
            {
                double q = p[j] / s;
                double qc = q < lo ? lo : (q > hi ? hi : q);
                loss -= t[j] * Math.Log(qc);
                if (q >= lo && q <= hi) aq -= t[j];   // a_j·q_j = −t_j inside the clamp
            }
            if (!d.IsEmpty)
            {
                for (int j = 0; j < p.Length; j++)
                {
                    double q = p[j] / s;
                    double a = q >= lo && q <= hi ? -t[j] / q : 0.0;
                    d[j] = (float)(scale * (a - aq) / s);
                }
            }
            return loss;
        }

        /// <summary>The probability form of <see cref="CategoricalFromProbabilities"/> with a one-hot target k.</summary>
        public static double SparseFromProbabilities(ReadOnlySpan<float> p, int k, double eps, Span<float> d, double scale)
        {
            double s = 0;
            for (int j = 0; j < p.Length; j++) s += p[j];
            double lo = eps, hi = 1.0 - eps;
            double q = p[k] / s;
            bool inside = q >= lo && q <= hi;
            double qc = q < lo ? lo : (q > hi ? hi : q);
            if (!d.IsEmpty)
            {
                double ak = inside ? -1.0 / q : 0.0;
                double aq = inside ? -1.0 : 0.0;
                for (int j = 0; j < p.Length; j++) d[j] = (float)(scale * ((j == k ? ak : 0.0) - aq) / s);
            }
            return -Math.Log(qc);
        }

        /// <summary>Reads a class id stored as a float; −1 when it is not an integer in [0, classes).</summary>
        public static int ClassId(float value, int classes)
        {
            if (!(value >= 0f) || value >= classes) return -1;
            int k = (int)value;
            return k == value ? k : -1;
        }
    }
}
