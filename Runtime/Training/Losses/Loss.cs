// Base of the training losses: the weighted mean over N samples of a per-sample loss, and the gradient of that mean.
// Reduction = Σ w_i·L_i / Σ w_i (a masked, weighted mean); layers, batching and time steps are the caller's business.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// A loss over predictions [N, C] and targets [N, C] (or [N] class ids for the sparse loss). <see cref="Forward"/>
    /// returns Σ w_i·L_i / Σ w_i, where L_i is the per-sample loss (the Keras per-sample value, i.e. already averaged
    /// over the C outputs where Keras averages over the last axis) and w_i the sample weight (mask × class/sample
    /// weight; 1 when no weights are given). It writes d(mean)/d(predictions). A sample with weight 0 contributes
    /// nothing and gets a zero gradient even when its predictions or targets are garbage (padded steps).
    /// </summary>
    /// <remarks>
    /// Keras' default reduction ("sum_over_batch_size") divides by N instead of Σ w; the two agree when the weights
    /// are a 0/1 mask renormalised as Keras does for masked sequences, and differ for unnormalised class weights.
    /// </remarks>
    public abstract class Loss
    {
        /// <summary>The canonical registry name ("mse", "sparse_categorical_crossentropy", ...).</summary>
        public abstract string Name { get; }

        /// <summary>Target values per sample for <paramref name="classes"/> outputs: C, or 1 for class ids.</summary>
        public virtual int TargetWidth(int classes) => classes;

        /// <summary>Computes the weighted mean loss and writes (does not accumulate) its gradient.</summary>
        /// <param name="predictions">[N, C] model outputs (probabilities, logits or values, per loss).</param>
        /// <param name="targets">[N, C], or [N] class ids stored as floats for the sparse loss.</param>
        /// <param name="n">Samples (rows): batch × time steps for sequence outputs.</param>
        /// <param name="c">Outputs per sample.</param>
        /// <param name="sampleWeights">[N] weights (0 = ignored, e.g. padding), or empty for all ones.</param>
        /// <param name="dPredictions">[N, C] receives d(loss)/d(predictions).</param>
        /// <returns>Σ w_i·L_i / Σ w_i, or 0 (with a zero gradient) when the weights sum to 0.</returns>
        public float Forward(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c,
            ReadOnlySpan<float> sampleWeights, Span<float> dPredictions)
        {
            Validate(predictions.Length, targets.Length, n, c, sampleWeights.Length, dPredictions.Length);
            int tw = TargetWidth(c);
            int count = n * c;
            double sumW = n;
            if (!sampleWeights.IsEmpty)
            {
                sumW = 0;
                for (int i = 0; i < n; i++) sumW += sampleWeights[i];
            }
            if (sumW == 0)
            {
                dPredictions.Slice(0, count).Clear();
                return 0f;
            }

            double total = 0;
            for (int i = 0; i < n; i++)
            {
                float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
                Span<float> dRow = dPredictions.Slice(i * c, c);
                if (w == 0f)
                {
                    dRow.Clear();
                    continue;
                }
                double li = SampleForward(predictions.Slice(i * c, c), targets.Slice(i * tw, tw), dRow, w / sumW);
                total += w * li;
            }
            return (float)(total / sumW);
        }

        /// <summary>
        /// One sample: returns its loss L_i and writes dRow[j] = gradScale · dL_i/dp_j (in double, rounded once).
        /// </summary>
        /// <param name="prediction">[C]</param>
        /// <param name="target">[TargetWidth(C)]</param>
        /// <param name="dPrediction">[C]</param>
        /// <param name="gradScale">w_i / Σ w.</param>
        protected abstract double SampleForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target,
            Span<float> dPrediction, double gradScale);

        private void Validate(int predictions, int targets, int n, int c, int weights, int dPredictions)
        {
            if (n < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(n), $"Sample count must not be negative (got {n}).");
            if (c < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(c), $"Output count must be at least 1 (got {c}).");
            long count = (long)n * c;
            if (count > int.MaxValue) ThrowHelper.ThrowArgumentOutOfRange(nameof(n), "N·C exceeds int.MaxValue.");
            ThrowHelper.CheckLength(predictions, (int)count, "predictions");
            ThrowHelper.CheckLength(targets, n * TargetWidth(c), "targets");
            ThrowHelper.CheckLength(dPredictions, (int)count, "dPredictions");
            if (weights != 0) ThrowHelper.CheckLength(weights, n, "sampleWeights");
        }
    }
}
