// Batch inference: variable lengths (each row as if run alone), masks, bidirectional merge, token input,
// steady-state zero allocation and argument checks.
using System;
using NUnit.Framework;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Tests.Inference
{
    [TestFixture]
    public class BatchRunnerTests
    {
        // A row computed inside a padded batch and alone runs identical arithmetic; allow last-bit GEMM blocking effects.
        private const double RowTolerance = 1e-6;

        [TestCase(RecurrentDirection.Forward, true)]
        [TestCase(RecurrentDirection.Forward, false)]
        [TestCase(RecurrentDirection.Bidirectional, true)]
        [TestCase(RecurrentDirection.Bidirectional, false)]
        [TestCase(RecurrentDirection.Reverse, true)]
        public void Run_WithLengths_EachRowEqualsThatRowRunAlone(RecurrentDirection direction, bool sequences)
        {
            const int B = 4, T = 9, I = 3;
            var model = new InferenceModel(new ModelBuilder(I, 17).Lstm(12, direction: direction).Gru(6, returnSequences: sequences, direction: direction)
                .Dense(4).Build());
            int O = model.OutputSize;
            var x = TestData.Uniform(4, B * T * I);
            var lengths = new[] { 9, 1, 5, 7 };
            var runner = model.CreateBatchRunner();
            var output = new float[runner.OutputLength(B, T)];
            runner.Run(x, B, T, lengths, output);

            for (int b = 0; b < B; b++)
            {
                int len = lengths[b];
                var alone = model.Predict(x.AsSpan(b * T * I, len * I).ToArray(), 1, len);
                if (sequences)
                {
                    TestData.AssertClose(output.AsSpan(b * T * O, len * O), alone, RowTolerance, 0, $"row {b} valid steps");
                    for (int i = len * O; i < T * O; i++)
                        Assert.That(output[b * T * O + i], Is.EqualTo(0f), $"row {b} padding at {i / O}");
                }
                else
                {
                    TestData.AssertClose(output.AsSpan(b * O, O), alone, RowTolerance, 0, $"row {b} last step");
                }
            }
        }

        [Test]
        public void Run_BidirectionalConcat_IsForwardThenBackwardOfTheOperator()
        {
            const int T = 5, B = 2, I = 3, H = 4;
            var model = new ModelBuilder(I, 3).Gru(H, direction: RecurrentDirection.Bidirectional).Build();
            var layer = (RecurrentLayer)model.Layers[0];
            var x = TestData.Uniform(8, B * T * I);
            var output = new InferenceModel(model).Predict(x, B, T);   // [B, T, 2H]

            var xt = new float[T * B * I];
            for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) Array.Copy(x, (b * T + t) * I, xt, (t * B + b) * I, I);
            var y = new float[T * 2 * B * H];
            layer.CreateOp().Run(xt, T, B, default, default, default, y, default, default);
            for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) for (int d = 0; d < 2; d++) for (int j = 0; j < H; j++)
                Assert.That(output[(b * T + t) * 2 * H + d * H + j], Is.EqualTo(y[((t * 2 + d) * B + b) * H + j]), $"b={b} t={t} d={d} j={j}");
        }

        [Test]
        public void Run_BidirectionalSum_IsTheSumOfBothDirections()
        {
            const int T = 4, B = 3, I = 2, H = 5;
            var attrs = new RecurrentOpAttributes { Cell = RecurrentCellKind.Rnn, HiddenSize = H, Direction = RecurrentDirection.Bidirectional };
            var concat = new ModelBuilder(I, 6).Recurrent(attrs, merge: BidirectionalMerge.Concat).Build();
            var sum = new ModelBuilder(I, 6).Recurrent(attrs, merge: BidirectionalMerge.Sum).Build();
            var x = TestData.Uniform(2, B * T * I);
            var c = new InferenceModel(concat).Predict(x, B, T);
            var s = new InferenceModel(sum).Predict(x, B, T);
            for (int row = 0; row < B * T; row++) for (int j = 0; j < H; j++)
                Assert.That(s[row * H + j], Is.EqualTo(c[row * 2 * H + j] + c[row * 2 * H + H + j]).Within(1e-6), $"row {row}, unit {j}");
        }

        [Test]
        public void RunMasked_PrefixMask_EqualsLengths()
        {
            const int B = 3, T = 6, I = 2;
            var model = new InferenceModel(new ModelBuilder(I, 1).Lstm(8).Dense(3).Build());
            var runner = model.CreateBatchRunner();
            var x = TestData.Uniform(5, B * T * I);
            var lengths = new[] { 6, 2, 4 };
            var mask = new float[B * T];
            for (int b = 0; b < B; b++) for (int t = 0; t < lengths[b]; t++) mask[b * T + t] = 1f;
            var byLengths = new float[runner.OutputLength(B, T)];
            var byMask = new float[byLengths.Length];
            runner.Run(x, B, T, lengths, byLengths);
            runner.RunMasked(x, B, T, mask, byMask);
            Assert.That(byMask, Is.EqualTo(byLengths));
            // Masks with pre-padding and holes: BatchRunnerMaskTests.
        }

        [Test]
        public void Run_SteadyState_AllocatesNothing()
        {
            const int B = 8, T = 32, I = 8;
            var model = new InferenceModel(new ModelBuilder(I, 2).Lstm(64).Gru(32, returnSequences: false).Dense(10).Softmax().Build());
            var runner = model.CreateBatchRunner();
            var x = TestData.Uniform(1, B * T * I);
            var lengths = new[] { 32, 5, 17, 1, 32, 9, 30, 2 };
            var output = new float[runner.OutputLength(B, T)];
            var mask = new float[B * T];   // pre-padding and holes
            for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) mask[b * T + t] = (t + b) % 3 == 0 || t >= T - lengths[b] ? 1f : 0f;
            runner.Run(x, B, T, lengths, output);
            runner.Run(x, B, T, default, output);
            runner.RunMasked(x, B, T, mask, output);
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 30; i++)
                {
                    if (i % 3 == 2) runner.RunMasked(x, B, T, mask, output);
                    else runner.Run(x, B, T, (i & 1) == 0 ? lengths : default, output);
                }
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 30 batch runs (lengths, full, mask)");
        }

        [Test]
        public void Run_TokenOutsideVocabulary_ThrowsArgumentOutOfRange()
        {
            var model = new InferenceModel(ModelBuilder.ForTokens(10, 4).Lstm(4).Build());
            var runner = model.CreateBatchRunner();
            var output = new float[runner.OutputLength(1, 3)];
            Assert.Throws<ArgumentOutOfRangeException>(() => runner.Run(new[] { 1, 10, 2 }, 1, 3, default, output));
        }

        [Test]
        public void Run_LengthLongerThanTime_ThrowsArgumentOutOfRange()
        {
            var runner = new InferenceModel(new ModelBuilder(2).Gru(3).Build()).CreateBatchRunner();
            var output = new float[runner.OutputLength(1, 4)];
            Assert.Throws<ArgumentOutOfRangeException>(() => runner.Run(new float[8], 1, 4, new[] { 5 }, output));
        }

        [Test]
        public void Model_MismatchedLayerSizes_ThrowsRecurrentExceptionNamingBothLayers()
        {
            var lstm = new ModelBuilder(3).Lstm(8).Build().Layers[0];
            var dense = new ModelBuilder(5).Dense(2).Build().Layers[0];
            var ex = Assert.Throws<RecurrentException>(() => new Model(new[] { lstm, dense }));
            Assert.That(ex!.Message, Does.Contain("dense_1").And.Contain("lstm_1"));
        }
    }
}
