// Live stroke features: feed raw touch points as they arrive and read one feature vector per resampled point, for a
// model stepping along while the gesture is drawn. Equal to StrokePreprocessor.Process on the same points by design.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Incremental <see cref="StrokePreprocessor"/> session (create it with CreateStream).</summary>
    /// <remarks>
    /// Points are mapped into the streaming-safe frame (first point, ReferenceSize), resampled every Spacing units or
    /// milliseconds along the drawn path, and turned into features as soon as each resampled point is reached. The
    /// sequence of vectors read equals the rows of <c>Process(allPointsSoFar)</c> for the same settings, bit for bit.
    /// Steady state allocates nothing; Reset starts a new gesture.
    /// </remarks>
    public sealed class StrokeFeatureStream
    {
        private readonly StrokePreprocessor _preprocessor;
        private readonly SpacingResampler _resampler;
        private readonly ResampledPath _pending = new ResampledPath();
        private bool _hasOrigin;
        private double _originX, _originY;
        private bool _hasLast;
        private double _lastX, _lastY;
        private int _lastStroke;

        internal StrokeFeatureStream(StrokePreprocessor preprocessor)
        {
            _preprocessor = preprocessor;
            _resampler = preprocessor.CreateSpacingResampler();
        }

        public int FeatureCount => _preprocessor.FeatureCount;

        /// <summary>Feature vectors ready to read.</summary>
        public int PendingCount => _pending.Count;

        /// <summary>Vectors read since the last Reset.</summary>
        public long ReadCount { get; private set; }

        /// <summary>Feeds one raw point (in drawing order); returns <see cref="PendingCount"/>.</summary>
        public int Add(StrokePoint point)
        {
            if (!_hasOrigin)
            {
                _hasOrigin = true;
                _originX = point.X;
                _originY = point.Y;
            }
            double x = point.X, y = point.Y;
            _preprocessor.Map(ref x, ref y, _originX, _originY);
            _resampler.Add(x, y, point.Time, point.StrokeId, _pending);
            return _pending.Count;
        }

        public int Add(float x, float y, double time, int strokeId) => Add(new StrokePoint(x, y, time, strokeId));

        /// <summary>Writes the oldest pending feature vector [F] and removes it; false when none is pending.</summary>
        public bool TryRead(Span<float> features)
        {
            if (_pending.Count == 0) return false;
            ThrowHelper.CheckLength(features.Length, FeatureCount, nameof(features));
            double x = _pending.X[0], y = _pending.Y[0];
            int stroke = _pending.Stroke[0];
            bool first = !_hasLast;
            _preprocessor.WriteFeatures(x, y, _lastX, _lastY, first, !first && stroke != _lastStroke, features);
            _hasLast = true;
            _lastX = x;
            _lastY = y;
            _lastStroke = stroke;
            _pending.RemoveFirst(1);
            ReadCount++;
            return true;
        }

        /// <summary>Forgets the gesture: the next point is a new first point.</summary>
        public void Reset()
        {
            _resampler.Reset();
            _pending.Clear();
            _hasOrigin = false;
            _hasLast = false;
            ReadCount = 0;
        }
    }
}
