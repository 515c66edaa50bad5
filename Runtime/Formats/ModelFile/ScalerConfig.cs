// A per-feature scaler's parameters as stored in a model file. Plain data: Standard uses Mean/Scale, MinMax uses
// Min/Max (the other pair stays null); applying it is the preprocessing code's job.
namespace Recurrent.Formats
{
    /// <summary>Feature scaling settings (<c>preprocessing.scaler</c>).</summary>
    public sealed class ScalerConfig
    {
        public ScalerKind Kind { get; set; }

        /// <summary>Standard: per-feature mean.</summary>
        public float[]? Mean { get; set; }

        /// <summary>Standard: per-feature scale (standard deviation).</summary>
        public float[]? Scale { get; set; }

        /// <summary>MinMax: per-feature minimum.</summary>
        public float[]? Min { get; set; }

        /// <summary>MinMax: per-feature maximum.</summary>
        public float[]? Max { get; set; }
    }
}
