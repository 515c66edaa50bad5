// How CharSequenceDataset picks the windows of a long token stream for each batch.
namespace Recurrent.Data
{
    public enum CharSequenceOrder
    {
        /// <summary>Each row starts at a uniformly random offset (nanoGPT's get_batch); windows may overlap.</summary>
        Random,
        /// <summary>Non-overlapping windows at offsets 0, T, 2T, … in stream order: window j · B + b is row b of batch j.</summary>
        Sequential,
        /// <summary>The same non-overlapping windows as Sequential, in an order reshuffled every epoch.</summary>
        Shuffled,
        /// <summary>
        /// Truncated BPTT (char-rnn): the stream is cut into B contiguous parallel streams and row b of batch k + 1
        /// continues exactly where row b of batch k ended, so the recurrent state can be carried across batches.
        /// </summary>
        Stateful,
    }
}
