// The package's first demo: build a gesture classifier, recognise a stroke while it is being drawn, check the batch
// path against streaming, hand a session's state to another session, and predict the next character of a text.
// Models are built in code with seeded random weights; Samples~/Gestures, TextPrediction and Forecasting train them.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Recurrent;
using Recurrent.Core;

namespace Recurrent.Samples.QuickStart
{
    internal static class Program
    {
        private static readonly string[] s_gestures = { "circle", "swipe", "zigzag", "tap" };

        private const int StrokePoints = 48;   // T: points in the synthetic stroke
        private const int Features = 3;        // I: dx, dy, pen
        private const int ReportEvery = 8;     // print the running guess every few points
        private const int WarmupMilliseconds = 500;
        private const int TimingRounds = 5;
        private const int StepsPerRound = 4_000;

        private static int Main()
        {
            Console.WriteLine($"Recurrent QuickStart (.NET {Environment.Version}, CPU kernels: {CpuFeatures.InstructionSet})");
            Console.WriteLine("Note: every model here has random (seeded) weights, so its predictions mean nothing yet;");
            Console.WriteLine("      see Samples~/Gestures, TextPrediction and Forecasting for training, ModelFile/OnnxReader for loading.");

            // 1. A model is a chain of layers. InferenceModel packs the weights once and is shared, read-only, by every
            //    session and runner on every thread.
            Model model = new ModelBuilder(inputFeatures: Features, seed: 7)
                .Lstm(64, returnSequences: false)   // [B, T, 3] -> [B, 64]: only the last step feeds the classifier
                .Dense(s_gestures.Length)           // [B, 64] -> [B, 4]
                .Softmax()
                .Build("gestures");
            var inference = new InferenceModel(model);
            PrintModel(model);

            float[] stroke = Circle(StrokePoints);                  // [T, I]
            float[] streamed = StreamStroke(inference, stroke);     // [T, O]: the output after every point
            CompareWithBatch(inference, stroke, streamed);
            HandOverState(inference, stroke);
            PredictNextCharacter();
            return 0;
        }

        private static void PrintModel(Model model)
        {
            Header($"1. Gesture classifier '{model.Name}': {Features} features per point (dx, dy, pen) -> {s_gestures.Length} classes");
            foreach (Layer layer in model.Layers)
                Console.WriteLine($"   {layer.Name,-10} {layer.Describe(),-30} {layer.ParameterCount,8:N0} parameters");
            Console.WriteLine($"   {"total",-10} {"",-30} {model.ParameterCount,8:N0} parameters");
        }

        /// <summary>Feeds the stroke one point at a time, as a touch screen would, and times the steady state.</summary>
        private static float[] StreamStroke(InferenceModel inference, float[] stroke)
        {
            Header($"2. Recognising a stroke while it is drawn ({StrokePoints} points on a circle, one Step per point)");
            StreamingSession session = inference.CreateSession();   // one per touch / player / text field
            int O = inference.OutputSize;
            var probabilities = new float[O];                       // [B=1, O]
            var outputs = new float[StrokePoints * O];               // [T, O], kept for the comparisons below
            for (int t = 0; t < StrokePoints; t++)
            {
                session.Step(stroke.AsSpan(t * Features, Features), probabilities);
                probabilities.CopyTo(outputs, t * O);
                if ((t + 1) % ReportEvery == 0)
                {
                    int best = ArgMax(probabilities);
                    Console.WriteLine($"   after point {t + 1,2}: {s_gestures[best],-6} {Percent(probabilities[best]),6}   " +
                                      $"({string.Join("  ", s_gestures.Select((g, i) => $"{g} {Percent(probabilities[i])}"))})");
                }
            }

            // Steady state: new strokes on the same session (Reset between strokes), timed after a warm-up. The time is
            // the best of a few rounds (a busy machine slows some of them); the allocations are counted over all rounds.
            // Warm-up by time, not by count: the JIT recompiles hot methods fully optimised only after ~100 ms of steady calls.
            long warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency * WarmupMilliseconds / 1000;
            while (Stopwatch.GetTimestamp() < warmupEnd) RunSteps(session, stroke, probabilities, StrokePoints);
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long fastest = long.MaxValue;
            for (int round = 0; round < TimingRounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                RunSteps(session, stroke, probabilities, StepsPerRound);
                fastest = Math.Min(fastest, Stopwatch.GetTimestamp() - start);
            }
            long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            double microseconds = fastest * 1e6 / Stopwatch.Frequency / StepsPerRound;
            Console.WriteLine($"   {microseconds:F2} µs per step, {(double)bytes / (TimingRounds * StepsPerRound):0.##} bytes allocated per step " +
                              $"(best of {TimingRounds} rounds of {StepsPerRound:N0} steps, after {WarmupMilliseconds} ms of warm-up)");
            if (IsDebugBuild(typeof(Model).Assembly))
                Console.WriteLine("   (the runtime was built unoptimised (Debug), so this is several times slower: add -c Release to time it)");
            return outputs;
        }

        private static void RunSteps(StreamingSession session, float[] stroke, float[] output, int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                int t = s % StrokePoints;
                if (t == 0) session.Reset();   // a new stroke starts from zero state
                session.Step(stroke.AsSpan(t * Features, Features), output);
            }
        }

        /// <summary>
        /// Runs three prefixes of the stroke (16, 32 and 48 points) as one padded batch with per-row lengths, and checks
        /// each row against what the streaming session reported after that many points.
        /// </summary>
        private static void CompareWithBatch(InferenceModel inference, float[] stroke, float[] streamed)
        {
            Header("3. The same stroke through the batch runner (3 rows padded to T = 48, lengths 16, 32, 48)");
            int[] lengths = { 16, 32, StrokePoints };
            int B = lengths.Length, O = inference.OutputSize;
            var batch = new float[B * StrokePoints * Features];   // [B, T, I]; steps past a row's length are ignored
            for (int b = 0; b < B; b++)
                stroke.AsSpan(0, lengths[b] * Features).CopyTo(batch.AsSpan(b * StrokePoints * Features));

            BatchRunner runner = inference.CreateBatchRunner();       // one per thread; reuses its buffers
            var output = new float[runner.OutputLength(B, StrokePoints)];   // [B, O]: the model returns the last step only
            runner.Run(batch, B, StrokePoints, lengths, output);

            for (int b = 0; b < B; b++)
            {
                var row = output.AsSpan(b * O, O);
                double diff = MaxAbsDifference(row, streamed.AsSpan((lengths[b] - 1) * O, O));
                int best = ArgMax(row);
                Console.WriteLine($"   row {b} (length {lengths[b],2}): {s_gestures[best],-6} {Percent(row[best]),6}   " +
                                  $"max |batch - streaming| = {diff:G3}");
            }
        }

        /// <summary>Saves a session's state mid-stroke and continues the stroke in a second session.</summary>
        private static void HandOverState(InferenceModel inference, float[] stroke)
        {
            const int SavedAt = StrokePoints / 2;
            Header($"4. Saving the state after point {SavedAt} and restoring it into another session");
            StreamingSession first = inference.CreateSession();
            int O = inference.OutputSize;
            var out1 = new float[O];
            var out2 = new float[O];
            for (int t = 0; t < SavedAt; t++) first.Step(stroke.AsSpan(t * Features, Features), out1);

            var saved = new float[first.StateLength];   // h and c of every recurrent layer: a player's context
            first.GetState(saved);
            StreamingSession second = inference.CreateSession();
            second.SetState(saved);

            double diff = 0;
            for (int t = SavedAt; t < StrokePoints; t++)
            {
                first.Step(stroke.AsSpan(t * Features, Features), out1);
                second.Step(stroke.AsSpan(t * Features, Features), out2);
                diff = Math.Max(diff, MaxAbsDifference(out1, out2));
            }
            Console.WriteLine($"   state: {saved.Length} floats; continued both sessions for {StrokePoints - SavedAt} points: " +
                              $"max |difference| = {diff:G3}");
        }

        /// <summary>A character model: token ids in, a distribution over the next character out.</summary>
        private static void PredictNextCharacter()
        {
            const string Text = "hello world, hello recurrent networks";
            const string Prompt = "hello wor";
            char[] vocabulary = Text.Distinct().OrderBy(c => c).ToArray();
            Header($"5. Next-character prediction: {vocabulary.Length} characters, Embedding(16) -> GRU(64) -> Dense -> Softmax");
            Model chars = ModelBuilder.ForTokens(vocabulary.Length, embeddingSize: 16, seed: 11)
                .Gru(64)
                .Dense(vocabulary.Length)
                .Softmax()
                .Build("chars");
            StreamingSession session = new InferenceModel(chars).CreateSession();
            var next = new float[vocabulary.Length];
            foreach (char c in Prompt)
                session.Step(Array.IndexOf(vocabulary, c), next);   // one token per keystroke

            int[] top = Enumerable.Range(0, next.Length).OrderByDescending(i => next[i]).Take(3).ToArray();
            Console.WriteLine($"   {chars.ParameterCount:N0} parameters; after typing \"{Prompt}\" the 3 most likely next characters are " +
                              string.Join(", ", top.Select(i => $"'{vocabulary[i]}' {Percent(next[i])}")));
            Console.WriteLine("   (random weights: meaningless until trained -- Samples~/TextPrediction trains one on Shakespeare)");
        }

        /// <summary>A pen stroke around a circle: per point dx, dy (scaled to about ±1) and pen = 1 (down).</summary>
        private static float[] Circle(int points)
        {
            var stroke = new float[points * Features];   // [T, I]
            double step = 2 * Math.PI / points;
            for (int t = 0; t < points; t++)
            {
                double a = t * step;
                stroke[t * Features + 0] = (float)(Math.Cos(a + step) - Math.Cos(a)) / (float)step;
                stroke[t * Features + 1] = (float)(Math.Sin(a + step) - Math.Sin(a)) / (float)step;
                stroke[t * Features + 2] = 1f;
            }
            return stroke;
        }

        private static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
                if (values[i] > values[best]) best = i;
            return best;
        }

        private static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            double max = 0;
            for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
            return max;
        }

        private static string Percent(float p) => (p * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

        /// <summary>Whether an assembly was compiled without optimisation (Debug), which makes timings meaningless.</summary>
        private static bool IsDebugBuild(Assembly assembly) =>
            assembly.GetCustomAttribute<DebuggableAttribute>() is { IsJITOptimizerDisabled: true };

        private static void Header(string title)
        {
            Console.WriteLine();
            Console.WriteLine(title);
        }
    }
}
