// returnState in inference: the batch output is the independent double reference's Y_h / Y_c (NaiveRecurrent, ONNX
// equations) merged like the layer's output, streaming equals batch at every step, a chain can use the states as an
// embedding, steady-state streaming allocates nothing, and invalid combinations fail with clear messages.
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Tests.Inference
{
    [TestFixture]
    public class ReturnStateInferenceTests
    {
        // float32 kernels vs the double reference over a 6-step recurrence: rounding stays near 1e-6.
        private const double ReferenceTolerance = 1e-5;
        // Streaming and batch run the same kernels in the same order (see StreamingSessionTests).
        private const double StepTolerance = 1e-6;

        private const int T = 6, I = 3, H = 4;

        [TestCase("LSTM", RecurrentDirection.Forward, BidirectionalMerge.Concat)]
        [TestCase("LSTM", RecurrentDirection.Reverse, BidirectionalMerge.Concat)]
        [TestCase("LSTM", RecurrentDirection.Bidirectional, BidirectionalMerge.Concat)]
        [TestCase("LSTM", RecurrentDirection.Bidirectional, BidirectionalMerge.Sum)]
        [TestCase("GRU", RecurrentDirection.Bidirectional, BidirectionalMerge.Concat)]
        [TestCase("RNN", RecurrentDirection.Forward, BidirectionalMerge.Concat)]
        public void BatchRunner_ReturnState_IsTheReferenceFinalStatesMerged(string cell, RecurrentDirection direction, BidirectionalMerge merge)
        {
            var layer = Layer(cell, direction, merge, peepholes: cell == "LSTM");
            var model = new InferenceModel(new Model(new Layer[] { layer }));
            int[] lengths = { 6, 2, 0, 5 };
            int B = lengths.Length, O = layer.OutputSize, M = layer.MergedSize, D = layer.NumDirections;
            Assert.That(model.OutputIsSequence, Is.False);
            Assert.That(O, Is.EqualTo((cell == "LSTM" ? 2 : 1) * (D == 2 && merge == BidirectionalMerge.Concat ? 2 * H : H)));

            var x = TestData.Uniform(21, B * T * I, -1.5f, 1.5f);   // [B, T, I]
            var output = new float[model.CreateBatchRunner().OutputLength(B, T)];
            model.CreateBatchRunner().Run(x, B, T, lengths, output);

            var xt = new float[x.Length];                            // [T, B, I] for the reference
            for (int b = 0; b < B; b++)
                for (int t = 0; t < T; t++) Array.Copy(x, (b * T + t) * I, xt, (t * B + b) * I, I);
            var a = layer.Attributes;
            var res = NaiveRecurrent.Run(cell, T, B, I, H, D, direction == RecurrentDirection.Reverse, xt, layer.W.Data, layer.R.Data,
                layer.B!.Data, layer.P?.Data, lengths, null, null, layer.Activations, 0f, false, a.LinearBeforeReset);
            var expected = new double[B * O];
            bool sum = D == 2 && merge == BidirectionalMerge.Sum;
            for (int d = 0; d < D; d++)
                for (int b = 0; b < B; b++)
                    for (int j = 0; j < H; j++)
                    {
                        int col = sum ? j : d * H + j;
                        expected[b * O + col] += res.Yh[(d * B + b) * H + j];
                        if (cell == "LSTM") expected[b * O + M + col] += res.Yc[(d * B + b) * H + j];
                    }
            TestData.AssertClose(output, expected, ReferenceTolerance, ReferenceTolerance, $"{cell} {direction} {merge}: [Y_h, Y_c]");
            for (int i = 2 * O; i < 3 * O; i++) Assert.That(output[i], Is.EqualTo(0f), "a row of length 0 has zero final states");
        }

        [TestCase(1)]
        [TestCase(3)]
        public void Step_ReturnStateLstmThenDense_EqualsBatchOnEachPrefix(int batch)
        {
            var model = new InferenceModel(new ModelBuilder(I, 9).Lstm(8).Lstm(H, returnSequences: false, returnState: true).Dense(5).Build());
            Assert.That(model.Model.Layers[1].OutputSize, Is.EqualTo(2 * H), "the Dense reads [h, c]");
            var x = TestData.Uniform(8, batch * T * I, -2f, 2f);     // [B, T, I]
            var runner = model.CreateBatchRunner();
            var expected = new float[runner.OutputLength(batch, T)];
            var lengths = new int[batch];

            var session = model.CreateSession(batch);
            var input = new float[batch * I];
            var output = new float[batch * model.OutputSize];
            for (int t = 0; t < T; t++)
            {
                for (int b = 0; b < batch; b++) Array.Copy(x, (b * T + t) * I, input, b * I, I);
                session.Step(input, output);
                for (int b = 0; b < batch; b++) lengths[b] = t + 1;
                runner.Run(x, batch, T, lengths, expected);   // the batch output as if every sequence ended at step t
                TestData.AssertClose(output, expected, StepTolerance, 0, $"step {t}");
            }
        }

        [Test]
        public void Step_ReturnStateLstm_OutputIsTheSessionStateHThenC()
        {
            var model = new InferenceModel(new ModelBuilder(I, 4).Lstm(H, returnSequences: false, returnState: true).Build());
            var session = model.CreateSession(2);
            var output = new float[2 * 2 * H];
            var state = new float[session.StateLength];                 // h [B, H] then c [B, H]
            var x = TestData.Uniform(2, 2 * I);
            session.Step(x, output);
            session.GetState(state);
            for (int b = 0; b < 2; b++)
                for (int j = 0; j < H; j++)
                {
                    Assert.That(output[b * 2 * H + j], Is.EqualTo(state[b * H + j]), $"row {b} h[{j}]");
                    Assert.That(output[b * 2 * H + H + j], Is.EqualTo(state[2 * H + b * H + j]), $"row {b} c[{j}]");
                }
            Assert.That(Array.Exists(output, v => v != 0f), Is.True, "a step with nonzero input moves the state");
        }

        [Test]
        public void Step_ReturnStateLstm_AllocatesZeroBytes()
        {
            var model = new InferenceModel(new ModelBuilder(8, 3).Lstm(32, returnSequences: false, returnState: true).Dense(16).Softmax().Build());
            var session = model.CreateSession();
            var input = TestData.Uniform(1, 8);
            var output = new float[16];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 2000 || clock.ElapsedMilliseconds < 500; i++) session.Step(input, output);   // tiering settles

            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 2000; i++)
                {
                    input[i & 7] = (i % 13) * 0.1f - 0.6f;
                    session.Step(input, output);
                }
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 2,000 returnState streaming steps");
        }

        [Test]
        public void ReturnStateWithReturnSequences_IsRejectedByTheBuilderAndTheLayer()
        {
            var builderError = Assert.Throws<ArgumentException>(() => new ModelBuilder(I).Lstm(H, returnState: true));
            Assert.That(builderError!.Message, Does.Contain("returnSequences: false"));

            var layer = Layer("LSTM", RecurrentDirection.Forward, BidirectionalMerge.Concat, false);
            var layerError = Assert.Throws<RecurrentException>(() => new RecurrentLayer("state", layer.Attributes, layer.W, layer.R, layer.B,
                null, returnSequences: true, returnState: true));
            Assert.That(layerError!.Message, Does.Contain("'state'").And.Contain("returnSequences"));
        }

        [Test]
        public void RecurrentLayerAfterReturnState_IsRejectedBecauseItNeedsASequence()
        {
            var error = Assert.Throws<RecurrentException>(() =>
                new ModelBuilder(I).Gru(H, returnSequences: false, returnState: true).Lstm(2).Build());
            Assert.That(error!.Message, Does.Contain("lstm_1").And.Contain("'gru_1' returns its final state"));
            var plain = Assert.Throws<RecurrentException>(() =>
                new ModelBuilder(I).Gru(H, returnSequences: false).Lstm(2).Build());
            Assert.That(plain!.Message, Does.Contain("'gru_1' returns only its last step"));
        }

        [Test]
        public void Describe_NamesTheStateOutputAndTheSingleBias()
        {
            var model = new ModelBuilder(I).Lstm(H, returnSequences: false, returnState: true, singleBias: true).Build();
            Assert.That(model.Layers[0].Describe(), Is.EqualTo("LSTM(3 -> 4, final state h+c, single bias)"));
            var gru = new ModelBuilder(I).Gru(H, returnSequences: false, linearBeforeReset: false, returnState: true).Build();
            Assert.That(gru.Layers[0].Describe(), Is.EqualTo("GRU(3 -> 4, final state h)"));
            Assert.That(gru.OutputSize, Is.EqualTo(H));
        }

        private static RecurrentLayer Layer(string cell, RecurrentDirection direction, BidirectionalMerge merge, bool peepholes)
        {
            var kind = cell == "RNN" ? RecurrentCellKind.Rnn : cell == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm;
            var attrs = new RecurrentOpAttributes { Cell = kind, HiddenSize = H, Direction = direction, LinearBeforeReset = kind == RecurrentCellKind.Gru };
            int D = attrs.NumDirections, GH = attrs.GateCount * H;
            var w = new Tensor(TestData.Uniform(11, D * GH * I, -0.7f, 0.7f), D, GH, I);
            var r = new Tensor(TestData.Uniform(12, D * GH * H, -0.7f, 0.7f), D, GH, H);
            var b = new Tensor(TestData.Uniform(13, D * 2 * GH, -0.5f, 0.5f), D, 2 * GH);
            var p = peepholes ? new Tensor(TestData.Uniform(14, D * 3 * H, -0.5f, 0.5f), D, 3 * H) : null;
            return new RecurrentLayer("rec", attrs, w, r, b, p, returnSequences: false, merge, returnState: true);
        }
    }
}
