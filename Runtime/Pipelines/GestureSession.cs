// Live gesture recognition: raw touch points → StrokeFeatureStream (the training features, bit for bit) → scaler →
// one StreamingSession step per feature vector → class probabilities while the gesture is drawn. Allocates nothing.
using System;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Pipelines
{
    /// <summary>Follows one gesture as it is drawn (create it with <see cref="GestureRecognizer.CreateSession"/>).</summary>
    /// <remarks>
    /// Each point is mapped and resampled by the same <see cref="StrokeFeatureStream"/> that equals
    /// <see cref="StrokePreprocessor.Process"/>, so after the last point the probabilities equal
    /// <see cref="GestureRecognizer.Recognize(ReadOnlySpan{StrokePoint}, Span{float})"/> on the same points (up to the
    /// last bits of streaming versus batch arithmetic). A point that completes no resampled point steps nothing.
    /// Not thread-safe; use one session per touch.
    /// </remarks>
    public sealed class GestureSession
    {
        private readonly GestureRecognizer _recognizer;
        private readonly StrokeFeatureStream _stream;
        private readonly StreamingSession _session;
        private readonly float[] _features;       // [F]
        private readonly float[] _output;         // [C]
        private readonly float[] _probabilities;  // [C]

        internal GestureSession(GestureRecognizer recognizer, StrokeFeatureStream stream)
        {
            _recognizer = recognizer;
            _stream = stream;
            _session = recognizer.Model.CreateSession(1);
            _features = new float[stream.FeatureCount];
            _output = new float[recognizer.ClassCount];
            _probabilities = new float[recognizer.ClassCount];
        }

        /// <summary>The recognizer (model, stroke settings, scaler, labels) this session uses.</summary>
        public GestureRecognizer Recognizer => _recognizer;

        /// <summary>Model steps taken (resampled points read) since the last <see cref="Reset"/>.</summary>
        public long StepCount => _session.StepCount;

        /// <summary>False until the first resampled point has gone through the model.</summary>
        public bool HasPrediction => _session.StepCount > 0;

        /// <summary>The class probabilities [C] after the points so far, or an empty span while <see cref="HasPrediction"/> is false.</summary>
        public ReadOnlySpan<float> Probabilities => HasPrediction ? _probabilities : ReadOnlySpan<float>.Empty;

        /// <summary>The most probable class index, or −1 while <see cref="HasPrediction"/> is false (ties: the lower index).</summary>
        public int BestIndex
        {
            get
            {
                if (!HasPrediction) return -1;
                int best = 0;
                for (int c = 1; c < _probabilities.Length; c++)
                    if (_probabilities[c] > _probabilities[best]) best = c;
                return best;
            }
        }

        /// <summary>The label of <see cref="BestIndex"/>, or null while <see cref="HasPrediction"/> is false.</summary>
        public string? BestLabel => HasPrediction ? _recognizer.Labels[BestIndex] : null;

        /// <summary>Feeds one raw point (in drawing order; a new strokeId starts a new stroke). Returns the model steps it caused.</summary>
        public int AddPoint(StrokePoint point)
        {
            _stream.Add(point);
            int steps = 0;
            IFeatureScaler? scaler = _recognizer.Scaler;
            while (_stream.TryRead(_features))
            {
                scaler?.Transform(_features, _features);
                _session.Step(_features, _output);
                steps++;
            }
            if (steps > 0) _recognizer.Probabilities.Convert(_output, _probabilities);
            return steps;
        }

        /// <summary>Feeds one raw point: position, time in milliseconds and stroke id.</summary>
        public int AddPoint(float x, float y, double time, int strokeId) => AddPoint(new StrokePoint(x, y, time, strokeId));

        /// <summary>The <paramref name="results"/>.Length most probable classes, most probable first; returns how many (0 before any step).</summary>
        public int TopK(Span<Prediction> results) =>
            HasPrediction ? OutputProbabilities.TopK(_probabilities, _recognizer.Labels, results) : 0;

        /// <summary>Starts a new gesture: forgets the points and the model state.</summary>
        public void Reset()
        {
            _stream.Reset();
            _session.Reset();
        }
    }
}
