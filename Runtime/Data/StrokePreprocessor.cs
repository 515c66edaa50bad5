// Gesture points (x, y, t, stroke) → per-point features: resample, normalise ($1/$N or streaming-safe frame), x/y/dx/dy/pen.
// Live use is StrokeFeatureStream; the fixed-count resampler and the gesture frame live in the partial files.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Deterministic stroke preprocessing, described by <see cref="StrokeSettings"/>.</summary>
    /// <remarks>
    /// Strokes are concatenated in the given order. Pen-up jumps (a change of StrokeId) add no path length and no
    /// time, so resampled points lie only on drawn strokes; the first output point on a later stroke has pen = 0.
    /// A stroke too short to receive an output point is skipped, and a gesture with no length at all (a dot) yields
    /// copies of its first point. Pipeline, in order:
    /// <list type="number">
    /// <item>StreamingSafe frame: (p − p₀) / ReferenceSize with p₀ the first raw point (each part when enabled).</item>
    /// <item>Resampling: Points &gt; 0 gives exactly that many points at parameter k · total / (Points − 1) with
    /// linear interpolation (needs the whole gesture; Time falls back to ArcLength when the gesture has no duration);
    /// Points = 0 gives a point every Spacing (also live, see <see cref="StrokeFeatureStream"/>).</item>
    /// <item>Gesture frame, about the centroid c of the resampled points: rotate by −atan2(c.y − p₀.y, c.x − p₀.x)
    /// (the $1 recogniser's indicative angle, p₀ the first resampled point); divide by the larger bounding-box side or
    /// the RMS radius (not when it is below 1e-9, e.g. a dot); move c to the origin.</item>
    /// <item>Features per point: x, y, dx, dy (to the previous output point, 0 first), pen, pen_up.</item>
    /// </list>
    /// Live features equal batch features exactly when the settings are streaming-capable (StreamingSafe frame or no
    /// normalisation, Points = 0, no rotation invariance): both run the same code in the same order. The Gesture frame
    /// depends on the finished gesture (its centroid and size), so it cannot be computed while drawing; a model that
    /// must react during drawing should be trained with StreamingSafe settings.
    /// </remarks>
    public sealed partial class StrokePreprocessor
    {
        /// <summary>Sizes below this are treated as zero (no scaling), e.g. the bounding box of a dot.</summary>
        public const double MinScaleSize = 1e-9;

        /// <summary>The most points a gesture may be resampled to (Points), so settings from a file cannot ask for huge buffers.</summary>
        public const int MaxPoints = 1 << 20;

        private readonly StrokeSettings _settings;
        private readonly StrokeFeature[] _features;

        public StrokePreprocessor(StrokeSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            _settings = settings.Clone();
            _features = Validate(_settings);
        }

        public static StrokePreprocessor FromDescription(StrokeSettings settings) => new StrokePreprocessor(settings);

        public StrokeSettings Describe() => _settings.Clone();

        /// <summary>F: values per output point.</summary>
        public int FeatureCount => _features.Length;

        public IReadOnlyList<StrokeFeature> Features => _features;

        /// <summary>True when <see cref="CreateStream"/> is allowed (and then equals <see cref="Process"/> exactly).</summary>
        public bool SupportsStreaming => StreamingProblem(_settings) is null;

        /// <summary>Features [N, F] of a whole gesture (points in drawing order).</summary>
        public float[] Process(ReadOnlySpan<StrokePoint> points)
        {
            if (points.Length == 0) ThrowHelper.ThrowArgument(nameof(points), "A gesture needs at least one point.");
            var path = new ResampledPath();
            Resample(points, path);
            if (_settings.Normalization == StrokeNormalization.Gesture
                && (_settings.NormalizeTranslation || _settings.NormalizeScale || _settings.RotationInvariant))
            {
                NormalizeGesture(path);
            }

            var output = new float[path.Count * _features.Length];
            int f = _features.Length;
            for (int i = 0; i < path.Count; i++)
            {
                bool first = i == 0;
                WriteFeatures(path.X[i], path.Y[i], first ? 0 : path.X[i - 1], first ? 0 : path.Y[i - 1], first,
                    !first && path.Stroke[i] != path.Stroke[i - 1], output.AsSpan(i * f, f));
            }
            return output;
        }

        /// <summary>Features [N, F] of a gesture given as a sample (see <see cref="GestureSample.Points"/>).</summary>
        public float[] Process(GestureSample sample)
        {
            if (sample is null) throw new ArgumentNullException(nameof(sample));
            return Process(sample.Points);
        }

        /// <summary>A live session that turns points into features as they arrive; needs streaming-capable settings.</summary>
        public StrokeFeatureStream CreateStream()
        {
            string? problem = StreamingProblem(_settings);
            if (problem != null) ThrowHelper.ThrowInvalidOperation("These stroke settings cannot stream: " + problem);
            return new StrokeFeatureStream(this);
        }

        internal StrokeSettings Settings => _settings;

        internal SpacingResampler CreateSpacingResampler() =>
            new SpacingResampler(_settings.Resample == StrokeResampleMode.None ? 0 : _settings.Spacing,
                _settings.Resample == StrokeResampleMode.Time);

        /// <summary>The streaming-safe frame: (v − origin) / ReferenceSize, each part when enabled; identity under Gesture.</summary>
        internal void Map(ref double x, ref double y, double originX, double originY)
        {
            if (_settings.Normalization != StrokeNormalization.StreamingSafe) return;
            if (_settings.NormalizeTranslation)
            {
                x -= originX;
                y -= originY;
            }
            if (_settings.NormalizeScale)
            {
                x /= _settings.ReferenceSize;
                y /= _settings.ReferenceSize;
            }
        }

        internal void WriteFeatures(double x, double y, double previousX, double previousY, bool first, bool newStroke, Span<float> destination)
        {
            for (int j = 0; j < _features.Length; j++)
            {
                float v;
                switch (_features[j])
                {
                    case StrokeFeature.X: v = (float)x; break;
                    case StrokeFeature.Y: v = (float)y; break;
                    case StrokeFeature.Dx: v = first ? 0f : (float)(x - previousX); break;
                    case StrokeFeature.Dy: v = first ? 0f : (float)(y - previousY); break;
                    case StrokeFeature.Pen: v = newStroke ? 0f : 1f; break;
                    default: v = newStroke ? 1f : 0f; break;
                }
                destination[j] = v;
            }
        }

        private void Resample(ReadOnlySpan<StrokePoint> points, ResampledPath path)
        {
            int n = points.Length;
            var x = new double[n];
            var y = new double[n];
            double x0 = points[0].X, y0 = points[0].Y;
            for (int i = 0; i < n; i++)
            {
                x[i] = points[i].X;
                y[i] = points[i].Y;
                Map(ref x[i], ref y[i], x0, y0);
            }
            if (_settings.Resample == StrokeResampleMode.None || _settings.Points == 0)
            {
                SpacingResampler resampler = CreateSpacingResampler();
                for (int i = 0; i < n; i++) resampler.Add(x[i], y[i], points[i].Time, points[i].StrokeId, path);
            }
            else
            {
                ResampleCount(points, x, y, _settings.Points, _settings.Resample == StrokeResampleMode.Time, path);
            }
        }

        private static StrokeFeature[] Validate(StrokeSettings s)
        {
            if (s.Features is null || s.Features.Count == 0) ThrowHelper.ThrowArgument("settings", "At least one stroke feature is required.");
            var features = new StrokeFeature[s.Features.Count];
            for (int j = 0; j < features.Length; j++)
            {
                if (!StrokeFeatures.TryParse(s.Features[j], out features[j]))
                    ThrowHelper.ThrowArgument("settings", $"Unknown stroke feature '{s.Features[j]}'; use x, y, dx, dy, pen or pen_up.");
            }
            if (s.Resample != StrokeResampleMode.None && s.Resample != StrokeResampleMode.ArcLength && s.Resample != StrokeResampleMode.Time)
                ThrowHelper.ThrowArgument("settings", $"Unknown resampling mode {s.Resample}.");
            if (s.Points < 0 || s.Points > MaxPoints) ThrowHelper.ThrowArgument("settings", $"Points must be in [0, {MaxPoints}]; it is {s.Points}.");
            if (!(s.Spacing >= 0) || float.IsInfinity(s.Spacing)) ThrowHelper.ThrowArgument("settings", "Spacing must be finite and not negative.");
            if (s.Resample != StrokeResampleMode.None && s.Points == 0 && s.Spacing == 0)
                ThrowHelper.ThrowArgument("settings", "Resampling needs Points > 0 or Spacing > 0.");
            if (s.Resample == StrokeResampleMode.None && (s.Points != 0 || s.Spacing != 0))
                ThrowHelper.ThrowArgument("settings", "Points and Spacing must be 0 when resampling is None.");
            if (s.Normalization == StrokeNormalization.StreamingSafe)
            {
                if (s.NormalizeScale && !(s.ReferenceSize > 0 && !float.IsInfinity(s.ReferenceSize)))
                    ThrowHelper.ThrowArgument("settings", "StreamingSafe scaling needs a finite ReferenceSize > 0.");
                if (s.RotationInvariant)
                    ThrowHelper.ThrowArgument("settings", "Rotation invariance needs the Gesture frame (the centroid of the finished gesture).");
            }
            else if (s.Normalization != StrokeNormalization.Gesture)
            {
                ThrowHelper.ThrowArgument("settings", $"Unknown normalisation {s.Normalization}.");
            }
            if (s.ScaleMode != StrokeScaleMode.BoundingBox && s.ScaleMode != StrokeScaleMode.RmsRadius)
                ThrowHelper.ThrowArgument("settings", $"Unknown scale mode {s.ScaleMode}.");
            return features;
        }

        private static string? StreamingProblem(StrokeSettings s)
        {
            if (s.Resample != StrokeResampleMode.None && s.Points != 0)
                return "resampling to a fixed number of Points needs the whole gesture; use Points = 0 and a Spacing.";
            if (s.Normalization == StrokeNormalization.Gesture && (s.NormalizeTranslation || s.NormalizeScale || s.RotationInvariant))
                return "the Gesture frame needs the finished gesture's centroid and size; use StreamingSafe normalisation.";
            return null;
        }
    }
}
