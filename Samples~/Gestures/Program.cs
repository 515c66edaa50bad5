// Gesture classification on the $N multistroke corpus (MMG, Anthony & Wobbrock 2012), trained on the device:
// strokes → 64 resampled points of (dx, dy, pen) → GRU → Dense → Softmax; tested on held-out subjects, with a
// confusion summary, point-by-point streaming recognition of one gesture, and few-shot addition of a new class.
// Loading and preprocessing are Runtime/Data's (MmgCorpus, StrokePreprocessor); the few-shot part (FewShotDemo.cs) uses
// the library's head surgery (Recurrent.Training.FewShot) and background training (Trainer.FitAsync).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Recurrent;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Samples.Gestures
{
    internal sealed class Settings
    {
        public string? Data;
        public int Epochs = 30;
        public int Hidden = 64;
        public int Batch = 32;
        public float LearningRate = 2e-3f;
        public string Cell = "gru";
        public string NewClass = "pitchfork";   // left out of base training, added later from a few examples
        public int Shots = 5;
        public int FineTuneEpochs = 30;
        public float FineTuneLearningRate = 1e-2f;
        public ulong Seed = 1;
        public bool Quick;
    }

    internal static class Program
    {
        // Held-out subjects: two finger users and two stylus users (ids from the corpus README). The other 16 train.
        private static readonly string[] s_testSubjects = { "94", "99", "95", "98" };
        internal const int Points = 64;       // T: resampled points per gesture
        internal const int Features = 3;      // I: dx, dy, pen

        private static int Main(string[] args)
        {
            Settings? parsed;
            try { parsed = Parse(args); }
            catch (Exception e) when (e is ArgumentException || e is FormatException) { Console.Error.WriteLine(e.Message); return 2; }
            if (parsed is null) return 0;
            Settings s = parsed;
            string? path = FindData(s.Data);
            if (path == null)
            {
                Console.Error.WriteLine("MMG corpus not found: pass --data PATH (a folder of *.xml or mmg.tar.gz; looked in " +
                                        "Tests/Fixtures~/gestures/mmg/ above the current and program folders, and /work/shared/data/gestures/mmg/).");
                return 1;
            }
            Console.WriteLine($"Recurrent gesture sample (.NET {Environment.Version}, {CpuFeatures.InstructionSet}, {Environment.ProcessorCount} cores)");

            // 1. Load and preprocess: arc-length resampling to 64 points, the $N gesture frame (centroid at the origin,
            //    bounding box scaled to 1), features dx, dy, pen per point.
            var clock = Stopwatch.StartNew();
            MmgCorpus corpus = MmgCorpus.Load(path);
            var preprocessor = new StrokePreprocessor(new StrokeSettings
            {
                Resample = StrokeResampleMode.ArcLength,
                Points = Points,
                Normalization = StrokeNormalization.Gesture,
                ScaleMode = StrokeScaleMode.BoundingBox,
                Features = new List<string> { "dx", "dy", "pen" },
            });
            var labels = corpus.Labels.ToList();
            Console.WriteLine($"corpus: {path}: {corpus.Samples.Count} gestures, {labels.Count} classes, {corpus.Subjects.Count} subjects " +
                              $"(loaded in {clock.Elapsed.TotalSeconds:F1} s)");
            clock.Restart();
            var test = corpus.Samples.Where(g => s_testSubjects.Contains(g.Subject)).ToList();
            var trainAll = corpus.Samples.Where(g => !s_testSubjects.Contains(g.Subject)).ToList();
            if (s.Quick)
            {
                trainAll = trainAll.Where((g, i) => i % 4 == 0).ToList();
                test = test.Where((g, i) => i % 2 == 0).ToList();
            }

            // 2. Base model: every class but the new one, trained on 16 subjects; tested on the 4 held-out subjects.
            int newId = labels.IndexOf(s.NewClass);
            if (newId < 0) { Console.Error.WriteLine($"No class '{s.NewClass}'. Classes: {string.Join(", ", labels)}"); return 2; }
            var baseLabels = labels.Where(l => l != s.NewClass).ToList();
            var baseTrain = trainAll.Where(g => g.Label != s.NewClass).ToList();
            var baseTest = test.Where(g => g.Label != s.NewClass).ToList();
            var trainSet = Encode(preprocessor, baseTrain, baseLabels);
            var testSet = Encode(preprocessor, baseTest, baseLabels);
            Console.WriteLine($"split by subject: train subjects {string.Join(",", corpus.Subjects.Except(s_testSubjects))} " +
                              $"({baseTrain.Count} gestures), test subjects {string.Join(",", s_testSubjects)} ({baseTest.Count} gestures); " +
                              $"'{s.NewClass}' is left out for the few-shot part; preprocessing took {clock.Elapsed.TotalSeconds:F1} s");

            var builder = new ModelBuilder(inputFeatures: Features, seed: s.Seed);
            if (s.Cell == "lstm") builder.Lstm(s.Hidden, returnSequences: false);
            else builder.Gru(s.Hidden, returnSequences: false);
            // The stroke settings and class names travel with the model (saved in its file, applied by GestureRecognizer).
            Model model = builder.Dense(baseLabels.Count).Softmax().Build("gestures",
                new PreprocessingSettings { Stroke = preprocessor.Describe(), Labels = baseLabels.ToList() });
            string recurrentName = model.Layers[0].Name;
            var trainer = model.Compile(new Adam(s.LearningRate), new SparseCategoricalCrossEntropy(),
                new Metric[] { new Accuracy() }, new TrainerOptions { Seed = s.Seed, ClipNorm = 5f });
            Console.WriteLine($"model: {recurrentName}({s.Hidden}) → Dense({baseLabels.Count}) → Softmax, {model.ParameterCount:N0} parameters; " +
                              $"Adam {s.LearningRate:G3}, batch {s.Batch}, {s.Epochs} epochs, clip norm 5");
            Console.WriteLine("(val = the held-out subjects, printed only: no early stopping or model choice uses it)");
            clock.Restart();
            trainer.Fit(trainSet, s.Epochs, s.Batch, validation: testSet, callbacks: new TrainingCallback[] { new EpochPrinter() });
            double trainSeconds = clock.Elapsed.TotalSeconds;
            var eval = trainer.Evaluate(testSet);
            double baseAccuracy = eval["accuracy"];
            Console.WriteLine($"test accuracy on held-out subjects: {baseAccuracy:P2} ({baseLabels.Count} classes, {testSet.Count} gestures; " +
                              $"trained in {trainSeconds:F0} s)");

            // 3. Confusion summary on the test subjects.
            float[] probs = trainer.Predict(testSet);
            int C = baseLabels.Count;
            var confusion = new int[C, C];
            for (int i = 0; i < testSet.Count; i++) confusion[(int)testSet.Targets[i], ArgMax(probs.AsSpan(i * C, C))]++;
            PrintConfusion(confusion, baseLabels);

            // 3b. Save the model with its preprocessing, load the file back and recognise the raw test strokes through
            //     GestureRecognizer, which applies the saved stroke settings: the same predictions as the training pipeline.
            SaveAndReload(model, baseTest, probs, C);

            // 4. Streaming: one held-out gesture fed point by point to a StreamingSession; top class at 25/50/75/100 %.
            var inference = trainer.Publish();
            StreamingDemo(inference, preprocessor, baseTest, baseLabels, s.Seed);

            // 5. Few-shot: add the left-out class from a handful of examples by growing the head and fine-tuning only it,
            //    in the background while a streaming session keeps recognising with the published weights.
            FewShotDemo.Run(model, preprocessor, baseLabels, trainAll, test, s);
            Console.WriteLine();
            Console.WriteLine($"Summary: base test accuracy {baseAccuracy:P2} on subjects {string.Join(",", s_testSubjects)} " +
                              $"({baseLabels.Count} classes); few-shot results above.");
            return 0;
        }

        private static void SaveAndReload(Model model, IReadOnlyList<GestureSample> test, float[] trainerProbabilities, int classes)
        {
            string file = Path.Combine(Path.GetTempPath(), $"recurrent-gestures-{Environment.ProcessId}.rmodel");
            try
            {
                ModelFile.Save(model, file);
                var recognizer = new GestureRecognizer(ModelFile.Load(file).Model);
                var p = new float[classes];
                int same = 0, correct = 0;
                double maxDiff = 0;
                for (int i = 0; i < test.Count; i++)
                {
                    recognizer.Recognize(test[i].Points, p);
                    var expected = trainerProbabilities.AsSpan(i * classes, classes);
                    for (int c = 0; c < classes; c++) maxDiff = Math.Max(maxDiff, Math.Abs(p[c] - expected[c]));
                    int best = ArgMax(p);
                    if (best == ArgMax(expected)) same++;
                    if (recognizer.Labels[best] == test[i].Label) correct++;
                }
                Console.WriteLine($"saved {new FileInfo(file).Length / 1024.0:F1} KiB with its stroke settings and {recognizer.ClassCount} labels; " +
                                  $"reloaded GestureRecognizer on raw strokes: {correct * 1.0 / test.Count:P2} accuracy, " +
                                  $"{same}/{test.Count} top classes as before saving, max probability difference {maxDiff:G2}");
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>Features [N, 64, 3] and class ids of the given gestures (label order = <paramref name="classes"/>).</summary>
        internal static SequenceDataset Encode(StrokePreprocessor preprocessor, IReadOnlyList<GestureSample> samples, IList<string> classes)
        {
            int stride = Points * Features;
            var x = new float[samples.Count * stride];
            var y = new float[samples.Count];
            for (int i = 0; i < samples.Count; i++)
            {
                preprocessor.Process(samples[i]).AsSpan(0, stride).CopyTo(x.AsSpan(i * stride, stride));
                y[i] = classes.IndexOf(samples[i].Label);
            }
            return SequenceDataset.FromFeatures(x, samples.Count, Points, Features, y, 1);
        }

        internal static int ArgMax(ReadOnlySpan<float> v)
        {
            int best = 0;
            for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
            return best;
        }

        private static void PrintConfusion(int[,] confusion, IList<string> labels)
        {
            int C = labels.Count;
            Console.WriteLine("per-class test accuracy:");
            var line = new List<string>();
            for (int c = 0; c < C; c++)
            {
                int total = 0;
                for (int p = 0; p < C; p++) total += confusion[c, p];
                line.Add($"{labels[c]} {(total == 0 ? 0 : (double)confusion[c, c] / total):P0}");
                if (line.Count == 6 || c == C - 1) { Console.WriteLine("  " + string.Join(", ", line)); line.Clear(); }
            }
            var pairs = new List<(int Count, string Text)>();
            for (int a = 0; a < C; a++)
                for (int b = 0; b < C; b++)
                    if (a != b && confusion[a, b] > 0) pairs.Add((confusion[a, b], $"{labels[a]} → {labels[b]}"));
            Console.WriteLine("most confused (true → predicted: count):");
            foreach (var p in pairs.OrderByDescending(p => p.Count).Take(6)) Console.WriteLine($"  {p.Text}: {p.Count}");
        }

        private static void StreamingDemo(InferenceModel inference, StrokePreprocessor preprocessor, List<GestureSample> test,
            IList<string> labels, ulong seed)
        {
            var sample = test[new DeterministicRandom(seed + 7).NextInt(test.Count)];
            float[] features = preprocessor.Process(sample);
            var session = inference.CreateSession();
            var output = new float[labels.Count];
            Console.WriteLine();
            Console.WriteLine($"Streaming one held-out gesture: '{sample.Label}' by subject {sample.Subject} ({sample.InputType}, {sample.Speed}, " +
                              $"{sample.StrokeCount} strokes), {Points} resampled points fed one per Step:");
            for (int t = 0; t < Points; t++)
            {
                session.Step(features.AsSpan(t * Features, Features), output);
                int done = t + 1;
                if (done * 4 % Points == 0)
                {
                    var top = Enumerable.Range(0, labels.Count).OrderByDescending(k => output[k]).Take(3)
                        .Select(k => $"{labels[k]} {output[k]:P0}");
                    Console.WriteLine($"  after {done * 100 / Points,3}% ({done,2} points): {string.Join(", ", top)}");
                }
            }
            Console.WriteLine("  (the gesture frame is computed from the finished gesture, as the $N recogniser does; for input that is");
            Console.WriteLine("   still being drawn use StreamingSafe StrokeSettings with StrokeFeatureStream, and train on the same settings)");
        }

        private sealed class EpochPrinter : TrainingCallback
        {
            public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs) =>
                Console.WriteLine($"  epoch {epoch + 1,3}: loss {logs["loss"]:F4} acc {logs["accuracy"]:P1}  " +
                                  $"val loss {logs["val_loss"]:F4} val acc {logs["val_accuracy"]:P1}");
        }

        private static string? FindData(string? given)
        {
            if (given != null) return File.Exists(given) || Directory.Exists(given) ? given : null;
            const string relative = "Tests/Fixtures~/gestures/mmg/mmg.tar.gz";
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, relative);
                    if (File.Exists(candidate)) return candidate;
                }
            const string shared = "/work/shared/data/gestures/mmg/mmg.tar.gz";
            return File.Exists(shared) ? shared : null;
        }

        private static Settings? Parse(string[] args)
        {
            var s = new Settings();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
                int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
                switch (a)
                {
                    case "--data": s.Data = Value(); break;
                    case "--epochs": s.Epochs = Int(); break;
                    case "--hidden": s.Hidden = Int(); break;
                    case "--batch": s.Batch = Int(); break;
                    case "--lr": s.LearningRate = float.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--cell": s.Cell = Value().ToLowerInvariant(); break;
                    case "--new-class": s.NewClass = Value(); break;
                    case "--shots": s.Shots = Int(); break;
                    case "--finetune-epochs": s.FineTuneEpochs = Int(); break;
                    case "--finetune-lr": s.FineTuneLearningRate = float.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seed": s.Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--quick": s.Quick = true; s.Epochs = 5; break;
                    case "-h":
                    case "--help":
                        Console.WriteLine(Usage);
                        return null;
                    default: throw new ArgumentException($"Unknown option '{a}'.\n{Usage}");
                }
            }
            if (s.Cell != "gru" && s.Cell != "lstm") throw new ArgumentException("--cell is gru or lstm.");
            return s;
        }

        private const string Usage =
@"Gestures [options]
  --data PATH          MMG corpus: a folder of *.xml or mmg.tar.gz (default: Tests/Fixtures~/gestures/mmg/ or /work/shared/data/gestures/mmg/)
  --epochs N           base training epochs (default 30)
  --cell gru|lstm      recurrent layer (default gru), --hidden H (default 64)
  --batch B, --lr LR   (defaults 32, 2e-3)
  --new-class NAME     the class left out of base training and added few-shot (default pitchfork)
  --shots K            examples of the new class used for it (default 5)
  --finetune-epochs N  head fine-tuning epochs (default 30)
  --finetune-lr LR     head fine-tuning Adam learning rate (default 1e-2)
  --seed N
  --quick              a quarter of the training data, 5 epochs (smoke run)";
    }
}
