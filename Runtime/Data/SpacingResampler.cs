// Incremental resampling every s units of path length or drawing time, emitting points at 0, s, 2s, … once reached.
// StrokeFeatureStream and batch processing both run it, so live and batch features are identical.
using System;

namespace Recurrent.Data
{
    internal sealed class SpacingResampler
    {
        private readonly double _spacing; // 0: pass every point through
        private readonly bool _byTime;
        private bool _hasPrevious;
        private double _px, _py, _pt; // previous input point
        private int _pStroke;
        private double _position;     // parameter (path length or drawing time) at the previous input point
        private long _emitted;        // points emitted so far; the next target is _emitted · spacing

        public SpacingResampler(double spacing, bool byTime)
        {
            _spacing = spacing;
            _byTime = byTime;
        }

        public void Reset()
        {
            _hasPrevious = false;
            _position = 0;
            _emitted = 0;
        }

        /// <summary>Feeds one point; appends every point it completes to <paramref name="output"/>.</summary>
        public void Add(double x, double y, double t, int stroke, ResampledPath output)
        {
            if (!_hasPrevious || _spacing == 0)
            {
                output.Add(x, y, stroke);
                _emitted++;
                Remember(x, y, t, stroke);
                return;
            }
            if (stroke == _pStroke)
            {
                double d = _byTime ? Math.Max(0, t - _pt) : Hypot(x - _px, y - _py);
                if (d > 0)
                {
                    double end = _position + d;
                    CheckBudget(end);
                    // A target equal to a segment's end belongs to that segment: intervals are (start, end].
                    for (double u = _emitted * _spacing; u <= end; u = _emitted * _spacing)
                    {
                        double f = (u - _position) / d;
                        output.Add(_px + f * (x - _px), _py + f * (y - _py), stroke);
                        _emitted++;
                    }
                    _position = end;
                }
            }
            // A pen-up jump (new stroke) has zero length and zero duration: the parameter does not advance.
            Remember(x, y, t, stroke);
        }

        /// <summary>
        /// A gesture resamples to at most <see cref="StrokePreprocessor.MaxPoints"/> points: a tiny Spacing (e.g. from a
        /// hostile model file) or absurd coordinates or times would otherwise emit points without end. Checked before
        /// any point of the segment is emitted, so nothing runs away.
        /// </summary>
        private void CheckBudget(double end)
        {
            double pending = Math.Floor(end / _spacing) + 1 - _emitted;   // targets 0, s, 2s, … up to end not yet emitted
            if (!(pending + _emitted <= StrokePreprocessor.MaxPoints))
                throw new ArgumentException(
                    $"The gesture would resample to more than {StrokePreprocessor.MaxPoints} points (a Spacing of {_spacing:G3} over a " +
                    $"{(_byTime ? "drawing time" : "path length")} of {end:G3}); check the stroke settings' Spacing and the input's " +
                    "coordinates and times.", "points");
        }

        internal static double Hypot(double dx, double dy) => Math.Sqrt(dx * dx + dy * dy);

        private void Remember(double x, double y, double t, int stroke)
        {
            _hasPrevious = true;
            _px = x;
            _py = y;
            _pt = t;
            _pStroke = stroke;
        }
    }
}
