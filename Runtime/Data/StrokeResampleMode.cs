// How StrokePreprocessor places its output points along a gesture (model file strings "arc_length", "time").
namespace Recurrent.Data
{
    public enum StrokeResampleMode
    {
        /// <summary>Keep the input points as they are.</summary>
        None,
        /// <summary>Points evenly spaced along the drawn path (pen-up jumps have zero length).</summary>
        ArcLength,
        /// <summary>Points evenly spaced in drawing time (pen-up pauses take no time).</summary>
        Time,
    }
}
