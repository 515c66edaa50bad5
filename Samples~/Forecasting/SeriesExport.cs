// Writes the draws (series, clean signal, split) and this run's scores as JSON for independent checks, e.g.
// Tests/Tools~/tfjs-forecast/train.mjs, which trains the same recipe with TensorFlow.js on the same series.
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Recurrent.Samples.Forecasting
{
    internal static class SeriesExport
    {
        public static void Write(string path, IReadOnlyDictionary<string, TrainingRecipe> recipes, IReadOnlyList<DrawResult> draws)
        {
            using var stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            json.WriteStartObject();
            json.WriteString("generator", "Samples~/Forecasting --export");
            json.WriteString("formula", "x_t = sin(0.1 t) + 0.5 cos(0.05 t) + 0.1 * N(0, 1); noise: DeterministicRandom(noiseSeed).NextGaussian()");
            json.WriteNumber("window", ForecastSeries.Window);
            json.WriteNumber("horizon", 1);
            json.WriteNumber("trainFraction", ForecastSeries.TrainFraction);
            json.WriteNumber("noiseStd", ForecastSeries.NoiseStd);
            json.WriteString("counting", draws.Count > 0 && draws[0].Data.Counting == SampleCounting.SeriesLength ? "series-length" : "windows");
            json.WriteNumber("units", TrainingRecipe.Units);
            json.WriteNumber("batchSize", TrainingRecipe.BatchSize);
            json.WriteStartObject("recipes");
            foreach (var pair in recipes) json.WriteString(pair.Key, pair.Value.Describe(pair.Key));
            json.WriteEndObject();
            foreach (var pair in recipes)
            {
                json.WriteNumber("epochs", pair.Value.Epochs);   // the same for every model
                break;
            }
            json.WriteStartArray("draws");
            foreach (var d in draws)
            {
                json.WriteStartObject();
                json.WriteNumber("noiseSeed", d.Data.NoiseSeed);
                json.WriteNumber("trainCount", d.Data.TrainCount);
                json.WriteNumber("testCount", d.Data.TestCount);
                json.WriteStartObject("references");
                json.WriteNumber("oracle", d.Oracle);
                json.WriteNumber("phaseFit", d.PhaseFit);
                json.WriteNumber("linearAr", d.LinearAr);
                json.WriteEndObject();
                json.WriteStartObject("recurrent");
                foreach (var run in d.Runs) json.WriteNumber(run.Kind, run.TestMse);
                json.WriteEndObject();
                Floats(json, "series", d.Data.Series);
                Floats(json, "clean", d.Data.Clean);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }

        // float32 values in their shortest round-trip form: a reader gets them back exactly with a float cast
        // (Math.fround in JavaScript).
        private static void Floats(Utf8JsonWriter json, string name, float[] values)
        {
            json.WriteStartArray(name);
            foreach (float v in values) json.WriteNumberValue(v);
            json.WriteEndArray();
        }
    }
}
