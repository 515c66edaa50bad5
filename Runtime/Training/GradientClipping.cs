// Gradient clipping over a model's trainable parameters: by global norm (tf.clip_by_global_norm, Keras global_clipnorm),
// per-parameter norm (Keras clipnorm) and by value (Keras clipvalue), plus the finiteness check that guards a step.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Every method looks only at trainable parameters and returns the global L2 norm of their gradients before
    /// clipping, summed in double: √(Σ_p Σ_i g²). A NaN or infinite norm means the step should be skipped; the
    /// norm-based clips then leave the gradients untouched (TensorFlow would turn them all into NaN).
    /// </summary>
    public static class GradientClipping
    {
        /// <summary>√(Σ g²) over the gradients of the trainable parameters.</summary>
        public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
        {
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            double sum = 0;
            for (int p = 0; p < parameters.Count; p++)
            {
                Parameter parameter = parameters[p];
                if (parameter.Trainable) sum += SumOfSquares(parameter.Gradient);
            }
            return Math.Sqrt(sum);
        }

        /// <summary>
        /// g ← g·maxNorm / max(norm, maxNorm) for every trainable gradient (no change when norm ≤ maxNorm).
        /// </summary>
        /// <returns>The global norm before clipping.</returns>
        public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
        {
            CheckPositive(maxNorm, nameof(maxNorm));
            double norm = GlobalNorm(parameters);
            if (norm > maxNorm && !double.IsInfinity(norm))
            {
                float scale = (float)(maxNorm / norm);
                for (int p = 0; p < parameters.Count; p++)
                {
                    Parameter parameter = parameters[p];
                    if (parameter.Trainable) Scale(parameter.Gradient, scale);
                }
            }
            return norm;
        }

        /// <summary>Each trainable gradient separately: g ← g·maxNorm / max(‖g‖, maxNorm) (Keras clipnorm).</summary>
        /// <returns>The global norm before clipping.</returns>
        public static double ClipEachByNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
        {
            CheckPositive(maxNorm, nameof(maxNorm));
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            double total = 0;
            for (int p = 0; p < parameters.Count; p++)
            {
                Parameter parameter = parameters[p];
                if (!parameter.Trainable) continue;
                double sq = SumOfSquares(parameter.Gradient);
                total += sq;
                double norm = Math.Sqrt(sq);
                if (norm > maxNorm && !double.IsInfinity(norm)) Scale(parameter.Gradient, (float)(maxNorm / norm));
            }
            return Math.Sqrt(total);
        }

        /// <summary>g ← clamp(g, −clipValue, clipValue) for every trainable gradient (NaN stays NaN).</summary>
        /// <returns>The global norm before clipping.</returns>
        public static double ClipByValue(IReadOnlyList<Parameter> parameters, float clipValue)
        {
            CheckPositive(clipValue, nameof(clipValue));
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            double sum = 0;
            float lo = -clipValue;
            for (int p = 0; p < parameters.Count; p++)
            {
                Parameter parameter = parameters[p];
                if (!parameter.Trainable) continue;
                float[] g = parameter.Gradient;
                for (int i = 0; i < g.Length; i++)
                {
                    float v = g[i];
                    sum += (double)v * v;
                    if (v > clipValue) g[i] = clipValue;
                    else if (v < lo) g[i] = lo;
                }
            }
            return Math.Sqrt(sum);
        }

        /// <summary>Whether every trainable gradient value is finite (no NaN, no ±∞).</summary>
        public static bool AllFinite(IReadOnlyList<Parameter> parameters)
        {
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            for (int p = 0; p < parameters.Count; p++)
            {
                Parameter parameter = parameters[p];
                if (parameter.Trainable && !AllFinite(parameter.Gradient)) return false;
            }
            return true;
        }

        /// <summary>Whether every value is finite.</summary>
        public static bool AllFinite(ReadOnlySpan<float> values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                // x − x is 0 for finite x and NaN for NaN and ±∞.
                float v = values[i];
                if (v - v != 0f) return false;
            }
            return true;
        }

        private static double SumOfSquares(ReadOnlySpan<float> g)
        {
            double sum = 0;
            for (int i = 0; i < g.Length; i++) sum += (double)g[i] * g[i];
            return sum;
        }

        private static void Scale(Span<float> g, float scale)
        {
            for (int i = 0; i < g.Length; i++) g[i] *= scale;
        }

        private static void CheckPositive(float value, string name)
        {
            if (!(value > 0f) || float.IsInfinity(value))
                ThrowHelper.ThrowArgumentOutOfRange(name, $"The clip threshold must be positive and finite (got {value}).");
        }
    }
}
