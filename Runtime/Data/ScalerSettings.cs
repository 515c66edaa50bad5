// A fitted scaler as plain data (what a model file stores); FeatureScaler.FromDescription turns it back into a scaler.
// Standard uses Mean/Scale, MinMax uses Min/Max; the other pair stays null.
namespace Recurrent.Data
{
    /// <summary>The description of a fitted <see cref="IFeatureScaler"/>.</summary>
    public sealed class ScalerSettings
    {
        public FeatureScalerKind Kind { get; set; }

        /// <summary>Standard: per-feature mean.</summary>
        public float[]? Mean { get; set; }

        /// <summary>Standard: per-feature divisor (population standard deviation, 1 for a constant feature).</summary>
        public float[]? Scale { get; set; }

        /// <summary>MinMax: per-feature minimum seen in fitting.</summary>
        public float[]? Min { get; set; }

        /// <summary>MinMax: per-feature maximum seen in fitting.</summary>
        public float[]? Max { get; set; }
    }
}
