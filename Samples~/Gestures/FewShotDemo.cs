// Few-shot personalisation: a new gesture class from a handful of one user's examples, with the library's head surgery
// (FewShot.AddClass: the Dense head grows by one column imprinted from the examples, Qi et al. 2018) and only the head
// fine-tuned (FreezeAllButHead) on the examples plus a small replay of the old classes. The fine-tuning runs in the
// background (Trainer.FitAsync) while a streaming session keeps recognising the user's gesture with published weights.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Recurrent;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Samples.Gestures
{
    internal static class FewShotDemo
    {
        private const int PublishEverySteps = 5;

        public static void Run(Model baseModel, StrokePreprocessor preprocessor, IReadOnlyList<string> baseLabels, List<GestureSample> train,
            List<GestureSample> test, Settings s)
        {
            var rng = new DeterministicRandom(s.Seed + 11);
            string newClass = s.NewClass;
            var classes = new List<string>(baseLabels) { newClass };   // new class id = old class count
            int C = classes.Count;

            // The examples: K gestures of the new class drawn by one training subject (the "user" personalising the app),
            // and the same number of replay examples per old class from the base training data.
            var newSamples = train.Where(g => g.Label == newClass).ToList();
            string user = newSamples[rng.NextInt(newSamples.Count)].Subject;
            var userSamples = newSamples.Where(g => g.Subject == user).ToList();
            var shots = Pick(userSamples, s.Shots, rng);
            var userRest = userSamples.Where(g => !shots.Contains(g)).ToList();
            var replay = new List<GestureSample>();
            foreach (string label in baseLabels) replay.AddRange(Pick(train.Where(g => g.Label == label).ToList(), s.Shots, rng));
            var fineTune = Program.Encode(preprocessor, shots.Concat(replay).ToList(), classes);

            var testNew = Program.Encode(preprocessor, test.Where(g => g.Label == newClass).ToList(), classes);
            var testUser = Program.Encode(preprocessor, userRest, classes);
            var testOld = Program.Encode(preprocessor, test.Where(g => g.Label != newClass).ToList(), classes);

            // Grow the head: Dense [H, C−1] → [H, C]; old columns kept bit for bit, the new one imprinted from the shots.
            HeadEdit edit = FewShot.AddClass(baseModel, Program.Encode(preprocessor, shots, classes), baseLabels, newClass);
            Model model = edit.Model;
            var trainer = model.Compile(new Adam(s.FineTuneLearningRate), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() },
                new TrainerOptions { Seed = s.Seed });
            trainer.FreezeAllButHead();
            string frozen = string.Join(", ", model.Layers.Where(l => l.Weights.Count > 0 && l != FewShot.Head(model)).Select(l => l.Name));
            double newBefore = trainer.Evaluate(testNew)["accuracy"], oldBefore = trainer.Evaluate(testOld)["accuracy"];
            double userBefore = trainer.Evaluate(testUser)["accuracy"];
            Console.WriteLine();
            Console.WriteLine($"Few-shot: new class '{newClass}' from {shots.Count} examples by subject {user} " +
                              $"(+ {replay.Count} replay examples, {s.Shots} per old class); head grown to {C} classes; " +
                              $"'{frozen}' frozen, fine-tuning {trainer.Graph.Parameters.Count(p => p.Trainable)} head tensors " +
                              $"for {s.FineTuneEpochs} epochs (Adam {s.FineTuneLearningRate:G3}, batch 16)");
            Console.WriteLine($"  accuracy on: new class, same user's other {testUser.Count} examples | new class, {testNew.Count} gestures of the " +
                              $"held-out subjects | old classes, {testOld.Count} gestures of the held-out subjects");
            Console.WriteLine($"  imprinted head, before fine-tuning: {userBefore,6:P1} | {newBefore,6:P1} | {oldBefore,6:P1}");

            float[][] before = trainer.SnapshotWeights();
            FineTuneInBackground(trainer, fineTune, s, preprocessor.Process(userRest[0]), C - 1, newClass);
            double newAfter = trainer.Evaluate(testNew)["accuracy"], oldAfter = trainer.Evaluate(testOld)["accuracy"];
            double userAfter = trainer.Evaluate(testUser)["accuracy"];
            float[][] after = trainer.SnapshotWeights();
            bool unchanged = trainer.Graph.Parameters.Select((p, i) => p.Trainable || before[i].AsSpan().SequenceEqual(after[i])).All(b => b);
            Console.WriteLine($"  after fine-tuning the head:         {userAfter,6:P1} | {newAfter,6:P1} | {oldAfter,6:P1}   " +
                              $"(recurrent weights unchanged: {unchanged})");
        }

        /// <summary>
        /// Trainer.FitAsync fine-tunes on a worker thread and publishes a snapshot every few steps; meanwhile this (the
        /// "game") thread keeps recognising one of the user's other gestures point by point with a StreamingSession that
        /// moves to each new snapshot between gestures. The weights equal those of a plain Fit with the same seed.
        /// </summary>
        private static void FineTuneInBackground(Trainer trainer, SequenceDataset fineTune, Settings s, float[] gesture, int newId,
            string newClass)
        {
            var session = trainer.Publish().CreateSession();   // the imprinted weights
            var output = new float[trainer.Model.OutputSize];
            double firstProbability = Recognise(session, gesture, output, newId);
            int batches = (fineTune.Count + 15) / 16, steps = batches * s.FineTuneEpochs;
            var clock = Stopwatch.StartNew();
            var task = trainer.FitAsync(fineTune, s.FineTuneEpochs, 16, publishEverySteps: PublishEverySteps);
            int gestures = 0, swaps = 0;
            while (!task.IsCompleted)
            {
                var latest = trainer.Published!;
                if (latest != session.Model)
                {
                    session.UseModel(latest);   // between gestures: every Step of a gesture uses one snapshot
                    swaps++;
                }
                Recognise(session, gesture, output, newId);
                gestures++;
            }
            task.GetAwaiter().GetResult();   // rethrows a training error, if any
            double seconds = clock.Elapsed.TotalSeconds;
            session.UseModel(trainer.Published!);   // the final weights (FitAsync publishes once more at the end)
            double lastProbability = Recognise(session, gesture, output, newId);
            Console.WriteLine($"  fine-tuned in the background (FitAsync, {steps} steps, a snapshot every {PublishEverySteps}): meanwhile the " +
                              $"main thread recognised one of the user's other '{newClass}' gestures {gestures:N0} times, point by point, " +
                              $"moving to {swaps} new snapshots ({seconds:F1} s; both counts depend on timing); P({newClass}) for it: " +
                              $"{firstProbability:P1} imprinted → {lastProbability:P1} fine-tuned");
        }

        /// <summary>Feeds one gesture's feature rows to the session, one Step per point; returns P(new class) at the end.</summary>
        private static double Recognise(StreamingSession session, float[] gesture, float[] output, int newId)
        {
            session.Reset();
            for (int t = 0; t < Program.Points; t++) session.Step(gesture.AsSpan(t * Program.Features, Program.Features), output);
            return output[newId];
        }

        private static List<GestureSample> Pick(List<GestureSample> from, int count, DeterministicRandom rng)
        {
            var copy = new List<GestureSample>(from);
            for (int i = copy.Count - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (copy[i], copy[j]) = (copy[j], copy[i]);
            }
            return copy.Take(Math.Min(count, copy.Count)).ToList();
        }
    }
}
