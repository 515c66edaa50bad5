// Shipping a forecaster: the model is trained on standard-scaled values, saved WITH its scaler and window settings,
// loaded back and asked for forecasts from raw history through SeriesForecaster (Runtime/Pipelines), which applies the
// saved scaler, reads the last 50 rows and maps the output back to the series' units. The app never re-implements
// the preprocessing, and the reloaded forecasts equal the training pipeline's.
using System;
using System.IO;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Samples.Forecasting
{
    internal static class ShipDemo
    {
        public static void Run(ForecastSeries data, ulong seed)
        {
            // Fit the scaler on the training part of the series only (no peeking at the test period).
            StandardScaler scaler = StandardScaler.Fit(data.Series.AsSpan(0, data.FirstTestTarget), 1);
            var train = SequenceDataset.FromFeatures(scaler.Transform(data.Train.Inputs!), data.TrainCount, ForecastSeries.Window, 1,
                scaler.Transform(data.Train.Targets), 1);
            var test = SequenceDataset.FromFeatures(scaler.Transform(data.Test.Inputs!), data.TestCount, ForecastSeries.Window, 1,
                scaler.Transform(data.Test.Targets), 1);

            Model model = new ModelBuilder(inputFeatures: 1, seed: seed).Lstm(TrainingRecipe.Units, returnSequences: false, singleBias: true)
                .Dense(1).Build("sine-lstm", new PreprocessingSettings
                {
                    Scaler = scaler.Describe(),
                    Window = new WindowSettings { Length = ForecastSeries.Window, Horizon = 1 },
                });
            model.Initialize(InitializationScheme.Keras, seed);
            var trainer = model.Compile(new Adam(0.001f), new MeanSquaredError(), options: new TrainerOptions { Seed = seed });
            trainer.Fit(train, epochs: 20, batchSize: 32);
            float[] scaled = trainer.Predict(test);               // the training pipeline's view: scaled in, scaled out
            float[] expected = scaler.InverseTransform(scaled);

            string file = Path.Combine(Path.GetTempPath(), $"recurrent-forecast-{Environment.ProcessId}.rmodel");
            try
            {
                ModelFile.Save(model, file);
                var forecaster = new SeriesForecaster(ModelFile.Load(file).Model);
                var one = new float[forecaster.ForecastLength];
                double mse = 0, maxDiff = 0;
                for (int i = 0; i < data.TestCount; i++)
                {
                    int target = data.FirstTestTarget + i;
                    forecaster.Forecast(data.Series.AsSpan(0, target), one);   // all raw history up to the target
                    maxDiff = Math.Max(maxDiff, Math.Abs(one[0] - expected[i]));
                    double e = one[0] - data.Series[target];
                    mse += e * e;
                }
                mse /= data.TestCount;
                Console.WriteLine($"Shipping it (draw {data.NoiseSeed}): LSTM({TrainingRecipe.Units}) trained on standard-scaled values, saved with " +
                                  $"its scaler (mean {scaler.Mean[0]:F4}, std {scaler.Scale[0]:F4}) and window ({ForecastSeries.Window} rows) in " +
                                  $"{new FileInfo(file).Length / 1024.0:F1} KiB;");
                Console.WriteLine($"  reloaded SeriesForecaster on raw history: test MSE {mse:F4} in the series' units, " +
                                  $"max difference from the training pipeline {maxDiff:G2}");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
