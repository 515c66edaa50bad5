// SeriesForecaster: a forecaster trained here on scaled windows, saved with its scaler and window and loaded again,
// forecasts from raw rows what the manual pipeline (scaler, model, inverse transform) gave before saving, and the inverse
// transform matches x · std + mean worked out by hand; steady state allocates nothing.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Tests.Pipelines
{
    public sealed class SeriesForecasterTests
    {
        /// <summary>x · s + m in float against the same in double: a couple of float ulps of values up to ~300.</summary>
        private const double InverseTolerance = 1e-4;

        /// <summary>120 rows of two features on very different scales: a trending sine around 10 and a cosine around 200.</summary>
        private static float[] Series(int rows = 120)
        {
            var s = new float[rows * 2];
            for (int t = 0; t < rows; t++)
            {
                s[2 * t] = (float)(10 + 3 * Math.Sin(0.3 * t) + 0.05 * t);
                s[2 * t + 1] = (float)(200 + 50 * Math.Cos(0.2 * t));
            }
            return s;
        }

        [Test]
        public void TrainedForecaster_SavedWithScalerAndWindow_ForecastsRawUnitsLikeTheManualPipelineBeforeSaving()
        {
            float[] series = Series();
            float[] train = series.AsSpan(0, 100 * 2).ToArray();
            StandardScaler scaler = StandardScaler.Fit(train, 2);
            var window = new WindowSettings { Length = 10, Horizon = 2, TargetFeatures = new[] { 1 } };
            WindowedSeries windows = Windowing.Create(scaler.Transform(train), 2, window);
            Model model = new ModelBuilder(2, seed: 13).Lstm(8, returnSequences: false).Dense(2).Build("forecast");
            model.Compile(new Adam(0.01f), new MeanSquaredError())
                .Fit(SequenceDataset.FromFeatures(windows.Inputs, windows.SampleCount, 10, 2, windows.Targets, 2), epochs: 3, batchSize: 16);

            // The manual pipeline on the last 10 rows: scale, run, inverse-transform feature 1's column.
            float[] lastRows = series.AsSpan((120 - 10) * 2, 10 * 2).ToArray();
            float[] scaled = new InferenceModel(model).Predict(scaler.Transform(lastRows), 1, 10);   // [2]: steps t+1, t+2 of feature 1
            var manual = new float[2];
            scaler.InverseTransformColumns(scaled, manual, new[] { 1 });
            var byHand = new double[2];
            for (int h = 0; h < 2; h++) byHand[h] = (double)scaled[h] * scaler.Scale[1] + scaler.Mean[1];
            TestData.AssertClose(manual, byHand, InverseTolerance, 0, "inverse transform against x · std + mean");

            Model loaded = ModelFile.Read(ModelFile.ToBytes(model.WithPreprocessing(new PreprocessingSettings
            {
                Scaler = scaler.Describe(), Window = windows.Describe(),
            }))).Model;
            var forecaster = new SeriesForecaster(loaded);
            Assert.That(forecaster.WindowLength, Is.EqualTo(10));
            Assert.That(forecaster.Horizon, Is.EqualTo(2));
            Assert.That(forecaster.TargetFeatures, Is.EqualTo(new[] { 1 }));
            Assert.That(forecaster.ForecastLength, Is.EqualTo(2));
            Assert.That(forecaster.Forecast(series), Is.EqualTo(manual), "the whole history in: the last 10 rows are used");
            Assert.That(forecaster.Forecast(lastRows), Is.EqualTo(manual), "exactly one window in");
        }

        [Test]
        public void MinMaxScaledSequenceModelWithoutWindow_ReadsEveryRowAndForecastsEveryFeature()
        {
            var series = new float[30];
            for (int t = 0; t < series.Length; t++) series[t] = (float)(50 + 20 * Math.Sin(0.4 * t));
            MinMaxScaler scaler = MinMaxScaler.Fit(series, 1);
            Model model = new ModelBuilder(1, seed: 3).Gru(5).Dense(1).Build("univariate");   // one forecast per step
            float[] outputs = new InferenceModel(model).Predict(scaler.Transform(series), 1, 30);   // [1, 30, 1]
            float min = scaler.Min[0], max = scaler.Max[0];
            double expected = (double)outputs[29] * (max - min) + min;

            var forecaster = new SeriesForecaster(ModelFile.Read(ModelFile.ToBytes(model.WithPreprocessing(
                new PreprocessingSettings { Scaler = scaler.Describe() }))).Model);
            Assert.That(forecaster.WindowLength, Is.EqualTo(0));
            Assert.That(forecaster.Horizon, Is.EqualTo(1));
            Assert.That(forecaster.TargetFeatures, Is.EqualTo(new[] { 0 }));
            TestData.AssertClose(forecaster.Forecast(series), new[] { expected }, InverseTolerance, 0, "the last step, inverse min-max");
        }

        [Test]
        public void Forecast_AfterWarmUp_AllocatesNothing()
        {
            float[] series = Series();
            StandardScaler scaler = StandardScaler.Fit(series, 2);
            Model model = new ModelBuilder(2, seed: 4).Gru(6, returnSequences: false).Dense(2).Build("forecast");
            var forecaster = new SeriesForecaster(model.WithPreprocessing(new PreprocessingSettings
            {
                Scaler = scaler.Describe(), Window = new WindowSettings { Length = 16, Horizon = 1 },
            }));
            var forecast = new float[2];
            forecaster.Forecast(series, forecast);
            long bytes = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 20; i++) forecaster.Forecast(series.AsSpan(2 * i, 2 * 40), forecast);
            });
            Assert.That(bytes, Is.EqualTo(0));
        }

        [Test]
        public void WrongInputs_AreRefusedWithTheReason()
        {
            Model model = new ModelBuilder(2).Gru(4, returnSequences: false).Dense(2).Build("forecast")
                .WithPreprocessing(new PreprocessingSettings { Window = new WindowSettings { Length = 8, Horizon = 1 } });
            var forecaster = new SeriesForecaster(model);
            Assert.That(() => forecaster.Forecast(new float[7 * 2]), Throws.ArgumentException.With.Message.Contains("last 8 rows").And.Message.Contains("holds 7"));
            Assert.That(() => forecaster.Forecast(new float[9 * 2 + 1]), Throws.ArgumentException.With.Message.Contains("whole rows"));

            Model threeOut = new ModelBuilder(2).Gru(4, returnSequences: false).Dense(3).Build("odd");
            Assert.That(() => new SeriesForecaster(threeOut), Throws.ArgumentException.With.Message.Contains("WindowSettings"));
            Model tokens = ModelBuilder.ForTokens(5, 2).Gru(2).Dense(1).Build("tokens");
            Assert.That(() => new SeriesForecaster(tokens), Throws.ArgumentException.With.Message.Contains("token ids"));
        }
    }
}
