// Stroke preprocessing as plain data (what a model file stores); StrokePreprocessor applies it identically in
// training and at inference. Defaults: 64 points by arc length, whole-gesture normalisation, features x, y, pen.
using System.Collections.Generic;

namespace Recurrent.Data
{
    /// <summary>The description of a <see cref="StrokePreprocessor"/>.</summary>
    public sealed class StrokeSettings
    {
        public StrokeResampleMode Resample { get; set; } = StrokeResampleMode.ArcLength;

        /// <summary>Resample to exactly this many points (needs the finished gesture); 0 to use <see cref="Spacing"/>.</summary>
        public int Points { get; set; } = 64;

        /// <summary>
        /// When Points is 0: one point every Spacing units of path (ArcLength, in the coordinates' units at resampling
        /// time: reference units under StreamingSafe, raw units under Gesture) or every Spacing milliseconds (Time),
        /// starting with the first point. This is the streaming-capable resampling.
        /// </summary>
        public float Spacing { get; set; }

        public StrokeNormalization Normalization { get; set; } = StrokeNormalization.Gesture;

        /// <summary>Gesture: centroid to the origin. StreamingSafe: first point to the origin.</summary>
        public bool NormalizeTranslation { get; set; } = true;

        /// <summary>Gesture: divide by the size chosen by <see cref="ScaleMode"/>. StreamingSafe: divide by ReferenceSize.</summary>
        public bool NormalizeScale { get; set; } = true;

        public StrokeScaleMode ScaleMode { get; set; } = StrokeScaleMode.BoundingBox;

        /// <summary>Gesture only: rotate about the centroid so the indicative angle is 0 ($1/$N recognisers).</summary>
        public bool RotationInvariant { get; set; }

        /// <summary>StreamingSafe: the fixed size (input units) that coordinates are divided by, e.g. the pad's height.</summary>
        public float ReferenceSize { get; set; } = 1f;

        /// <summary>Per-point features in output order, by name: x, y, dx, dy, pen, pen_up.</summary>
        public List<string> Features { get; set; } = new List<string> { "x", "y", "pen" };

        public StrokeSettings Clone() => new StrokeSettings
        {
            Resample = Resample,
            Points = Points,
            Spacing = Spacing,
            Normalization = Normalization,
            NormalizeTranslation = NormalizeTranslation,
            NormalizeScale = NormalizeScale,
            ScaleMode = ScaleMode,
            RotationInvariant = RotationInvariant,
            ReferenceSize = ReferenceSize,
            Features = new List<string>(Features ?? new List<string>()),
        };
    }
}
