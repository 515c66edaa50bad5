// Shared argument checks and target decoding for the metrics (class ids vs one-hot vs binary), kept out of the
// accumulation loops. Internal.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    internal enum TargetForm
    {
        /// <summary>C = 1: [N] labels (positive when ≥ 0.5) or values.</summary>
        Binary,

        /// <summary>C &gt; 1 and exactly N targets: class ids.</summary>
        ClassIds,

        /// <summary>C &gt; 1 and N·C targets: one-hot or soft rows (argmax is the class).</summary>
        Rows,
    }

    internal static class MetricTargets
    {
        public static TargetForm Check(int predictions, int targets, int n, int c, int weights)
        {
            if (n < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(n), $"Sample count must not be negative (got {n}).");
            if (c < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(c), $"Output count must be at least 1 (got {c}).");
            if ((long)n * c > int.MaxValue) ThrowHelper.ThrowArgumentOutOfRange(nameof(n), "N·C exceeds int.MaxValue.");
            ThrowHelper.CheckLength(predictions, n * c, "predictions");
            if (weights != 0) ThrowHelper.CheckLength(weights, n, "sampleWeights");
            if (c == 1)
            {
                ThrowHelper.CheckLength(targets, n, "targets");
                return TargetForm.Binary;
            }
            if (targets == n) return TargetForm.ClassIds;
            if (targets == n * c) return TargetForm.Rows;
            ThrowHelper.ThrowArgument("targets", $"Targets hold {targets} values; expected N = {n} class ids or N·C = {n * c} values.");
            return TargetForm.Rows;
        }

        /// <summary>The true class of sample i (C &gt; 1 forms).</summary>
        public static int TrueClass(ReadOnlySpan<float> targets, int i, int c, TargetForm form)
        {
            if (form == TargetForm.Rows) return LossMath.ArgMax(targets.Slice(i * c, c));
            int k = LossMath.ClassId(targets[i], c);
            if (k < 0) ThrowBadClass(i, targets[i], c);
            return k;
        }

        /// <summary>sigmoid(x) for logits, p itself for probabilities, compared with the threshold (strictly greater, as Keras).</summary>
        public static bool PredictedPositive(float prediction, bool fromLogits, float threshold) =>
            (fromLogits ? LossMath.Sigmoid(prediction) : prediction) > threshold;

        private static void ThrowBadClass(int i, float value, int c) =>
            ThrowHelper.ThrowArgumentOutOfRange("targets",
                $"Sample {i} has class id {value}, which is not an integer in [0, {c}); give padded samples weight 0.");
    }
}
