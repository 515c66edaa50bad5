// A batch of variable-length sequences padded to one length by Padding: values, per-row lengths and a step mask.
// Plain result data: SequenceDataset.FromPadded turns it into training data, BatchRunner.RunMasked runs its mask.
namespace Recurrent.Data
{
    /// <summary>Values [B, T] (ids) or [B, T, F] (features), lengths [B] and mask [B, T].</summary>
    public sealed class PaddedBatch<T> where T : unmanaged
    {
        internal PaddedBatch(T[] values, int[] lengths, float[] mask, int batchSize, int timeSteps, int featureCount, PaddingSide side)
        {
            Values = values;
            Lengths = lengths;
            Mask = mask;
            BatchSize = batchSize;
            TimeSteps = timeSteps;
            FeatureCount = featureCount;
            Side = side;
        }

        /// <summary>[B, T] or [B, T, F] row-major.</summary>
        public T[] Values { get; }

        /// <summary>[B]: valid steps per row after truncation.</summary>
        public int[] Lengths { get; }

        /// <summary>[B, T]: 1 at valid steps, 0 at padding.</summary>
        public float[] Mask { get; }

        public int BatchSize { get; }

        public int TimeSteps { get; }

        /// <summary>1 for id sequences.</summary>
        public int FeatureCount { get; }

        /// <summary>Pre: row b's valid steps are [T − Lengths[b], T); Post: [0, Lengths[b]).</summary>
        public PaddingSide Side { get; }
    }
}
