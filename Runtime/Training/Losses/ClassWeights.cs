// Keras fit(class_weight=...) as data: turns class ids (or one-hot / binary targets) and a per-class weight table into
// per-sample weights, multiplied by an optional mask. The loss then takes them as its sampleWeights.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public static class ClassWeights
    {
        /// <summary>sampleWeights[i] = mask[i] · classWeights[classIds[i]]; a masked sample (mask 0) gets 0 whatever its id.</summary>
        /// <param name="classIds">[N] class ids stored as floats.</param>
        /// <param name="classWeights">[K] weight of each class.</param>
        /// <param name="mask">[N] or empty (all ones).</param>
        /// <param name="sampleWeights">[N] written.</param>
        public static void FromClassIds(ReadOnlySpan<float> classIds, ReadOnlySpan<float> classWeights,
            ReadOnlySpan<float> mask, Span<float> sampleWeights)
        {
            int n = classIds.Length;
            if (!mask.IsEmpty) ThrowHelper.CheckLength(mask.Length, n, nameof(mask));
            ThrowHelper.CheckLength(sampleWeights.Length, n, nameof(sampleWeights));
            for (int i = 0; i < n; i++)
            {
                float m = mask.IsEmpty ? 1f : mask[i];
                if (m == 0f)
                {
                    sampleWeights[i] = 0f;
                    continue;
                }
                int k = LossMath.ClassId(classIds[i], classWeights.Length);
                if (k < 0) ThrowBadClass(i, classIds[i], classWeights.Length);
                sampleWeights[i] = m * classWeights[k];
            }
        }

        /// <summary>
        /// As <see cref="FromClassIds"/> for [N, C] targets: the class is the argmax of each row (Keras), or for C = 1
        /// (binary targets) the target rounded to 0 or 1.
        /// </summary>
        public static void FromTargets(ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> classWeights,
            ReadOnlySpan<float> mask, Span<float> sampleWeights)
        {
            if (n < 0 || c < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(n), $"Need n ≥ 0 and c ≥ 1 (got {n}, {c}).");
            ThrowHelper.CheckLength(targets.Length, n * c, nameof(targets));
            if (!mask.IsEmpty) ThrowHelper.CheckLength(mask.Length, n, nameof(mask));
            ThrowHelper.CheckLength(sampleWeights.Length, n, nameof(sampleWeights));
            for (int i = 0; i < n; i++)
            {
                float m = mask.IsEmpty ? 1f : mask[i];
                if (m == 0f)
                {
                    sampleWeights[i] = 0f;
                    continue;
                }
                int k = c == 1 ? (targets[i] >= 0.5f ? 1 : 0) : LossMath.ArgMax(targets.Slice(i * c, c));
                if (k >= classWeights.Length) ThrowBadClass(i, k, classWeights.Length);
                sampleWeights[i] = m * classWeights[k];
            }
        }

        private static void ThrowBadClass(int index, float value, int classes) =>
            ThrowHelper.ThrowArgumentOutOfRange("targets",
                $"Sample {index} has class {value}, which is not an integer in [0, {classes}) of the class-weight table.");
    }
}
