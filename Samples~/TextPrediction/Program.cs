// Character-level language model on tiny Shakespeare, trained on the device within a time budget: Embedding → LSTM →
// Dense(65) with truncated BPTT (stateful batches from CharSequenceDataset), validation nats/char printed against
// training time beside an in-sample bigram baseline; then the model is saved with its tokenizer, loaded back from the
// file and sampled through a TextPredictor session (the saved tokenizer applied exactly as in training).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Recurrent;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Samples.TextPrediction
{
    internal sealed class Settings
    {
        public string? Data;
        public double Minutes = 10;
        public double EvalEverySeconds = 30;
        public int Embedding = 64;
        public int Hidden = 256;
        public int Layers = 1;
        public int Batch = 32;
        public int Steps = 64;           // T: truncated-BPTT length
        public float LearningRate = 2e-3f;
        public float FinalLearningRateFraction = 0.05f;
        public float ClipNorm = 5f;
        public bool Stateful = true;
        public ulong Seed = 1;
        public int EvalWindows;          // 0 = the whole validation part
        public int SampleLength = 400;
        public float Temperature = 0.8f;
        public string? Save;             // model file path (default: char_lstm.rmodel in the temp folder)
    }

    internal static class Program
    {
        private const int EvalLength = 256;   // validation windows: 256 characters, each scored with its own prefix as context
        private const int EvalBatch = 64;
        private const int WarmUp = 1000;      // characters read by the sampling session before its prime

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
                Console.Error.WriteLine("tinyshakespeare.txt not found: pass --data PATH (looked in Tests/Fixtures~/text/ above the " +
                                        "current and program folders, and /work/shared/data/text/).");
                return 1;
            }
            Console.WriteLine($"Recurrent text prediction sample (.NET {Environment.Version}, {CpuFeatures.InstructionSet}, " +
                              $"{Environment.ProcessorCount} cores; training uses one thread)");
            Console.WriteLine($"load average at start: {LoadAverage()}");

            // 1. Data: the 65 distinct characters, first 90 % train, last 10 % validation (nanoGPT's shakespeare_char split).
            string text = File.ReadAllText(path);
            var tokenizer = CharTokenizer.Train(text);
            int[] tokens = tokenizer.Encode(text);
            int V = tokenizer.VocabularySize;
            int nTrain = (int)(tokens.Length * 0.9);
            int[] train = tokens.AsSpan(0, nTrain).ToArray();
            int[] val = tokens.AsSpan(nTrain).ToArray();
            Console.WriteLine($"data: {path}: {tokens.Length:N0} characters, vocabulary {V}; train {train.Length:N0}, validation {val.Length:N0}");

            // 2. Baselines computed here: unigram and add-one bigram on the training part, scored on validation.
            var (unigram, bigram) = NGramBaselines(train, val, V);
            Console.WriteLine($"baselines (validation nats/char): uniform {Math.Log(V):F3}, unigram {unigram:F3}, bigram (add-one) {bigram:F3}");

            // 3. The model: Embedding(V, E) → LSTM(H) × layers → Dense(V) logits; sparse cross-entropy from logits.
            var builder = ModelBuilder.ForTokens(V, s.Embedding, s.Seed);
            for (int l = 0; l < s.Layers; l++) builder.Lstm(s.Hidden, returnSequences: true);
            Model model = builder.Dense(V).Build("char_lstm");
            ForgetBiasOne(model);
            var optimizer = new Adam(s.LearningRate);
            var trainer = model.Compile(optimizer, new SparseCategoricalCrossEntropy(fromLogits: true),
                options: new TrainerOptions { ClipNorm = s.ClipNorm, Stateful = s.Stateful, Seed = s.Seed });
            Console.WriteLine($"model: Embedding({V}, {s.Embedding}) → {s.Layers}×LSTM({s.Hidden}) → Dense({V}); {model.ParameterCount:N0} parameters");
            Console.WriteLine($"training: B={s.Batch}, T={s.Steps}, {(s.Stateful ? "stateful truncated BPTT" : "random windows")}, Adam " +
                              $"lr {s.LearningRate:G3} cosine-decayed over the time budget to {s.LearningRate * s.FinalLearningRateFraction:G3}, " +
                              $"clip norm {s.ClipNorm}, budget {s.Minutes:G3} min (validation time included)");

            var order = s.Stateful ? CharSequenceOrder.Stateful : CharSequenceOrder.Random;
            var batches = new CharSequenceDataset(train, s.Batch, s.Steps, order, s.Seed);
            var inputs = new int[s.Batch * s.Steps];
            var targetIds = new int[s.Batch * s.Steps];
            var targets = new float[s.Batch * s.Steps];
            var batch = SequenceDataset.FromTokens(inputs, s.Batch, s.Steps, targets, 1, targetsPerStep: true);   // refilled in place
            var rows = new int[s.Batch];
            for (int b = 0; b < s.Batch; b++) rows[b] = b;
            var validation = EvalWindows(val, s.EvalWindows);
            Console.WriteLine($"validation: {validation.Count} windows of {EvalLength} characters ({validation.Count * EvalLength:N0} " +
                              "scored characters; each window starts without context)");
            Console.WriteLine();
            Console.WriteLine("  wall   train time   chars seen   epoch    lr       train loss   val nats/char   val bits/char");

            // 4. Train until the budget is spent; validate every EvalEverySeconds.
            double budget = s.Minutes * 60;
            var wall = Stopwatch.StartNew();
            var trainClock = new Stopwatch();
            var curve = new List<(double Wall, double Train, long Chars, double Val)>();
            double nextEval = s.EvalEverySeconds, runningLoss = 0;
            int runningCount = 0, epoch = 0, step = 0;
            long chars = 0;
            while (true)
            {
                double t = wall.Elapsed.TotalSeconds;
                if (t >= nextEval || t >= budget)
                {
                    double v = trainer.Evaluate(validation, EvalBatch)["loss"];
                    curve.Add((wall.Elapsed.TotalSeconds, trainClock.Elapsed.TotalSeconds, chars, v));
                    Console.WriteLine($"{wall.Elapsed.TotalSeconds,6:F0}s {trainClock.Elapsed.TotalSeconds,9:F0}s {chars,12:N0} " +
                                      $"{(double)chars / train.Length,7:F2}  {optimizer.LearningRate,8:G3}  {runningLoss / Math.Max(1, runningCount),10:F4}" +
                                      $"   {v,12:F4}   {v / Math.Log(2),12:F4}");
                    runningLoss = 0;
                    runningCount = 0;
                    while (nextEval <= wall.Elapsed.TotalSeconds) nextEval += s.EvalEverySeconds;
                    if (t >= budget) break;
                }
                if (step == 0 && s.Stateful) trainer.Graph.ResetStates();
                double progress = Math.Min(1, wall.Elapsed.TotalSeconds / budget);
                optimizer.LearningRate = (float)(s.LearningRate * (s.FinalLearningRateFraction +
                    (1 - s.FinalLearningRateFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
                batches.GetBatch(epoch, step, inputs, targetIds);
                for (int i = 0; i < targets.Length; i++) targets[i] = targetIds[i];
                trainClock.Start();
                double loss = trainer.TrainOnBatch(batch, rows);
                trainClock.Stop();
                if (!double.IsNaN(loss)) { runningLoss += loss; runningCount++; }
                chars += inputs.Length;
                if (++step == batches.BatchesPerEpoch) { step = 0; epoch++; }
            }
            double final = curve[curve.Count - 1].Val;
            Console.WriteLine();
            Console.WriteLine($"trained {wall.Elapsed.TotalMinutes:F1} min wall ({trainClock.Elapsed.TotalMinutes:F1} min in TrainOnBatch, " +
                              $"{chars / trainClock.Elapsed.TotalSeconds:N0} chars/s), {(double)chars / train.Length:F2} epochs, " +
                              $"{trainer.NonFiniteSteps} skipped steps; load average now {LoadAverage()}");

            // 5. The validation part read continuously (state carried across windows) by a 64-row streaming session.
            var published = trainer.Publish();
            double continuous = StreamingValidation(published, val, 64);
            Console.WriteLine();
            Console.WriteLine("Validation nats/char (last 10 % of the text):");
            Console.WriteLine($"  uniform over {V}                     {Math.Log(V):F3}");
            Console.WriteLine($"  unigram                              {unigram:F3}");
            Console.WriteLine($"  bigram (add-one, in-sample)          {bigram:F3}");
            Console.WriteLine($"  LSTM, {EvalLength}-char windows            {final:F3}   ({final / Math.Log(2):F3} bits/char) after {wall.Elapsed.TotalMinutes:F1} min");
            Console.WriteLine($"  LSTM, continuous (64 streams)        {continuous:F3}   ({continuous / Math.Log(2):F3} bits/char)");
            double? firstUnder = null;
            foreach (var c in curve) if (c.Val <= 1.75) { firstUnder = c.Wall; break; }
            Console.WriteLine(firstUnder.HasValue
                ? $"  target ≤ 1.75 nats/char first reached after {firstUnder.Value / 60:F1} min wall"
                : "  target ≤ 1.75 nats/char not reached in this run");

            // 6. Save the model with its tokenizer, load the file back and sample through a TextPredictor: the app side
            //    needs nothing but the file (vocabulary and weights travel together, and are checked to fit on load).
            string modelPath = s.Save ?? Path.Combine(Path.GetTempPath(), "char_lstm.rmodel");
            ModelFile.Save(model.WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() }), modelPath,
                new ModelFileOptions { Metadata = new Dictionary<string, string> { ["training.val_nats_per_char"] = final.ToString("F4", CultureInfo.InvariantCulture) } });
            var predictor = new TextPredictor(ModelFile.Load(modelPath).Model);
            Console.WriteLine();
            Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length:N0} bytes) with its {predictor.VocabularySize}-character tokenizer, " +
                              "loaded it back into a TextPredictor.");
            Console.WriteLine($"Sample (temperature {s.Temperature}; the session first reads the last {WarmUp:N0} training characters, " +
                              "then \"ROMEO:\"):");
            Console.WriteLine(Generate(predictor, tokenizer.Decode(train.AsSpan(train.Length - WarmUp)), "\n\nROMEO:", s.SampleLength,
                s.Temperature, s.Seed).TrimStart('\n'));
            return 0;
        }

        /// <summary>Non-overlapping windows of the validation stream: inputs [N, L], next-character targets [N, L].</summary>
        private static SequenceDataset EvalWindows(int[] val, int limit)
        {
            int n = (val.Length - 1) / EvalLength;
            if (limit > 0) n = Math.Min(n, limit);
            var x = new int[n * EvalLength];
            var y = new float[n * EvalLength];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = val[i];
                y[i] = val[i + 1];
            }
            return SequenceDataset.FromTokens(x, n, EvalLength, y, 1, targetsPerStep: true);
        }

        /// <summary>Mean −ln p(next) over the validation text cut into <paramref name="streams"/> contiguous streams.</summary>
        private static double StreamingValidation(InferenceModel model, int[] val, int streams)
        {
            var session = model.CreateSession(streams);
            int V = model.OutputSize, length = (val.Length - 1) / streams;
            var step = new int[streams];
            var logits = new float[streams * V];
            double total = 0;
            for (int t = 0; t < length; t++)
            {
                for (int b = 0; b < streams; b++) step[b] = val[b * length + t];
                session.Step(step, logits);
                for (int b = 0; b < streams; b++)
                {
                    var row = logits.AsSpan(b * V, V);
                    float max = float.NegativeInfinity;
                    foreach (float v in row) max = Math.Max(max, v);
                    double sum = 0;
                    foreach (float v in row) sum += Math.Exp(v - max);
                    total += max + Math.Log(sum) - row[val[b * length + t + 1]];
                }
            }
            return total / ((double)length * streams);
        }

        /// <summary>
        /// Temperature sampling through a <see cref="TextPredictionSession"/>, one character per Append. The session first
        /// reads <paramref name="warmUp"/>: a model trained with carried (stateful) state has rarely seen the all-zero start
        /// state, and from it an unusual prefix such as "ROMEO:" can lead to nonsense that feeds on itself; real context
        /// puts the state where training left it. p^(1/T), renormalised, is softmax(logits / T).
        /// </summary>
        private static string Generate(TextPredictor predictor, string warmUp, string prime, int length, float temperature, ulong seed)
        {
            TextPredictionSession session = predictor.CreateSession();
            var rng = new DeterministicRandom(seed);
            var weights = new double[predictor.VocabularySize];
            var text = new System.Text.StringBuilder(prime);
            session.Append(warmUp);
            session.Append(prime);
            for (int i = 0; i < length; i++)
            {
                ReadOnlySpan<float> p = session.Probabilities;
                double sum = 0;
                for (int k = 0; k < weights.Length; k++) sum += weights[k] = Math.Pow(p[k], 1.0 / temperature);
                double u = rng.NextFloat() * sum;
                int next = weights.Length - 1;
                for (int k = 0; k < weights.Length; k++)
                {
                    u -= weights[k];
                    if (u < 0) { next = k; break; }
                }
                string token = predictor.GetToken(next);
                text.Append(token);
                session.Append(token);
            }
            return text.ToString();
        }

        /// <summary>Unigram and add-one bigram models fitted on train, in nats/char on validation.</summary>
        private static (double Unigram, double Bigram) NGramBaselines(int[] train, int[] val, int V)
        {
            var uni = new double[V];
            var bi = new double[V * V];
            foreach (int t in train) uni[t]++;
            for (int i = 1; i < train.Length; i++) bi[train[i - 1] * V + train[i]]++;
            var rowSum = new double[V];
            for (int a = 0; a < V; a++)
                for (int b = 0; b < V; b++) rowSum[a] += bi[a * V + b];
            double u = 0, g = 0;
            for (int i = 1; i < val.Length; i++)
            {
                u -= Math.Log((uni[val[i]] + 1) / (train.Length + V));
                g -= Math.Log((bi[val[i - 1] * V + val[i]] + 1) / (rowSum[val[i - 1]] + V));
            }
            return (u / (val.Length - 1), g / (val.Length - 1));
        }

        /// <summary>Forget-gate bias 1 (Keras unit_forget_bias, Jozefowicz et al. 2015); the other weights keep ModelBuilder's PyTorch init.</summary>
        private static void ForgetBiasOne(Model model)
        {
            foreach (var layer in model.Layers)
                if (layer is RecurrentLayer r && r.B != null && r.Cell == Ops.RecurrentCellKind.Lstm)
                {
                    int H = r.HiddenSize;
                    r.B.Data.AsSpan(2 * H, H).Fill(1f);         // ONNX gate order i, o, f, c: Wb's forget block
                    r.B.Data.AsSpan(4 * H + 2 * H, H).Clear();  // Rb's forget block: the sum is 1
                }
        }

        private static string? FindData(string? given)
        {
            if (given != null) return File.Exists(given) ? given : null;
            const string relative = "Tests/Fixtures~/text/tinyshakespeare.txt";
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, relative);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            const string shared = "/work/shared/data/text/tinyshakespeare.txt";
            return File.Exists(shared) ? shared : null;
        }

        private static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (IOException) { return "n/a"; }
            catch (UnauthorizedAccessException) { return "n/a"; }
        }

        private static Settings? Parse(string[] args)
        {
            var s = new Settings();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
                double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
                switch (a)
                {
                    case "--data": s.Data = Value(); break;
                    case "--minutes": s.Minutes = Number(); break;
                    case "--quick":
                        s.Minutes = 1;
                        s.EvalEverySeconds = 15;
                        s.EvalWindows = 64;
                        s.SampleLength = 200;
                        break;
                    case "--eval-every": s.EvalEverySeconds = Number(); break;
                    case "--eval-windows": s.EvalWindows = (int)Number(); break;
                    case "--embedding": s.Embedding = (int)Number(); break;
                    case "--hidden": s.Hidden = (int)Number(); break;
                    case "--layers": s.Layers = (int)Number(); break;
                    case "--batch": s.Batch = (int)Number(); break;
                    case "--steps": s.Steps = (int)Number(); break;
                    case "--lr": s.LearningRate = (float)Number(); break;
                    case "--final-lr-fraction": s.FinalLearningRateFraction = (float)Number(); break;
                    case "--clip": s.ClipNorm = (float)Number(); break;
                    case "--random-windows": s.Stateful = false; break;
                    case "--seed": s.Seed = (ulong)Number(); break;
                    case "--temperature": s.Temperature = (float)Number(); break;
                    case "--sample-length": s.SampleLength = (int)Number(); break;
                    case "--save": s.Save = Value(); break;
                    case "-h":
                    case "--help":
                        Console.WriteLine(Usage);
                        return null;
                    default: throw new ArgumentException($"Unknown option '{a}'.\n{Usage}");
                }
            }
            return s;
        }

        private const string Usage =
@"TextPrediction [options]
  --data PATH            tinyshakespeare.txt (default: Tests/Fixtures~/text/ or /work/shared/data/text/)
  --minutes M            wall-clock training budget, validation included (default 10)
  --quick                1-minute smoke run (validation on 64 windows every 15 s)
  --eval-every S         seconds between validations (default 30)
  --eval-windows N       validate on the first N windows of 256 characters (default: all)
  --embedding E --hidden H --layers L --batch B --steps T
                         model and batch shape (defaults 64, 256, 1, 32, 64)
  --lr LR                initial Adam learning rate (default 2e-3), cosine-decayed over the budget
  --final-lr-fraction F  learning rate at the end of the budget, as a fraction of LR (default 0.05)
  --clip C               gradient clipping by global norm (default 5)
  --random-windows       random windows, state reset every batch (default: stateful truncated BPTT)
  --seed N, --temperature T, --sample-length N
  --save PATH            where to save the model file with its tokenizer (default: char_lstm.rmodel in the temp folder)";
    }
}
