// One-step-ahead forecasting of a noisy periodic series with SimpleRNN, LSTM and GRU trained on the device
// (Trainer.Fit), scored on the last 20 % of the series against a least-squares linear autoregression on the same lags.
// Data prep uses Runtime/Data (Windowing); the baseline's solver is LinearAutoregression in this folder.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Recurrent;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Training;

namespace Recurrent.Samples.Forecasting
{
    internal static class Program
    {
        private const int Samples = 1000;          // windows
        private const int Window = 50;             // T: lags per window
        private const double TrainFraction = 0.8;  // first 800 windows train, last 200 test (time order)
        private const float NoiseStd = 0.1f;       // noise floor of the one-step MSE = 0.01
        private const int Units = 32;
        private const int BatchSize = 32;
        private const ulong Seed = 1;

        private static int Main(string[] args)
        {
            int epochs = 20;
            string which = "all";
            bool keras = true;
            float learningRate = 0.001f;
            ulong modelSeed = Seed;
            bool cosine = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--epochs" when i + 1 < args.Length: epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--model" when i + 1 < args.Length: which = args[++i].ToLowerInvariant(); break;
                    case "--lr" when i + 1 < args.Length: learningRate = float.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--seed" when i + 1 < args.Length: modelSeed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--cosine": cosine = true; break;
                    case "--init" when i + 1 < args.Length: keras = args[++i].ToLowerInvariant() != "pytorch"; break;
                    case "-h":
                    case "--help":
                        Console.WriteLine("Forecasting [--epochs N (20)] [--model rnn|lstm|gru|all (all)] [--lr LR (1e-3)] [--cosine] [--init keras|pytorch (keras)] [--seed N (1)]");
                        return 0;
                    default:
                        Console.Error.WriteLine($"Unknown option '{args[i]}'. Try --help.");
                        return 2;
                }
            }
            string[] kinds = which == "all" ? new[] { "rnn", "lstm", "gru" } : new[] { which };
            foreach (var k in kinds)
                if (k != "rnn" && k != "lstm" && k != "gru") { Console.Error.WriteLine($"Unknown model '{k}'."); return 2; }

            Console.WriteLine($"Recurrent forecasting sample (.NET {Environment.Version}, {CpuFeatures.InstructionSet}, " +
                              $"{Environment.ProcessorCount} cores)");

            // 1. The series: x_t = sin(0.1 t) + 0.5 cos(0.05 t) + 0.1·N(0, 1), seeded. 1000 windows of 50 lags need 1050 points.
            int n = Samples + Window;
            var series = new float[n];
            var noise = new float[n];
            var random = new DeterministicRandom(Seed);
            for (int t = 0; t < n; t++)
            {
                noise[t] = NoiseStd * random.NextGaussian();
                series[t] = MathF.Sin(0.1f * t) + 0.5f * MathF.Cos(0.05f * t) + noise[t];
            }

            // 2. Windows: inputs x[s .. s+50), target x[s+50]. The first 80 % of windows (by time) train, the last 20 %
            //    test: every test target lies after every training target. Shuffling happens only inside the train part.
            WindowedSeries windows = Windowing.Create(series, featureCount: 1, windowLength: Window, horizon: 1);
            int trainCount = (int)(windows.SampleCount * TrainFraction);
            int testCount = windows.SampleCount - trainCount;
            var all = SequenceDataset.FromFeatures(windows.Inputs, windows.SampleCount, Window, 1, windows.Targets, 1);
            SequenceDataset train = all.Slice(0, trainCount);
            SequenceDataset test = all.Slice(trainCount, testCount);
            Console.WriteLine($"series: {n} points; {windows.SampleCount} windows of {Window} → next value; " +
                              $"train {trainCount} (targets t = {Window}..{Window + trainCount - 1}), " +
                              $"test {testCount} (t = {Window + trainCount}..{n - 1})");
            // The best any forecaster can do is to predict the clean signal: its MSE is the mean squared noise of the
            // test targets (the noise floor of this particular draw; 0.01 in expectation).
            double oracle = 0;
            for (int t = Window + trainCount; t < n; t++) oracle += noise[t] * noise[t];
            oracle /= testCount;
            Console.WriteLine($"noise floor: σ² = {NoiseStd * NoiseStd:F4}; this draw's test noise (clean-signal oracle MSE) {oracle:F4}");

            // 3. Baseline: linear autoregression on the same 50 lags (+ intercept), least squares on the train windows.
            var ar = LinearAutoregression.Fit(train.Inputs!, train.Targets, trainCount, Window);
            double arTrain = ar.MeanSquaredError(train.Inputs!, train.Targets, trainCount);
            double arTest = ar.MeanSquaredError(test.Inputs!, test.Targets, testCount);
            Console.WriteLine($"linear AR({Window}) least squares: train MSE {arTrain:F4}, test MSE {arTest:F4}");
            double phaseFit = PhaseFitMse(test.Inputs!, test.Targets, testCount);
            Console.WriteLine($"formula-aware reference (knows the generating formula, fits only its phase to each window): test MSE {phaseFit:F4}");
            Console.WriteLine();

            // 4. The recurrent models: same data, same schedule. The held-out 20 % is passed as Fit's validation set only
            //    to print the per-epoch curve; nothing (no early stopping, no model choice) is decided on it.
            var results = new List<(string Name, TrainingHistory History, double TestMse, double Seconds, long Parameters)>();
            foreach (var kind in kinds)
            {
                Model model = Build(kind, modelSeed);
                if (keras) KerasInitialization.Apply(model, modelSeed);
                var trainer = model.Compile(new Adam(learningRate), new MeanSquaredError(), options: new TrainerOptions
                {
                    Seed = modelSeed,
                    Schedule = cosine ? new CosineDecay(learningRate, (long)epochs * ((trainCount + BatchSize - 1) / BatchSize)) : null,
                });
                Console.WriteLine($"{Label(kind)}({Units}{(kind == "rnn" ? ", relu" : "")}) + Dense(1): {model.ParameterCount} parameters, Adam({learningRate:G3}), {epochs} epochs, batch {BatchSize}, " +
                                  $"{(keras ? "Keras" : "PyTorch")} initialisation");
                var clock = Stopwatch.StartNew();
                var history = trainer.Fit(train, epochs, BatchSize, validation: test,
                    callbacks: new TrainingCallback[] { new EpochPrinter() });
                clock.Stop();
                double testMse = trainer.Evaluate(test)["loss"];
                Console.WriteLine($"  {Label(kind)} test MSE {testMse:F4}  ({clock.Elapsed.TotalSeconds:F1} s)");
                Console.WriteLine();
                results.Add((Label(kind), history, testMse, clock.Elapsed.TotalSeconds, model.ParameterCount));
            }

            // 5. Loss curves side by side, then the summary.
            Console.WriteLine("Per-epoch MSE (train = mean over the epoch's batches, as Keras prints; val = the test part)");
            var header = new List<string> { "epoch" };
            foreach (var r in results) { header.Add(r.Name + " train"); header.Add(r.Name + " val"); }
            Console.WriteLine(string.Join("  ", header.ConvertAll(h => h.PadLeft(12))));
            for (int e = 0; e < epochs; e++)
            {
                var cells = new List<string> { (e + 1).ToString(CultureInfo.InvariantCulture) };
                foreach (var r in results)
                {
                    cells.Add(r.History.Values("loss")[e].ToString("F4", CultureInfo.InvariantCulture));
                    cells.Add(r.History.Values("val_loss")[e].ToString("F4", CultureInfo.InvariantCulture));
                }
                Console.WriteLine(string.Join("  ", cells.ConvertAll(c => c.PadLeft(12))));
            }
            Console.WriteLine();
            Console.WriteLine("Test MSE (200 held-out windows, last 20 % of the series)");
            Console.WriteLine($"  noise floor σ²       {NoiseStd * NoiseStd:F4}");
            Console.WriteLine($"  clean-signal oracle  {oracle:F4}   (this draw's test noise)");
            Console.WriteLine($"  formula-aware ref.   {phaseFit:F4}   (knows the formula, fits the phase)");
            Console.WriteLine($"  linear AR({Window})        {arTest:F4}");
            foreach (var r in results)
                Console.WriteLine($"  {r.Name,-9} {r.TestMse:F4}   {(r.TestMse / arTest - 1) * 100,+6:+0.0;-0.0} % vs AR   " +
                                  $"({r.Parameters} parameters, trained in {r.Seconds:F1} s)");
            return 0;
        }

        private static Model Build(string kind, ulong seed)
        {
            var builder = new ModelBuilder(inputFeatures: 1, seed: seed);
            switch (kind)
            {
                case "rnn": builder.SimpleRnn(Units, ActivationKind.Relu, returnSequences: false); break;
                case "lstm": builder.Lstm(Units, returnSequences: false); break;
                default: builder.Gru(Units, returnSequences: false); break;
            }
            return builder.Dense(1).Build(kind);
        }

        /// <summary>
        /// A reference no learned model can beat in expectation: it knows f(t) = sin(0.1 t) + 0.5 cos(0.05 t) and fits
        /// only the offset τ of each window by least squares (grid of 0.01 over one period of 40π), then predicts f(τ + T).
        /// </summary>
        private static double PhaseFitMse(float[] windows, float[] targets, int count)
        {
            static double F(double t) => Math.Sin(0.1 * t) + 0.5 * Math.Cos(0.05 * t);
            double period = 40 * Math.PI, sum = 0;
            for (int s = 0; s < count; s++)
            {
                double bestTau = 0, bestErr = double.MaxValue;
                for (double tau = 0; tau < period; tau += 0.01)
                {
                    double err = 0;
                    for (int k = 0; k < Window && err < bestErr; k++)
                    {
                        double d = windows[s * Window + k] - F(tau + k);
                        err += d * d;
                    }
                    if (err < bestErr) { bestErr = err; bestTau = tau; }
                }
                double e = F(bestTau + Window) - targets[s];
                sum += e * e;
            }
            return sum / count;
        }

        private static string Label(string kind) => kind == "rnn" ? "SimpleRNN" : kind.ToUpperInvariant();

        /// <summary>One line per epoch while training.</summary>
        private sealed class EpochPrinter : TrainingCallback
        {
            public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs) =>
                Console.WriteLine($"  epoch {epoch + 1,3}: train {logs["loss"]:F4}  val {logs["val_loss"]:F4}");
        }
    }
}
