// Which end of a too-long sequence is cut off (Keras pad_sequences "truncating").
namespace Recurrent.Data
{
    public enum TruncationSide
    {
        /// <summary>Drop steps from the start; keep the last maxLength.</summary>
        Pre,
        /// <summary>Drop steps from the end; keep the first maxLength.</summary>
        Post,
    }
}
