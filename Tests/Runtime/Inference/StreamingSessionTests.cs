// Streaming sessions: equal to the batch path step by step, zero allocation in steady state, state save/restore,
// independent sessions on many threads, and clear errors for models that cannot stream.
using System;
using System.Threading.Tasks;
using NUnit.Framework;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Tests.Inference
{
    [TestFixture]
    public class StreamingSessionTests
    {
        // Streaming and batch run the same kernels in the same order; the only allowed difference is none at all in
        // practice, but GEMM row blocking may legally differ in the last bit on some instruction sets.
        private const double StepTolerance = 1e-6;

        private static Model BuildModel(string kind, int features, ulong seed)
        {
            var b = new ModelBuilder(features, seed);
            switch (kind)
            {
                case "lstm": b.Lstm(24).Lstm(16).Dense(5).Softmax(); break;
                case "lstm-cifg-peep-clip": b.Lstm(20, inputForget: true, peepholes: true, clip: 0.8f).Dense(3); break;
                case "gru": b.Gru(32).Dense(4, ActivationKind.Tanh); break;
                case "gru-lbr0": b.Gru(17, linearBeforeReset: false).Gru(9).Dense(2); break;
                case "rnn": b.SimpleRnn(12, ActivationKind.Relu).SimpleRnn(8).Activation(ActivationKind.Sigmoid); break;
                default: throw new ArgumentException(kind);
            }
            return b.Build(kind);
        }

        [TestCase("lstm", 1)]
        [TestCase("lstm", 3)]
        [TestCase("lstm-cifg-peep-clip", 2)]
        [TestCase("gru", 1)]
        [TestCase("gru-lbr0", 4)]
        [TestCase("rnn", 2)]
        public void Step_ThroughSequence_EqualsBatchOutputAtEveryStep(string kind, int batch)
        {
            const int T = 30, I = 6;
            var model = new InferenceModel(BuildModel(kind, I, 42));
            int O = model.OutputSize;
            var x = TestData.Uniform(7, batch * T * I, -2f, 2f);   // [B, T, I]
            var expected = model.Predict(x, batch, T);             // [B, T, O]

            var session = model.CreateSession(batch);
            var input = new float[batch * I];
            var output = new float[batch * O];
            for (int t = 0; t < T; t++)
            {
                for (int b = 0; b < batch; b++) Array.Copy(x, (b * T + t) * I, input, b * I, I);
                session.Step(input, output);
                for (int b = 0; b < batch; b++)
                    TestData.AssertClose(output.AsSpan(b * O, O), expected.AsSpan((b * T + t) * O, O), StepTolerance, 0, $"step {t}, row {b}");
            }
            Assert.That(session.StepCount, Is.EqualTo(T));
        }

        [Test]
        public void Step_LastStepModel_EqualsBatchLastStepOutput()
        {
            const int T = 12, I = 3;
            var model = new InferenceModel(new ModelBuilder(I, 5).Lstm(16).Gru(8, returnSequences: false).Dense(4).Softmax().Build());
            Assert.That(model.OutputIsSequence, Is.False);
            var x = TestData.Uniform(9, T * I);
            var expected = model.Predict(x, 1, T);
            var session = model.CreateSession();
            var output = new float[4];
            for (int t = 0; t < T; t++) session.Step(x.AsSpan(t * I, I), output);
            TestData.AssertClose(output, expected, StepTolerance, 0, "last step");
        }

        [Test]
        public void Step_GestureLstm_AllocatesZeroBytesOver10000Steps()
        {
            // The gesture model of the benchmarks: LSTM I=8 H=64, Dense + Softmax over 16 classes.
            var model = new InferenceModel(new ModelBuilder(8, 3).Lstm(64, returnSequences: false).Dense(16).Softmax().Build());
            var session = model.CreateSession();
            var input = TestData.Uniform(1, 8);
            var output = new float[16];
            WarmUp(() => session.Step(input, output));

            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    input[i & 7] = (i % 13) * 0.1f - 0.6f;
                    session.Step(input, output);
                    if ((i & 1023) == 0) session.Reset();
                }
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 10,000 streaming steps");
        }

        [Test]
        public void Step_TokenModel_AllocatesZeroBytesAndMatchesBatch()
        {
            var model = new InferenceModel(ModelBuilder.ForTokens(50, 8, 2).Gru(16).Dense(50).Softmax().Build());
            var tokens = new[] { 3, 17, 0, 49, 22, 8, 8, 1 };
            var expected = new float[tokens.Length * 50];
            model.CreateBatchRunner().Run(tokens, 1, tokens.Length, default, expected);
            var session = model.CreateSession();
            var output = new float[50];
            for (int t = 0; t < tokens.Length; t++)
            {
                session.Step(tokens[t], output);
                TestData.AssertClose(output, expected.AsSpan(t * 50, 50), StepTolerance, 0, $"token step {t}");
            }
            WarmUp(() => session.Step(3, output));
            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 1000; i++) session.Step(i % 50, output);
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 1,000 token steps");
        }

        /// <summary>
        /// Runs until tiered compilation has settled (≥ 0.5 s and ≥ 2,000 calls): promotions to optimised code happen on a
        /// background thread after call counting, and must not land inside the measured window.
        /// </summary>
        private static void WarmUp(Action step)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 2000 || clock.ElapsedMilliseconds < 500; i++) step();
        }

        [Test]
        public void SetState_RestoresAPlayersContext_ContinuationIsIdentical()
        {
            var model = new InferenceModel(BuildModel("lstm", 4, 11));
            var session = model.CreateSession();
            var x = TestData.Uniform(3, 40 * 4);
            var output = new float[model.OutputSize];
            for (int t = 0; t < 20; t++) session.Step(x.AsSpan(t * 4, 4), output);
            var saved = new float[session.StateLength];
            session.GetState(saved);

            var first = new float[20 * model.OutputSize];
            for (int t = 20; t < 40; t++) { session.Step(x.AsSpan(t * 4, 4), output); output.CopyTo(first.AsSpan((t - 20) * output.Length)); }

            var other = model.CreateSession();
            other.SetState(saved);
            for (int t = 20; t < 40; t++)
            {
                other.Step(x.AsSpan(t * 4, 4), output);
                for (int j = 0; j < output.Length; j++)
                    Assert.That(output[j], Is.EqualTo(first[(t - 20) * output.Length + j]), $"restored session, step {t}, output {j}");
            }
        }

        [Test]
        public void Reset_StartsANewSequence_SameAsAFreshSession()
        {
            var model = new InferenceModel(BuildModel("gru", 3, 2));
            var used = model.CreateSession();
            var fresh = model.CreateSession();
            var x = TestData.Uniform(5, 10 * 3);
            var a = new float[model.OutputSize];
            var b = new float[model.OutputSize];
            for (int t = 0; t < 10; t++) used.Step(x.AsSpan(t * 3, 3), a);
            used.Reset();
            Assert.That(used.StepCount, Is.EqualTo(0));
            for (int t = 0; t < 10; t++)
            {
                used.Step(x.AsSpan(t * 3, 3), a);
                fresh.Step(x.AsSpan(t * 3, 3), b);
                Assert.That(a, Is.EqualTo(b), $"step {t}");
            }
        }

        [Test]
        public void Sessions_OnePerThread_OverASharedModel_GiveSingleThreadedResults()
        {
            var model = new InferenceModel(BuildModel("lstm", 5, 8));
            const int Threads = 8, T = 200;
            var inputs = new float[Threads][];
            var expected = new float[Threads][];
            for (int k = 0; k < Threads; k++)
            {
                inputs[k] = TestData.Uniform((ulong)(100 + k), T * 5);
                var s = model.CreateSession();
                expected[k] = new float[model.OutputSize];
                for (int t = 0; t < T; t++) s.Step(inputs[k].AsSpan(t * 5, 5), expected[k]);
            }
            var actual = new float[Threads][];
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, k =>
            {
                var s = model.CreateSession();
                var o = new float[model.OutputSize];
                for (int t = 0; t < T; t++) s.Step(inputs[k].AsSpan(t * 5, 5), o);
                actual[k] = o;
            });
            for (int k = 0; k < Threads; k++)
                Assert.That(actual[k], Is.EqualTo(expected[k]), $"session {k}");
        }

        [Test]
        public void CreateSession_BidirectionalModel_ThrowsRecurrentExceptionNamingTheLayer()
        {
            var model = new InferenceModel(new ModelBuilder(3).Lstm(8, direction: RecurrentDirection.Bidirectional).Dense(2).Build());
            Assert.That(model.CanStream, Is.False);
            var ex = Assert.Throws<RecurrentException>(() => model.CreateSession());
            Assert.That(ex!.Message, Does.Contain("lstm_1").And.Contain("bidirectional"));
        }

        [Test]
        public void Step_WrongInputLength_ThrowsArgumentException()
        {
            var session = new InferenceModel(BuildModel("rnn", 4, 1)).CreateSession();
            Assert.Throws<ArgumentException>(() => session.Step(new float[3], new float[session.OutputSize]));
            Assert.Throws<ArgumentException>(() => session.Step(new float[4], new float[session.OutputSize + 1]));
        }
    }
}
