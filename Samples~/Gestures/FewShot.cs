// Few-shot personalisation: a new gesture class from a handful of one user's examples. The Dense head grows by one
// column (initialised by "imprinting": the scaled mean GRU state of the examples, Qi et al. 2018), then only the head
// is fine-tuned (the recurrent layer frozen with SetTrainable) on the examples plus a small replay of the old classes.
using System;
using System.Collections.Generic;
using System.Linq;
using Recurrent;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Training;

namespace Recurrent.Samples.Gestures
{
    internal static class FewShot
    {
        public static void Run(Model baseModel, string recurrentName, StrokePreprocessor preprocessor, IList<string> allLabels,
            IList<string> baseLabels, List<GestureSample> train, List<GestureSample> test, Settings s)
        {
            var rng = new DeterministicRandom(s.Seed + 11);
            string newClass = s.NewClass;
            var classes = new List<string>(baseLabels) { newClass };   // new class id = old class count
            int C = classes.Count, newId = C - 1;

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

            // Grow the head: Dense [H, C−1] → [H, C], keeping the old columns and imprinting the new one.
            var recurrent = (RecurrentLayer)baseModel.Layers[0];
            var dense = (DenseLayer)baseModel.Layers[1];
            int H = dense.InputSize, oldC = dense.OutputSize;
            var kernel = Tensor.Zeros(H, C);
            var bias = Tensor.Zeros(C);
            for (int h = 0; h < H; h++)
                for (int c = 0; c < oldC; c++) kernel.Data[h * C + c] = dense.Kernel.Data[h * oldC + c];
            double meanColumnNorm = 0, meanBias = 0;
            for (int c = 0; c < oldC; c++)
            {
                double n2 = 0;
                for (int h = 0; h < H; h++) n2 += dense.Kernel.Data[h * oldC + c] * (double)dense.Kernel.Data[h * oldC + c];
                meanColumnNorm += Math.Sqrt(n2) / oldC;
                bias.Data[c] = dense.Bias!.Data[c];
                meanBias += dense.Bias.Data[c] / oldC;
            }
            float[] state = MeanState(recurrent, Program.Encode(preprocessor, shots, classes));
            double stateNorm = Math.Sqrt(state.Sum(v => (double)v * v));
            for (int h = 0; h < H; h++) kernel.Data[h * C + newId] = (float)(state[h] / stateNorm * meanColumnNorm);
            bias.Data[newId] = (float)meanBias;
            var model = new Model(new Layer[]
            {
                recurrent,                                                                   // shared, frozen below
                new DenseLayer(dense.Name, kernel, bias, Activation.Default(ActivationKind.Identity)),
                new SoftmaxLayer(baseModel.Layers[2].Name, C),
            }, "gestures_personalised");

            var trainer = model.Compile(new Adam(s.FineTuneLearningRate), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() },
                new TrainerOptions { Seed = s.Seed });
            trainer.Graph.SetTrainable(false, recurrentName);
            double newBefore = trainer.Evaluate(testNew)["accuracy"], oldBefore = trainer.Evaluate(testOld)["accuracy"];
            double userBefore = trainer.Evaluate(testUser)["accuracy"];
            Console.WriteLine();
            Console.WriteLine($"Few-shot: new class '{newClass}' from {shots.Count} examples by subject {user} " +
                              $"(+ {replay.Count} replay examples, {s.Shots} per old class); head grown to {C} classes; " +
                              $"'{recurrentName}' frozen, fine-tuning {trainer.Graph.Parameters.Count(p => p.Trainable)} head tensors " +
                              $"for {s.FineTuneEpochs} epochs (Adam {s.FineTuneLearningRate:G3}, batch 16)");
            Console.WriteLine($"  accuracy on: new class, same user's other {testUser.Count} examples | new class, {testNew.Count} gestures of the " +
                              $"held-out subjects | old classes, {testOld.Count} gestures of the held-out subjects");
            Console.WriteLine($"  imprinted head, before fine-tuning: {userBefore,6:P1} | {newBefore,6:P1} | {oldBefore,6:P1}");
            float[] recurrentBefore = (float[])recurrent.W.Data.Clone();
            trainer.Fit(fineTune, s.FineTuneEpochs, 16);
            double newAfter = trainer.Evaluate(testNew)["accuracy"], oldAfter = trainer.Evaluate(testOld)["accuracy"];
            double userAfter = trainer.Evaluate(testUser)["accuracy"];
            bool frozen = recurrentBefore.AsSpan().SequenceEqual(recurrent.W.Data);
            Console.WriteLine($"  after fine-tuning the head:         {userAfter,6:P1} | {newAfter,6:P1} | {oldAfter,6:P1}   " +
                              $"(recurrent weights unchanged: {frozen})");
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

        /// <summary>Mean final state of the recurrent layer over the examples (a one-layer model through a BatchRunner).</summary>
        private static float[] MeanState(RecurrentLayer recurrent, SequenceDataset examples)
        {
            var runner = new InferenceModel(new Model(new Layer[] { recurrent }, "encoder")).CreateBatchRunner();
            var states = new float[runner.OutputLength(examples.Count, examples.Time)];
            runner.Run(examples.Inputs!, examples.Count, examples.Time, null, states);
            int H = recurrent.OutputSize;
            var mean = new float[H];
            for (int i = 0; i < examples.Count; i++)
                for (int h = 0; h < H; h++) mean[h] += states[i * H + h] / examples.Count;
            return mean;
        }
    }
}
