// Head surgery for few-shot personalisation: old-class logits are bit-identical after adding classes, the imprinted
// column equals the normalised mean of features from the independent double-precision GRU (NaiveRecurrent), fine-tuning
// only the head leaves every other weight bit-identical, and a toy new class learned from 5 examples is recognised.
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class FewShotTests
    {
        // The imprinted column is float32 arithmetic on float32 GRU states (summation order differs from the double
        // reference): a few ulps of the column norm (~1) per element.
        private const double ImprintTolerance = 2e-6;
        private const double BiasTolerance = 1e-6;

        private const int T = 7, I = 3, Directions = 6;

        private static Model Classifier(int classes, bool softmax, ulong seed = 5)
        {
            var b = new ModelBuilder(I, seed).Gru(6, returnSequences: false).Dense(classes);
            if (softmax) b.Softmax();
            return b.Build("classifier");
        }

        private static SequenceDataset Examples(ulong seed, int count, int[]? lengths = null) =>
            SequenceDataset.FromFeatures(TestData.Uniform(seed, count * T * I), count, T, I, new float[count], 1, lengths: lengths);

        private static float[] Run(Model model, SequenceDataset data) =>
            new InferenceModel(model).Predict(data.Inputs!, data.Count, data.Time, data.Lengths);

        [Test]
        public void AddClass_OldClassLogits_AreBitIdentical()
        {
            var model = Classifier(4, softmax: false);
            var edit = FewShot.AddClass(model, Examples(1, 5));
            var probe = Examples(2, 9, new[] { 7, 1, 3, 7, 5, 6, 2, 7, 4 });
            float[] before = Run(model, probe), after = Run(edit.Model, probe);
            Assert.That(edit.ClassCount, Is.EqualTo(5));
            for (int n = 0; n < probe.Count; n++)
                TrainingAssert.BitExact(before.AsSpan(n * 4, 4), after.AsSpan(n * 5, 4), $"old logits of sample {n}");
        }

        [Test]
        public void AddClasses_KeepsNamesAndOldWeights_ResizesTheSoftmax_AndCopiesTheBody()
        {
            var model = Classifier(3, softmax: true);
            var edit = FewShot.AddClasses(model, new[] { Examples(3, 4), Examples(4, 2) },
                new[] { "a", "b", "c" }, new[] { "d", "e" });
            var m = edit.Model;
            Assert.That(m.Layers.Count, Is.EqualTo(3));
            for (int i = 0; i < 3; i++) Assert.That(m.Layers[i].Name, Is.EqualTo(model.Layers[i].Name), "layer " + i);
            Assert.That(m.OutputSize, Is.EqualTo(5));
            Assert.That(m.Layers[2].OutputSize, Is.EqualTo(5), "softmax resized");
            Assert.That(edit.Labels, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
            Assert.That(edit.SourceClasses, Is.EqualTo(new[] { 0, 1, 2, -1, -1 }));

            var oldHead = (DenseLayer)model.Layers[1];
            var newHead = (DenseLayer)m.Layers[1];
            for (int f = 0; f < 6; f++)
                TrainingAssert.BitExact(oldHead.Kernel.Data.AsSpan(f * 3, 3), newHead.Kernel.Data.AsSpan(f * 5, 3), "kernel row " + f);
            TrainingAssert.BitExact(oldHead.Bias!.Data, newHead.Bias!.Data.AsSpan(0, 3), "old biases");

            var oldGru = (RecurrentLayer)model.Layers[0];
            var newGru = (RecurrentLayer)m.Layers[0];
            TrainingAssert.BitExact(oldGru.W.Data, newGru.W.Data, "GRU W copied");
            Assert.That(ReferenceEquals(oldGru.W.Data, newGru.W.Data), Is.False, "the edited model owns its weights");
        }

        [Test]
        public void AddClass_ImprintedColumn_IsTheScaledNormalisedMeanOfDoubleReferenceFeatures()
        {
            var model = Classifier(4, softmax: true);
            var lengths = new[] { 7, 4, 6, 2, 7 };
            var examples = Examples(6, 5, lengths);
            var edit = FewShot.AddClass(model, examples);

            // Features: the GRU's last valid state from the double-precision reference, written from the ONNX operator page.
            var gru = (RecurrentLayer)model.Layers[0];
            var head = (DenseLayer)model.Layers[1];
            int N = examples.Count, H = gru.HiddenSize, C = head.OutputSize;
            var timeMajor = new float[T * N * I];
            for (int n = 0; n < N; n++)
                for (int t = 0; t < T; t++)
                    for (int i = 0; i < I; i++) timeMajor[(t * N + n) * I + i] = examples.Inputs![(n * T + t) * I + i];
            var reference = NaiveRecurrent.Run("GRU", T, N, I, H, 1, false, timeMajor, gru.W.Data, gru.R.Data, gru.B!.Data, null,
                lengths, null, null, new[] { Activation.Sigmoid, Activation.Tanh }, 0f, false, gru.Attributes.LinearBeforeReset);

            // Qi et al. 2018: mean of L2-normalised features, normalised, scaled to the mean norm of the old kernel columns.
            var mean = new double[H];
            for (int n = 0; n < N; n++)
            {
                double norm = 0;
                for (int h = 0; h < H; h++) norm += reference.Yh[n * H + h] * reference.Yh[n * H + h];
                norm = Math.Sqrt(norm);
                for (int h = 0; h < H; h++) mean[h] += reference.Yh[n * H + h] / norm;
            }
            double meanNorm = 0, columnNorms = 0, biasMean = 0;
            for (int h = 0; h < H; h++) meanNorm += mean[h] * mean[h];
            meanNorm = Math.Sqrt(meanNorm);
            for (int c = 0; c < C; c++)
            {
                double n2 = 0;
                for (int h = 0; h < H; h++) n2 += (double)head.Kernel.Data[h * C + c] * head.Kernel.Data[h * C + c];
                columnNorms += Math.Sqrt(n2) / C;
                biasMean += head.Bias!.Data[c] / (double)C;
            }
            var expected = new double[H];
            for (int h = 0; h < H; h++) expected[h] = mean[h] / meanNorm * columnNorms;

            var newHead = (DenseLayer)edit.Model.Layers[1];
            var column = new float[H];
            for (int h = 0; h < H; h++) column[h] = newHead.Kernel.Data[h * (C + 1) + C];
            TrainingAssert.Close(expected, column, ImprintTolerance, 0, "imprinted column");
            Assert.That((double)newHead.Bias!.Data[C], Is.EqualTo(biasMean).Within(BiasTolerance), "new bias = mean of the old biases");
        }

        [Test]
        public void AddClass_PrePaddedMaskedExamples_ImprintLikeTheSameExamplesWithLengths()
        {
            var model = Classifier(3, softmax: true);
            var lengths = new[] { 7, 4, 6, 2 };
            var post = Examples(10, 4, lengths);
            var x = TestData.Uniform(11, 4 * T * I, -5f, 5f);   // garbage at the masked (front) steps
            var mask = new float[4 * T];
            for (int n = 0; n < 4; n++)
                for (int s = 0; s < lengths[n]; s++)
                {
                    int t = T - lengths[n] + s;
                    mask[n * T + t] = 1f;
                    Array.Copy(post.Inputs!, (n * T + s) * I, x, (n * T + t) * I, I);
                }
            var pre = SequenceDataset.FromFeatures(x, 4, T, I, new float[4], 1, mask: mask);
            var a = FewShot.Head(FewShot.AddClass(model, post).Model).Kernel.Data;
            var b = FewShot.Head(FewShot.AddClass(model, pre).Model).Kernel.Data;
            TrainingAssert.BitExact(a, b, "kernel imprinted from masked vs length-limited examples");
        }

        [Test]
        public void HeadFeatures_AreTheHeadsInputs()
        {
            // y = softmax(features·K + b): recompute the logits from HeadFeatures in double and compare with the model.
            var model = Classifier(3, softmax: false);
            var data = Examples(7, 4, new[] { 3, 7, 5, 1 });
            float[] features = FewShot.HeadFeatures(model, data);
            var head = FewShot.Head(model);
            float[] logits = Run(model, data);
            var expected = new double[4 * 3];
            for (int n = 0; n < 4; n++)
                for (int c = 0; c < 3; c++)
                {
                    double s = head.Bias!.Data[c];
                    for (int f = 0; f < 6; f++) s += (double)features[n * 6 + f] * head.Kernel.Data[f * 3 + c];
                    expected[n * 3 + c] = s;
                }
            TrainingAssert.Close(expected, logits, 1e-5, 0, "logits from the head features");
        }

        [Test]
        public void AddClasses_WithInitializer_ZerosOrGlorotWithinItsLimit_BiasIsTheOldMean()
        {
            var model = Classifier(3, softmax: true);
            var head = FewShot.Head(model);
            double biasMean = (head.Bias!.Data[0] + (double)head.Bias.Data[1] + head.Bias.Data[2]) / 3;

            var zeros = (DenseLayer)FewShot.AddClasses(model, 2, Initializers.FromName("zeros")).Model.Layers[1];
            var glorot = (DenseLayer)FewShot.AddClasses(model, 2, Initializers.FromName("glorot_uniform"), seed: 9).Model.Layers[1];
            double limit = Math.Sqrt(6.0 / (6 + 5));   // Glorot & Bengio 2010: U(±√(6 / (fan_in + fan_out))) on the grown [6, 5] kernel
            bool anyNonZero = false;
            for (int f = 0; f < 6; f++)
                for (int k = 3; k < 5; k++)
                {
                    Assert.That(zeros.Kernel.Data[f * 5 + k], Is.EqualTo(0f), $"zeros [{f}, {k}]");
                    float g = glorot.Kernel.Data[f * 5 + k];
                    Assert.That(Math.Abs(g), Is.LessThanOrEqualTo(limit), $"glorot [{f}, {k}]");
                    anyNonZero |= g != 0;
                }
            Assert.That(anyNonZero, Is.True, "glorot draws values");
            Assert.That((double)zeros.Bias!.Data[4], Is.EqualTo(biasMean).Within(BiasTolerance));
        }

        [Test]
        public void RemoveClasses_KeepsTheOthersBitIdentical_AndMapsLabels()
        {
            var model = Classifier(5, softmax: false);
            var edit = FewShot.RemoveClasses(model, new[] { 3, 1 }, new[] { "a", "b", "c", "d", "e" });
            Assert.That(edit.Labels, Is.EqualTo(new[] { "a", "c", "e" }));
            Assert.That(edit.SourceClasses, Is.EqualTo(new[] { 0, 2, 4 }));
            Assert.That(edit.ClassOf(2), Is.EqualTo(1));
            Assert.That(edit.ClassOf(3), Is.EqualTo(-1));
            var probe = Examples(8, 6);
            float[] before = Run(model, probe), after = Run(edit.Model, probe);
            for (int n = 0; n < probe.Count; n++)
                TrainingAssert.BitExact(new[] { before[n * 5], before[n * 5 + 2], before[n * 5 + 4] }, after.AsSpan(n * 3, 3), "kept logits " + n);
        }

        [Test]
        public void Edits_WithoutADenseHead_OrWrongLabels_ThrowClearArgumentExceptions()
        {
            var noHead = new ModelBuilder(I, 1).Gru(4, returnSequences: false).Build("recurrent_only");
            var e = Assert.Throws<ArgumentException>(() => FewShot.AddClass(noHead, Examples(1, 2)));
            Assert.That(e!.Message, Does.Contain("Dense").And.Contain("gru_1"));

            var model = Classifier(3, softmax: true);
            Assert.That(() => FewShot.AddClass(model, Examples(1, 2), new[] { "a", "b" }, "z"),
                Throws.ArgumentException.With.Message.Contains("3 classes"));
            Assert.That(() => FewShot.AddClass(model, Examples(1, 2), new[] { "a", "b", "c" }),
                Throws.ArgumentException.With.Message.Contains("name"));
            Assert.That(() => FewShot.AddClass(model, Examples(1, 2), new[] { "a", "b", "c" }, "b"),
                Throws.ArgumentException.With.Message.Contains("twice"));
            Assert.That(() => FewShot.RemoveClasses(model, new[] { 0, 1, 2 }), Throws.ArgumentException.With.Message.Contains("remain"));
            Assert.That(() => FewShot.RemoveClasses(model, new[] { 3 }), Throws.InstanceOf<ArgumentOutOfRangeException>());

            var perStep = new ModelBuilder(I, 1).Gru(4).Dense(3).Build();
            Assert.That(() => FewShot.AddClass(perStep, Examples(1, 2)), Throws.ArgumentException.With.Message.Contains("initializer"));
            Assert.That(FewShot.AddClasses(perStep, 1, Initializers.FromName("zeros")).Model.OutputSize, Is.EqualTo(4));

            var zeroLength = Examples(1, 2, new[] { 0, 0 });
            Assert.That(() => FewShot.AddClass(model, zeroLength), Throws.ArgumentException.With.Message.Contains("all-zero"));
        }

        [Test]
        public void Edits_CarryTheModelsOwnLabels_InItsPreprocessing()
        {
            var model = Classifier(3, softmax: true).WithPreprocessing(new PreprocessingSettings { Labels = new List<string> { "a", "b", "c" } });
            var added = FewShot.AddClass(model, Examples(1, 3), newLabel: "d");
            Assert.That(added.Labels, Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(added.Model.Preprocessing!.Labels, Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(model.Preprocessing!.Labels, Is.EqualTo(new[] { "a", "b", "c" }), "the original keeps its labels");
            Assert.That(() => FewShot.AddClass(model, Examples(1, 3)), Throws.ArgumentException.With.Message.Contains("name"));

            var removed = FewShot.RemoveClasses(added.Model, new[] { 0 });
            Assert.That(removed.Model.Preprocessing!.Labels, Is.EqualTo(new[] { "b", "c", "d" }));

            var unlabelled = FewShot.AddClass(Classifier(3, softmax: true), Examples(1, 3), new[] { "x", "y", "z" }, "w");
            Assert.That(unlabelled.Model.Preprocessing!.Labels, Is.EqualTo(new[] { "x", "y", "z", "w" }), "given labels are attached");
        }

        [Test]
        public void FreezeAllButHead_FineTuning_LeavesEveryNonHeadWeightBitIdentical_UnfreezeAllTrainsThemAgain()
        {
            var model = new ModelBuilder(I, 4).Gru(6, returnSequences: false).Dense(5, ActivationKind.Tanh).Dense(3).Softmax().Build();
            var data = Toy(48, 3, 11, out _);   // classes 0–2 of the drift task
            var trainer = model.Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy());
            trainer.FreezeAllButHead();
            var before = trainer.SnapshotWeights();
            trainer.Fit(data, epochs: 2, batchSize: 16);
            var after = trainer.SnapshotWeights();
            var parameters = trainer.Graph.Parameters;
            for (int i = 0; i < parameters.Count; i++)
            {
                bool head = parameters[i].Name.StartsWith("dense_2/", StringComparison.Ordinal);
                Assert.That(parameters[i].Trainable, Is.EqualTo(head), parameters[i].Name + " trainable");
                if (head) Assert.That(after[i], Is.Not.EqualTo(before[i]), parameters[i].Name + " trains");
                else TrainingAssert.BitExact(before[i], after[i], parameters[i].Name + " is frozen");
            }

            trainer.UnfreezeAll();
            trainer.Fit(data, epochs: 1, batchSize: 16);
            var unfrozen = trainer.SnapshotWeights();
            for (int i = 0; i < parameters.Count; i++)
            {
                Assert.That(parameters[i].Trainable, Is.True, parameters[i].Name);
                Assert.That(unfrozen[i], Is.Not.EqualTo(after[i]), parameters[i].Name + " trains again");
            }
        }

        [Test]
        public void FewShot_ANewClassFromFiveExamples_IsRecognised_AndOldClassesKept()
        {
            // Class c: sequences drifting in direction 60°·c (plus noise). The base model learns classes 0–4; class 5
            // (drift at 300°) is added from 5 examples, then only the head is fine-tuned on them plus 5 replays per class.
            // (Measured: imprinting alone 94 % on the new class, after fine-tuning 94 %, old classes 100 %; over 9 model and
            // example seeds the worst were 86 %, 86 % and 99 %.)
            const int Old = Directions - 1;
            var baseTrain = Toy(100 * Old, Old, 21, out _);
            var model = new ModelBuilder(I, 7).Gru(16, returnSequences: false).Dense(Old).Softmax().Build("toy");
            var trainer = model.Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            trainer.Fit(baseTrain, epochs: 10, batchSize: 32);
            Assert.That(trainer.Evaluate(Toy(20 * Old, Old, 22, out _))["accuracy"], Is.GreaterThan(0.9), "base model learned the task");

            var shots = Only(Toy(80, Old + 1, 23, out var shotClasses), shotClasses, Old, 5);
            var edit = FewShot.AddClass(model, shots);
            var all = Toy(400, Old + 1, 24, out var classes);
            var testNew = Only(all, classes, Old, 50);
            var testOld = Toy(20 * Old, Old, 25, out _);
            var tuner = edit.Model.Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy(), new Metric[] { new Accuracy() });
            double imprinted = tuner.Evaluate(testNew)["accuracy"];

            var fineTune = Concat(shots, Old, Toy(5 * Old, Old, 26, out _));
            tuner.FreezeAllButHead();
            tuner.Fit(fineTune, epochs: 20, batchSize: 8);
            double newAccuracy = tuner.Evaluate(testNew)["accuracy"], oldAccuracy = tuner.Evaluate(testOld)["accuracy"];
            Assert.That(newAccuracy, Is.GreaterThan(0.8), $"new class after fine-tuning (imprinted only: {imprinted:P0})");
            Assert.That(oldAccuracy, Is.GreaterThan(0.95), "old classes after fine-tuning");
            Assert.That(imprinted, Is.GreaterThan(0.7), "imprinting alone already recognises the new class");
        }

        /// <summary>Class c of <paramref name="classCount"/>: x_t = 0.5·(cos, sin)(60°·c) + U(±0.3) noise; feature 2 is noise.</summary>
        private static SequenceDataset Toy(int count, int classCount, ulong seed, out int[] classes)
        {
            var rng = new DeterministicRandom(seed);
            var x = new float[count * T * I];
            var y = new float[count];
            classes = new int[count];
            for (int n = 0; n < count; n++)
            {
                int c = n % classCount;
                classes[n] = c;
                y[n] = c;
                double angle = 2 * Math.PI / Directions * c;
                for (int t = 0; t < T; t++)
                {
                    x[(n * T + t) * I] = (float)(0.5 * Math.Cos(angle)) + rng.NextUniform(-0.3f, 0.3f);
                    x[(n * T + t) * I + 1] = (float)(0.5 * Math.Sin(angle)) + rng.NextUniform(-0.3f, 0.3f);
                    x[(n * T + t) * I + 2] = rng.NextUniform(-1f, 1f);
                }
            }
            return SequenceDataset.FromFeatures(x, count, T, I, y, 1);
        }

        /// <summary>The first <paramref name="take"/> samples of class <paramref name="c"/>.</summary>
        private static SequenceDataset Only(SequenceDataset data, int[] classes, int c, int take)
        {
            var x = new List<float>();
            int n = 0;
            for (int s = 0; s < data.Count && n < take; s++)
            {
                if (classes[s] != c) continue;
                x.AddRange(new ArraySegment<float>(data.Inputs!, s * T * I, T * I));
                n++;
            }
            var y = new float[n];
            for (int i = 0; i < n; i++) y[i] = c;
            return SequenceDataset.FromFeatures(x.ToArray(), n, T, I, y, 1);
        }

        private static SequenceDataset Concat(SequenceDataset a, int aClass, SequenceDataset b)
        {
            var x = new float[(a.Count + b.Count) * T * I];
            Array.Copy(a.Inputs!, x, a.Inputs!.Length);
            Array.Copy(b.Inputs!, 0, x, a.Inputs.Length, b.Inputs!.Length);
            var y = new float[a.Count + b.Count];
            for (int i = 0; i < a.Count; i++) y[i] = aClass;
            Array.Copy(b.Targets, 0, y, a.Count, b.Count);
            return SequenceDataset.FromFeatures(x, a.Count + b.Count, T, I, y, 1);
        }
    }
}
