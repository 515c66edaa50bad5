// Where padding goes when a sequence is shorter than the batch's time length (Keras pad_sequences "padding").
namespace Recurrent.Data
{
    public enum PaddingSide
    {
        /// <summary>Padding before the sequence; valid steps end at T. Keras's default; pair it with a mask, not lengths.</summary>
        Pre,
        /// <summary>Padding after the sequence; valid steps are [0, length). Matches the runtime's sequence lengths.</summary>
        Post,
    }
}
