// Windowing as plain data (what a model file stores): the input length, the horizon and the target features a
// forecasting model was trained on, so inference cuts and inverse-scales its input and output the same way.
namespace Recurrent.Data
{
    /// <summary>The description of the windows a series model was trained on (see <see cref="Windowing"/>).</summary>
    public sealed class WindowSettings
    {
        /// <summary>T: input rows per window; 0 when the model takes a history of any length.</summary>
        public int Length { get; set; }

        /// <summary>H: future steps each target holds (at least 1).</summary>
        public int Horizon { get; set; } = 1;

        /// <summary>The series features (column indices) each target step holds, in output order; null for all of them.</summary>
        public int[]? TargetFeatures { get; set; }

        /// <summary>A copy with its own array.</summary>
        public WindowSettings Clone() => new WindowSettings
        {
            Length = Length,
            Horizon = Horizon,
            TargetFeatures = (int[]?)TargetFeatures?.Clone(),
        };
    }
}
