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

        /// <summary>F: the length of the kind's parameter arrays (0 when they are missing).</summary>
        public int FeatureCount => (Kind == FeatureScalerKind.MinMax ? Min : Mean)?.Length ?? 0;

        /// <summary>A copy with its own arrays.</summary>
        public ScalerSettings Clone() => new ScalerSettings
        {
            Kind = Kind,
            Mean = (float[]?)Mean?.Clone(),
            Scale = (float[]?)Scale?.Clone(),
            Min = (float[]?)Min?.Clone(),
            Max = (float[]?)Max?.Clone(),
        };
    }
}
