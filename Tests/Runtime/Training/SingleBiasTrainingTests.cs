// Keras' single bias (RecurrentLayer.SingleBias): Rb stays exactly 0 through real training with every optimizer, weight
// decay and imported optimizer state, while Wb learns; the two-bias default does move Rb (so these tests can fail);
// the builder starts Rb at 0; invalid combinations are refused with messages that say what to do.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Formats;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class SingleBiasTrainingTests
    {
        private const int N = 12, T = 5, I = 3, H = 4;

        public static readonly object[] Optimizers =
        {
            new object[] { "sgd-momentum-l2" },
            new object[] { "rmsprop-momentum-l2" },
            new object[] { "adagrad-l2" },
            new object[] { "adam-l2" },
            new object[] { "adamw" },
        };

        private static Optimizer NewOptimizer(string name)
        {
            switch (name)
            {
                case "sgd-momentum-l2": return new Sgd(0.05f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f);
                case "rmsprop-momentum-l2": return new RmsProp(0.01f, momentum: 0.5f, centered: true, weightDecay: 0.01f);
                case "adagrad-l2": return new Adagrad(0.05f, weightDecay: 0.01f);
                case "adam-l2": return new Adam(0.01f, amsgrad: true, weightDecay: 0.01f);
                default: return new AdamW(0.01f, weightDecay: 0.05f);
            }
        }

        [TestCaseSource(nameof(Optimizers))]
        public void Fit_SingleBiasLayers_KeepRbExactlyZeroAndTrainWb(string optimizer)
        {
            var model = new ModelBuilder(I, 5)
                .Lstm(H, direction: RecurrentDirection.Bidirectional, singleBias: true)
                .Gru(H, linearBeforeReset: false, singleBias: true)
                .SimpleRnn(H, returnSequences: false, singleBias: true)
                .Dense(2).Softmax().Build();
            var before = Biases(model);

            Fit(model, NewOptimizer(optimizer));

            var after = Biases(model);
            foreach (var layer in model.Layers)
            {
                if (!(layer is RecurrentLayer rec)) continue;
                int GH = rec.Attributes.GateCount * H;
                var b = rec.B!.Data;
                bool wbMoved = false;
                for (int d = 0; d < rec.NumDirections; d++)
                    for (int j = 0; j < GH; j++)
                    {
                        int wb = d * 2 * GH + j, rb = wb + GH;
                        Assert.That(BitConverter.SingleToInt32Bits(b[rb]), Is.EqualTo(0), $"{rec.Name}: Rb[{d}, {j}] = {b[rb]:R} after training");
                        if (b[wb] != before[rec.Name][wb]) wbMoved = true;
                    }
                Assert.That(wbMoved, Is.True, $"{rec.Name}: Wb trains");
            }
            Assert.That(after.Count, Is.EqualTo(3));
        }

        [Test]
        public void Fit_TwoBiasDefault_MovesRb()
        {
            // The control for the test above: without singleBias the same training does move Rb.
            var model = new ModelBuilder(I, 5).Lstm(H, returnSequences: false).Dense(2).Softmax().Build();
            var rec = (RecurrentLayer)model.Layers[0];
            var before = (float[])rec.B!.Data.Clone();
            Fit(model, new Adam(0.01f));
            int GH = 4 * H, moved = 0;
            for (int j = GH; j < 2 * GH; j++) if (rec.B.Data[j] != before[j]) moved++;
            Assert.That(moved, Is.EqualTo(GH), "every Rb value trains in the two-bias (PyTorch) form");
        }

        [Test]
        public void OptimizerStep_ImportedStateForRb_DoesNotMoveIt()
        {
            // A momentum slot that is nonzero on Rb (e.g. resumed from a two-bias checkpoint) must not move a held Rb.
            var model = new ModelBuilder(I, 6).Lstm(H, returnSequences: false, singleBias: true).Build();
            var tm = new TrainableModel(model);
            var bias = tm.Parameter("lstm_1/B");
            var adam = new Adam(0.1f, weightDecay: 0.5f);
            var state = new OptimizerState { Kind = "adam", Step = 3 };
            state.Slots.Add(new OptimizerSlot("lstm_1/B", "m", new Tensor(bias.Shape, Filled(bias.Length, 0.5f))));
            state.Slots.Add(new OptimizerSlot("lstm_1/B", "v", new Tensor(bias.Shape, Filled(bias.Length, 0.01f))));
            adam.ImportState(state);
            var wbBefore = (float[])bias.Value.Data.Clone();

            adam.Step(tm.Parameters);

            int GH = 4 * H;
            for (int j = 0; j < GH; j++)
            {
                Assert.That(bias.Value.Data[GH + j], Is.EqualTo(0f), $"Rb[{j}]");
                Assert.That(bias.Value.Data[j], Is.Not.EqualTo(wbBefore[j]), $"Wb[{j}] follows its imported momentum");
            }
        }

        [Test]
        public void Builder_SingleBias_StartsRbAtZeroAndDrawsEverythingElseAsWithoutIt()
        {
            var single = (RecurrentLayer)new ModelBuilder(I, 7).Lstm(H, direction: RecurrentDirection.Bidirectional, singleBias: true).Build().Layers[0];
            var both = (RecurrentLayer)new ModelBuilder(I, 7).Lstm(H, direction: RecurrentDirection.Bidirectional).Build().Layers[0];
            Assert.That(single.SingleBias, Is.True);
            Assert.That(both.SingleBias, Is.False);
            Assert.That(single.W.Data, Is.EqualTo(both.W.Data));
            Assert.That(single.R.Data, Is.EqualTo(both.R.Data));
            int GH = 4 * H;
            for (int d = 0; d < 2; d++)
                for (int j = 0; j < GH; j++)
                {
                    Assert.That(single.B!.Data[d * 2 * GH + j], Is.EqualTo(both.B!.Data[d * 2 * GH + j]), $"Wb[{d}, {j}]");
                    Assert.That(single.B.Data[d * 2 * GH + GH + j], Is.EqualTo(0f), $"Rb[{d}, {j}]");
                }
        }

        [Test]
        public void SingleBias_InvalidLayers_AreRefusedWithAMessageThatSaysWhatToDo()
        {
            var lstm = (RecurrentLayer)new ModelBuilder(I, 8).Lstm(H).Build().Layers[0];   // Rb is random here
            var rbError = Assert.Throws<RecurrentException>(() =>
                new RecurrentLayer("keras_lstm", lstm.Attributes, lstm.W, lstm.R, lstm.B, null, singleBias: true));
            Assert.That(rbError!.Message, Does.Contain("'keras_lstm'").And.Contain("Fold Rb into Wb"));

            var noBias = Assert.Throws<RecurrentException>(() =>
                new RecurrentLayer("no_bias", lstm.Attributes, lstm.W, lstm.R, null, null, singleBias: true));
            Assert.That(noBias!.Message, Does.Contain("'no_bias'").And.Contain("needs a bias"));

            var gru = (RecurrentLayer)new ModelBuilder(I, 8).Gru(H, linearBeforeReset: true).Build().Layers[0];
            var zeroRb = (float[])gru.B!.Data.Clone();
            Array.Clear(zeroRb, 3 * H, 3 * H);
            var lbrError = Assert.Throws<RecurrentException>(() => new RecurrentLayer("gru_after", gru.Attributes, gru.W, gru.R,
                new Tensor(zeroRb, 1, 6 * H), null, singleBias: true));
            Assert.That(lbrError!.Message, Does.Contain("reset_after").And.Contain("linear_before_reset = false"));

            var builderError = Assert.Throws<ArgumentException>(() => new ModelBuilder(I).Gru(H, singleBias: true));
            Assert.That(builderError!.Message, Does.Contain("linearBeforeReset: false"));
        }

        private static void Fit(Model model, Optimizer optimizer)
        {
            var x = TestData.Uniform(3, N * T * I, -1.5f, 1.5f);
            var y = new float[N];
            for (int i = 0; i < N; i++) y[i] = i % 2;
            var lengths = new int[N];
            for (int i = 0; i < N; i++) lengths[i] = 2 + i % 4;
            var trainer = model.Compile(optimizer, new SparseCategoricalCrossEntropy());
            var history = trainer.Fit(SequenceDataset.FromFeatures(x, N, T, I, y, 1, lengths: lengths), epochs: 3, batchSize: 4);
            Assert.That(double.IsNaN(history.Values("loss")[2]), Is.False, "training ran");
            Assert.That(trainer.NonFiniteSteps, Is.EqualTo(0), "no step was skipped");
        }

        private static System.Collections.Generic.Dictionary<string, float[]> Biases(Model model)
        {
            var d = new System.Collections.Generic.Dictionary<string, float[]>();
            foreach (var l in model.Layers)
                if (l is RecurrentLayer r) d[r.Name] = (float[])r.B!.Data.Clone();
            return d;
        }

        private static float[] Filled(int n, float value)
        {
            var a = new float[n];
            for (int i = 0; i < n; i++) a[i] = value;
            return a;
        }
    }
}
