// GestureRecognizer and GestureSession: a classifier trained here on synthetic gestures, saved with its stroke settings,
// scaler and labels and loaded again, recognizes exactly what the manual pipeline (StrokePreprocessor, the scaler, the
// model) gave before saving; a live session equals the batch path on every prefix of the points; it allocates nothing.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Tests.Pipelines
{
    public sealed class GestureRecognizerTests
    {
        /// <summary>Streaming and batch may differ in the last bits (StreamingSessionTests allows 1e-6 on outputs).</summary>
        private const double StreamingTolerance = 1e-6;

        private static readonly string[] s_labels = { "line", "circle", "plus" };

        private static StrokeSettings StreamingSettings() => new StrokeSettings
        {
            Resample = StrokeResampleMode.ArcLength, Points = 0, Spacing = 0.08f, Normalization = StrokeNormalization.StreamingSafe,
            NormalizeTranslation = true, NormalizeScale = true, ReferenceSize = 100f, Features = new List<string> { "dx", "dy", "pen" },
        };

        /// <summary>Class 0 a line, 1 a circle, 2 a plus of two strokes; size, position and wobble vary with the seed.</summary>
        private static StrokePoint[] Gesture(int cls, ulong seed)
        {
            var rng = new DeterministicRandom(seed);
            float size = rng.NextUniform(60f, 140f), x0 = rng.NextUniform(0f, 300f), y0 = rng.NextUniform(0f, 300f);
            var points = new List<StrokePoint>();
            double time = 0;
            void Add(double x, double y, int stroke)
            {
                points.Add(new StrokePoint((float)(x0 + x + rng.NextUniform(-1.5f, 1.5f)), (float)(y0 + y + rng.NextUniform(-1.5f, 1.5f)), time, stroke));
                time += 12;
            }
            switch (cls)
            {
                case 0:
                    for (int i = 0; i <= 20; i++) Add(size * i / 20.0, size * 0.1 * i / 20.0, 0);
                    break;
                case 1:
                    for (int i = 0; i <= 30; i++) Add(size / 2 * Math.Cos(2 * Math.PI * i / 30), size / 2 * Math.Sin(2 * Math.PI * i / 30), 0);
                    break;
                default:
                    for (int i = 0; i <= 12; i++) Add(size / 2, size * i / 12.0, 0);
                    for (int i = 0; i <= 12; i++) Add(size * i / 12.0, size / 2, 1);
                    break;
            }
            return points.ToArray();
        }

        /// <summary>GRU → Dense(3) → Softmax trained a few epochs on padded stroke features, and the scaler fitted on them.</summary>
        private static (Model Model, StandardScaler Scaler) Train(StrokePreprocessor preprocessor)
        {
            const int N = 36;
            var features = new List<float[]>();
            var labels = new float[N];
            int longest = 0;
            for (int n = 0; n < N; n++)
            {
                features.Add(preprocessor.Process(Gesture(n % 3, 100 + (ulong)n)));
                labels[n] = n % 3;
                longest = Math.Max(longest, features[n].Length / 3);
            }
            var all = new List<float>();
            foreach (float[] f in features) all.AddRange(f);
            StandardScaler scaler = StandardScaler.Fit(all.ToArray(), 3);
            var x = new float[N * longest * 3];
            var lengths = new int[N];
            for (int n = 0; n < N; n++)
            {
                float[] scaled = scaler.Transform(features[n]);
                Array.Copy(scaled, 0, x, n * longest * 3, scaled.Length);
                lengths[n] = scaled.Length / 3;
            }
            Model model = new ModelBuilder(3, seed: 21).Gru(12, returnSequences: false).Dense(3).Softmax().Build("gestures");
            model.Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy())
                .Fit(SequenceDataset.FromFeatures(x, N, longest, 3, labels, 1, lengths: lengths), epochs: 4, batchSize: 12);
            return (model, scaler);
        }

        /// <summary>The manual pipeline: StrokePreprocessor → scaler → the model on [1, N, F] → its Softmax output.</summary>
        private static float[] Manual(Model model, StrokePreprocessor preprocessor, IFeatureScaler? scaler, StrokePoint[] points)
        {
            float[] features = preprocessor.Process(points);
            if (scaler != null) scaler.Transform(features, features);
            return new InferenceModel(model).Predict(features, 1, features.Length / preprocessor.FeatureCount);
        }

        private static Model SaveAndLoad(Model model, PreprocessingSettings preprocessing) =>
            ModelFile.Read(ModelFile.ToBytes(model.WithPreprocessing(preprocessing))).Model;

        [Test]
        public void TrainedClassifier_SavedWithStrokeScalerAndLabels_RecognizesLikeTheManualPipelineBeforeSaving()
        {
            var preprocessor = new StrokePreprocessor(StreamingSettings());
            (Model model, StandardScaler scaler) = Train(preprocessor);
            var gestures = new[] { Gesture(0, 900), Gesture(1, 901), Gesture(2, 902) };
            var expected = new List<float[]>();
            foreach (StrokePoint[] g in gestures) expected.Add(Manual(model, preprocessor, scaler, g));

            var recognizer = new GestureRecognizer(SaveAndLoad(model, new PreprocessingSettings
            {
                Stroke = preprocessor.Describe(), Scaler = scaler.Describe(), Labels = new List<string>(s_labels),
            }));
            Assert.That(recognizer.Labels, Is.EqualTo(s_labels));
            Assert.That(recognizer.SupportsStreaming, Is.True);
            for (int i = 0; i < gestures.Length; i++)
            {
                float[]? actual = recognizer.Recognize(gestures[i]);
                Assert.That(actual, Is.EqualTo(expected[i]), $"gesture {i}: the same batch arithmetic, so the same bits");
                var top = new Prediction[3];
                Assert.That(recognizer.RecognizeTopK(gestures[i], top), Is.EqualTo(3));
                Assert.That(top[0].Name, Is.EqualTo(s_labels[top[0].Index]));
                Assert.That(top[0].Probability, Is.EqualTo(Max(expected[i])));
            }
        }

        [Test]
        public void LiveSession_EqualsTheBatchPathOnEveryPrefixOfThePoints()
        {
            var preprocessor = new StrokePreprocessor(StreamingSettings());
            (Model model, StandardScaler scaler) = Train(preprocessor);
            var recognizer = new GestureRecognizer(SaveAndLoad(model, new PreprocessingSettings
            {
                Stroke = preprocessor.Describe(), Scaler = scaler.Describe(), Labels = new List<string>(s_labels),
            }));
            StrokePoint[] points = Gesture(2, 77);   // two strokes: the pen-up jump is inside
            GestureSession session = recognizer.CreateSession();
            Assert.That(session.HasPrediction, Is.False);
            Assert.That(session.BestLabel, Is.Null);
            var batch = new float[3];
            int compared = 0;
            long steps = 0;
            for (int k = 0; k < points.Length; k++)
            {
                steps += session.AddPoint(points[k]);
                Assert.That(session.StepCount, Is.EqualTo(steps));
                Assert.That(recognizer.Recognize(points.AsSpan(0, k + 1), batch), Is.True);
                TestData.AssertClose(session.Probabilities, batch, StreamingTolerance, 0, $"after point {k}");
                compared++;
            }
            Assert.That(compared, Is.EqualTo(points.Length));
            Assert.That(steps, Is.EqualTo(preprocessor.Process(points).Length / 3), "one step per resampled point");
            Assert.That(session.BestLabel, Is.EqualTo(s_labels[ArgMax(batch)]));

            session.Reset();
            Assert.That(session.HasPrediction, Is.False);
            foreach (StrokePoint p in points) session.AddPoint(p);
            TestData.AssertClose(session.Probabilities, batch, StreamingTolerance, 0, "after Reset, the same gesture again");
        }

        [Test]
        public void LiveSession_AfterWarmUp_AllocatesNothing()
        {
            var preprocessor = new StrokePreprocessor(StreamingSettings());
            Model model = new ModelBuilder(3, seed: 2).Gru(8, returnSequences: false).Dense(3).Softmax().Build("gestures");
            var recognizer = new GestureRecognizer(SaveAndLoad(model, new PreprocessingSettings { Stroke = preprocessor.Describe() }));
            GestureSession session = recognizer.CreateSession();
            StrokePoint[] first = Gesture(1, 5), second = Gesture(1, 6);
            foreach (StrokePoint p in first) session.AddPoint(p);
            session.Reset();
            var top = new Prediction[2];
            long bytes = AllocationCounter.Measure(() =>
            {
                foreach (StrokePoint p in second)
                {
                    session.AddPoint(p.X, p.Y, p.Time, p.StrokeId);
                    session.TopK(top);
                }
            });
            Assert.That(bytes, Is.EqualTo(0));
            Assert.That(session.StepCount, Is.GreaterThan(10));
            Assert.That(recognizer.Labels, Is.EqualTo(new[] { "0", "1", "2" }), "index names when the model has no labels");
        }

        [Test]
        public void WholeGestureSettings_RecognizeInBatch_ButRefuseToStream()
        {
            var preprocessor = new StrokePreprocessor(new StrokeSettings
            {
                Resample = StrokeResampleMode.Time, Points = 24, RotationInvariant = true, ScaleMode = StrokeScaleMode.RmsRadius,
                Features = new List<string> { "x", "y", "pen_up" },
            });
            Model model = new ModelBuilder(3, seed: 8).Lstm(6).Dense(3).Build("seq");   // sequence output, logits
            var recognizer = new GestureRecognizer(SaveAndLoad(model, new PreprocessingSettings { Stroke = preprocessor.Describe() }));
            StrokePoint[] points = Gesture(2, 31);

            float[] output = Manual(model, preprocessor, null, points);   // [1, 24, 3]: the last step's logits, then a softmax in double
            var logits = new double[3];
            for (int c = 0; c < 3; c++) logits[c] = output[(24 - 1) * 3 + c];
            double max = Math.Max(logits[0], Math.Max(logits[1], logits[2]));
            double sum = 0;
            var expected = new double[3];
            for (int c = 0; c < 3; c++) sum += expected[c] = Math.Exp(logits[c] - max);
            for (int c = 0; c < 3; c++) expected[c] /= sum;
            TestData.AssertClose(recognizer.Recognize(points), expected, 1e-6, 0, "batch recognition");

            Assert.That(recognizer.SupportsStreaming, Is.False);
            Assert.That(() => recognizer.CreateSession(), Throws.InvalidOperationException.With.Message.Contains("whole gesture"));
            Assert.That(recognizer.Recognize(ReadOnlySpan<StrokePoint>.Empty, new float[3]), Is.False, "no points, no answer");
        }

        [Test]
        public void ModelWithoutStrokeSettings_IsRefusedWithTheFix()
        {
            Model model = new ModelBuilder(3).Gru(4).Dense(2).Build("plain");
            Assert.That(() => new GestureRecognizer(model), Throws.ArgumentException.With.Message.Contains("no stroke settings").And.Message.Contains("Describe()"));
        }

        private static float Max(float[] values)
        {
            float m = values[0];
            foreach (float v in values) m = Math.Max(m, v);
            return m;
        }

        private static int ArgMax(float[] values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
            return best;
        }
    }
}
