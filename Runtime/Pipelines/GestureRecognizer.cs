// Gesture / stroke classification with the stroke settings, scaler and labels saved in the model: raw touch points in,
// class probabilities out, for a finished gesture (batch path) or live while it is drawn (GestureSession).
using System;
using System.Collections.Generic;
using System.Globalization;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Pipelines
{
    /// <summary>Recognizes gestures with a classifier and the stroke preprocessing it was trained with.</summary>
    /// <remarks>
    /// The model must carry <see cref="PreprocessingSettings.Stroke"/>; a scaler (applied to the stroke features) and
    /// labels are optional. Points go through <see cref="StrokePreprocessor"/> exactly as in training, then the scaler,
    /// then the model; the answer is the model's output after the last point's features (the last step of a
    /// sequence-output model), read as probabilities after a Softmax layer, as log-probabilities after LogSoftmax and as
    /// logits otherwise. A recognizer is not thread-safe (it reuses buffers); sessions are independent.
    /// <code>
    /// var recognizer = new GestureRecognizer(ModelFile.Load("gestures.rmodel").Model);
    /// var session = recognizer.CreateSession();          // needs streaming-capable stroke settings
    /// session.AddPoint(x, y, timeMs, strokeId);          // from touch events
    /// if (session.HasPrediction) Debug.Log(session.BestLabel);
    /// </code>
    /// </remarks>
    public sealed class GestureRecognizer
    {
        private readonly string[] _labels;
        private readonly OutputProbabilities _probabilities;
        private BatchRunner? _runner;
        private float[] _output = Array.Empty<float>();
        private float[]? _ranked;

        /// <summary>Compiles <paramref name="model"/> (see <see cref="GestureRecognizer(InferenceModel)"/>).</summary>
        public GestureRecognizer(Model model)
            : this(new InferenceModel(model ?? throw new ArgumentNullException(nameof(model))))
        {
        }

        /// <summary>A recognizer over a compiled model whose <see cref="Model.Preprocessing"/> holds its stroke settings.</summary>
        /// <exception cref="ArgumentException">The model has no stroke settings, or they do not fit its input.</exception>
        public GestureRecognizer(InferenceModel model)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Model m = model.Model;
            PreprocessingSettings? p = m.Preprocessing;
            if (p?.Stroke is null)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' carries no stroke settings. Attach the ones it was trained with before saving: " +
                    "model.WithPreprocessing(new PreprocessingSettings { Stroke = preprocessor.Describe(), Labels = labels }).");
            Preprocessor = new StrokePreprocessor(p!.Stroke!);
            if (m.InputKind != ModelInputKind.Features || m.InputSize != Preprocessor.FeatureCount)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' takes {m.InputSize} features per step, but its stroke settings give {Preprocessor.FeatureCount}.");
            if (p.Scaler != null)
            {
                Scaler = FeatureScaler.FromDescription(p.Scaler);
                if (Scaler.FeatureCount != Preprocessor.FeatureCount)
                    ThrowHelper.ThrowArgument(nameof(model), $"The scaler of model '{m.Name}' has {Scaler.FeatureCount} features, but its stroke settings give {Preprocessor.FeatureCount}.");
            }
            _labels = new string[m.OutputSize];
            if (p.Labels != null && p.Labels.Count != _labels.Length)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' outputs {m.OutputSize} classes but has {p.Labels.Count} labels.");
            for (int c = 0; c < _labels.Length; c++)
                _labels[c] = p.Labels?[c] ?? c.ToString(CultureInfo.InvariantCulture);
            _probabilities = new OutputProbabilities(m);
        }

        /// <summary>The compiled model.</summary>
        public InferenceModel Model { get; }

        /// <summary>The stroke preprocessing rebuilt from the model's settings.</summary>
        public StrokePreprocessor Preprocessor { get; }

        /// <summary>The feature scaler applied after the stroke features, or null.</summary>
        public IFeatureScaler? Scaler { get; }

        /// <summary>Class names by output index; "0", "1", … when the model has no labels.</summary>
        public IReadOnlyList<string> Labels => _labels;

        /// <summary>C: classes (probabilities per prediction).</summary>
        public int ClassCount => _labels.Length;

        /// <summary>
        /// Whether <see cref="CreateSession"/> works: the stroke settings can stream (StreamingSafe or no normalisation,
        /// resampling by Spacing or none, no rotation invariance) and every recurrent layer runs forward.
        /// </summary>
        public bool SupportsStreaming => Preprocessor.SupportsStreaming && Model.CanStream;

        /// <summary>
        /// Writes the class probabilities [C] of a gesture (points in drawing order; batch path). Returns false, leaving
        /// <paramref name="probabilities"/> unchanged, when there are no points. Allocates for the stroke preprocessing
        /// (proportional to the points); the model run reuses its buffers.
        /// </summary>
        public bool Recognize(ReadOnlySpan<StrokePoint> points, Span<float> probabilities)
        {
            ThrowHelper.CheckExactLength(probabilities.Length, ClassCount, nameof(probabilities));
            if (points.Length == 0) return false;
            float[] features = Preprocessor.Process(points);   // [N, F]
            Scaler?.Transform(features, features);
            int n = features.Length / Preprocessor.FeatureCount;
            _runner ??= Model.CreateBatchRunner();
            int length = _runner.OutputLength(1, n);
            if (_output.Length < length) _output = new float[Math.Max(length, 2 * _output.Length)];
            Span<float> output = _output.AsSpan(0, length);
            _runner.Run(features, 1, n, default, output);
            int last = Model.OutputIsSequence ? (n - 1) * ClassCount : 0;
            _probabilities.Convert(output.Slice(last, ClassCount), probabilities);
            return true;
        }

        /// <summary>The class probabilities [C] of a gesture as a new array, or null when there are no points.</summary>
        public float[]? Recognize(ReadOnlySpan<StrokePoint> points)
        {
            var probabilities = new float[ClassCount];
            return Recognize(points, probabilities) ? probabilities : null;
        }

        /// <summary>The <paramref name="results"/>.Length most probable classes of a gesture, most probable first; returns how many.</summary>
        public int RecognizeTopK(ReadOnlySpan<StrokePoint> points, Span<Prediction> results)
        {
            _ranked ??= new float[ClassCount];
            return Recognize(points, _ranked) ? OutputProbabilities.TopK(_ranked, _labels, results) : 0;
        }

        /// <summary>A live session: feed touch points as they arrive and read the probabilities while the gesture is drawn.</summary>
        /// <exception cref="InvalidOperationException">The stroke settings need the finished gesture (see <see cref="SupportsStreaming"/>).</exception>
        /// <exception cref="RecurrentException">The model cannot stream (a reverse or bidirectional layer).</exception>
        public GestureSession CreateSession() => new GestureSession(this, Preprocessor.CreateStream());

        internal OutputProbabilities Probabilities => _probabilities;
    }
}
