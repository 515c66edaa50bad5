// Base of the streaming metrics: Update once per batch, read Result at any time, Reset per epoch. Same buffer
// conventions as Loss.Forward; a sample with weight 0 (padding) is ignored entirely, even if it holds garbage.
using System;

namespace Recurrent.Training
{
    /// <summary>
    /// A metric accumulated over batches. Predictions are [N, C]; targets are [N] class ids (exactly N values, C &gt; 1),
    /// [N, C] one-hot/values, or for C = 1 [N] binary labels/values; sample weights are [N] or empty (all ones).
    /// Weighted means follow Keras: Σ w·value / Σ w, and 0 before any weight has been seen.
    /// </summary>
    public abstract class Metric
    {
        /// <summary>The registry name ("accuracy", "auc", ...).</summary>
        public abstract string Name { get; }

        /// <summary>Accumulates one batch.</summary>
        /// <param name="predictions">[N, C]</param>
        /// <param name="targets">[N] or [N, C] (see the class summary)</param>
        /// <param name="n">Samples.</param>
        /// <param name="c">Outputs per sample.</param>
        /// <param name="sampleWeights">[N] or empty.</param>
        public abstract void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c,
            ReadOnlySpan<float> sampleWeights);

        /// <summary>The value over everything accumulated since the last <see cref="Reset"/>.</summary>
        public abstract double Result { get; }

        /// <summary>Forgets everything accumulated (keeps allocated buffers).</summary>
        public abstract void Reset();

        public override string ToString() => $"{Name} = {Result:G6}";
    }
}
