// BatchRunner.RunMasked with any step mask (Keras semantics: masked steps do not touch the state): every row equals
// the same row run alone, unpadded, through Run (no mask code involved); sequence outputs are 0 at masked steps; a
// fully masked row predicts from a zero state; ids at masked steps are never looked up; steady state allocates nothing.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Ops;

namespace Recurrent.Tests.Inference
{
    [TestFixture]
    public class BatchRunnerMaskTests
    {
        private const int T = 7, I = 3, Vocabulary = 8;

        // Row b's valid steps: pre-padding (0), holes (1, 3), post-padding (2), full (4), none (5).
        private static readonly int[][] s_valid =
        {
            new[] { 3, 4, 5, 6 }, new[] { 0, 2, 3, 6 }, new[] { 0, 1 }, new[] { 1, 5 }, new[] { 0, 1, 2, 3, 4, 5, 6 }, new int[0],
        };

        private static int B => s_valid.Length;

        public static IEnumerable<TestCaseData> Models()
        {
            yield return new TestCaseData("lstm-seq");
            yield return new TestCaseData("bidirectional-gru-seq");
            yield return new TestCaseData("stacked-last-step");
            yield return new TestCaseData("tokens-birnn-seq");
            yield return new TestCaseData("tokens-lstm-last-step");
        }

        private static Model Build(string name)
        {
            switch (name)
            {
                case "lstm-seq": return new ModelBuilder(I, 4).Lstm(6, peepholes: true).Dense(2).Build();
                case "bidirectional-gru-seq": return new ModelBuilder(I, 4).Gru(5, direction: RecurrentDirection.Bidirectional).Build();
                case "stacked-last-step":
                    return new ModelBuilder(I, 4).SimpleRnn(4).Lstm(5, returnSequences: false, direction: RecurrentDirection.Bidirectional).Dense(3).Softmax().Build();
                case "tokens-birnn-seq": return ModelBuilder.ForTokens(Vocabulary, 3, 4).SimpleRnn(4, direction: RecurrentDirection.Bidirectional).Dense(2).Build();
                case "tokens-lstm-last-step": return ModelBuilder.ForTokens(Vocabulary, 3, 4).Lstm(5, returnSequences: false).Dense(3).Build();
                default: throw new ArgumentException(name);
            }
        }

        private static float[] Mask()
        {
            var mask = new float[B * T];
            for (int b = 0; b < B; b++) foreach (int t in s_valid[b]) mask[b * T + t] = b == 1 ? 0.5f : 1f;   // any nonzero
            return mask;
        }

        [TestCaseSource(nameof(Models))]
        public void RunMasked_EveryRow_EqualsThatRowRunAloneUnpadded(string name)
        {
            var inference = new InferenceModel(Build(name));
            var runner = inference.CreateBatchRunner();
            bool tokens = name.StartsWith("tokens", StringComparison.Ordinal);
            var x = TestData.Uniform(9, B * T * I);
            var ids = new int[B * T];
            for (int i = 0; i < ids.Length; i++) ids[i] = (i * 5 + 3) % Vocabulary;
            var mask = Mask();
            for (int b = 0; b < B; b++)
                for (int t = 0; t < T; t++)
                    if (mask[b * T + t] == 0f)
                    {
                        ids[b * T + t] = -7;                                   // would throw if looked up
                        for (int i = 0; i < I; i++) x[(b * T + t) * I + i] = 1e3f;   // would saturate every gate if read
                    }
            var output = new float[runner.OutputLength(B, T)];
            if (tokens) runner.RunMasked(ids, B, T, mask, output);
            else runner.RunMasked(x, B, T, mask, output);

            bool sequence = inference.OutputIsSequence;
            int O = inference.OutputSize;
            var alone = inference.CreateBatchRunner();
            for (int b = 0; b < B; b++)
            {
                int len = s_valid[b].Length;
                float[] expected;
                if (len == 0)
                {
                    // No valid step: the output of a zero state (lengths = 0); sequence outputs are all 0.
                    expected = new float[alone.OutputLength(1, T)];
                    if (tokens) alone.Run(new int[T], 1, T, new[] { 0 }, expected);
                    else alone.Run(new float[T * I], 1, T, new[] { 0 }, expected);
                }
                else
                {
                    expected = new float[alone.OutputLength(1, len)];
                    var rowX = new float[len * I];
                    var rowIds = new int[len];
                    for (int j = 0; j < len; j++)
                    {
                        Array.Copy(x, (b * T + s_valid[b][j]) * I, rowX, j * I, I);
                        rowIds[j] = ids[b * T + s_valid[b][j]];
                    }
                    if (tokens) alone.Run(rowIds, 1, len, default, expected);
                    else alone.Run(rowX, 1, len, default, expected);
                }

                if (!sequence)
                {
                    Assert.That(new ReadOnlySpan<float>(output, b * O, O).ToArray(), Is.EqualTo(expected), $"{name}: row {b} last-step output");
                    continue;
                }
                int j2 = 0;
                for (int t = 0; t < T; t++)
                {
                    var actual = new ReadOnlySpan<float>(output, (b * T + t) * O, O).ToArray();
                    if (mask[b * T + t] != 0f)
                    {
                        Assert.That(actual, Is.EqualTo(new ReadOnlySpan<float>(expected, j2 * O, O).ToArray()),
                            $"{name}: row {b}, step {t} (valid step {j2} of the unpadded row)");
                        j2++;
                    }
                    else Assert.That(actual, Is.EqualTo(new float[O]), $"{name}: row {b}, masked step {t} is 0");
                }
            }
        }

        [Test]
        public void RunMasked_BadMask_ThrowsArgumentException()
        {
            var runner = new InferenceModel(new ModelBuilder(I).Gru(3).Build()).CreateBatchRunner();
            var output = new float[runner.OutputLength(2, T)];
            Assert.Throws<ArgumentException>(() => runner.RunMasked(new float[2 * T * I], 2, T, new float[2 * T - 1], output));
            var mask = new float[2 * T];
            mask[T + 3] = float.NaN;
            var ex = Assert.Throws<ArgumentException>(() => runner.RunMasked(new float[2 * T * I], 2, T, mask, output));
            Assert.That(ex!.Message, Does.Contain("mask[1, 3]"));
        }

        [Test]
        public void RunMasked_TokenOutsideVocabularyAtAValidStep_Throws_AndWrongOverloadIsRejected()
        {
            var inference = new InferenceModel(ModelBuilder.ForTokens(Vocabulary, 3).Lstm(4).Build());
            var runner = inference.CreateBatchRunner();
            var output = new float[runner.OutputLength(1, 3)];
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => runner.RunMasked(new[] { 1, Vocabulary, 2 }, 1, 3, new[] { 0f, 1f, 1f }, output));
            Assert.That(ex!.Message, Does.Contain("[0, 1]"));
            Assert.Throws<InvalidOperationException>(() => runner.RunMasked(new float[3 * 3], 1, 3, new[] { 1f, 1f, 1f }, output));
        }

        [Test]
        public void RunMasked_SequenceOutputsAndTokens_AllocateNothingInSteadyState()
        {
            var features = new InferenceModel(new ModelBuilder(I, 2).Lstm(16, direction: RecurrentDirection.Bidirectional).Dense(4).Build()).CreateBatchRunner();
            var tokens = new InferenceModel(ModelBuilder.ForTokens(Vocabulary, 4, 2).Gru(16).Dense(4).Build()).CreateBatchRunner();
            var x = TestData.Uniform(3, B * T * I);
            var ids = new int[B * T];
            var mask = Mask();
            var outF = new float[features.OutputLength(B, T)];
            var outT = new float[tokens.OutputLength(B, T)];
            features.RunMasked(x, B, T, mask, outF);
            tokens.RunMasked(ids, B, T, mask, outT);
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 20; i++)
                {
                    features.RunMasked(x, B, T, mask, outF);
                    tokens.RunMasked(ids, B, T, mask, outT);
                }
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 40 masked batch runs");
        }
    }
}
