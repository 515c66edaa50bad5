// How a stroke (pen or touch path) is resampled before it reaches the model (file strings "arc_length", "time").
namespace Recurrent.Formats
{
    public enum StrokeResampling
    {
        /// <summary>Points evenly spaced along the path.</summary>
        ArcLength,
        /// <summary>Points evenly spaced in time.</summary>
        Time,
    }
}
