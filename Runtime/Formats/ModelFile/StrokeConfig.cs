// Stroke (gesture / handwriting) preprocessing settings as stored in a model file. Plain data; the stroke
// preprocessor that applies them lives elsewhere.
using System.Collections.Generic;

namespace Recurrent.Formats
{
    /// <summary>Stroke settings (<c>preprocessing.stroke</c>).</summary>
    public sealed class StrokeConfig
    {
        public StrokeResampling Resample { get; set; }

        /// <summary>Points after resampling (0 = keep the input's points).</summary>
        public int Points { get; set; }

        public bool NormalizeTranslation { get; set; }

        public bool NormalizeScale { get; set; }

        public bool RotationInvariant { get; set; }

        /// <summary>Per-step feature names in input order, e.g. "dx", "dy", "pen_up".</summary>
        public List<string> Features { get; set; } = new List<string>();
    }
}
