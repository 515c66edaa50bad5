// TextPredictor and TextPredictionSession: a model trained here, saved with its tokenizer and loaded again predicts
// through the helper what the manual pipeline (the Data tokenizer, a streaming session, a softmax in double) predicted
// before saving; sessions follow edits exactly like the batch path; typing allocates nothing.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Ops;
using Recurrent.Pipelines;
using Recurrent.Training;

namespace Recurrent.Tests.Pipelines
{
    public sealed class TextPredictorTests
    {
        /// <summary>
        /// Streaming and batch run the same kernels but may differ in the last bits (StreamingSessionTests allows 1e-6 on
        /// outputs); a float softmax against a double one adds a few float ulps of a probability ≤ 1.
        /// </summary>
        private const double ProbabilityTolerance = 1e-5;

        private const string Corpus =
            "the cat sat on the mat. the dog sat on the log. a cat and a dog met on a mat. the end of the log. ";

        private static readonly string s_corpus = Corpus + Corpus + Corpus;

        /// <summary>A char LSTM trained a few epochs on next-character prediction (logits out, no softmax layer).</summary>
        private static (Model Model, CharTokenizer Tokenizer) TrainedCharModel()
        {
            var tokenizer = CharTokenizer.Train(s_corpus);
            int v = tokenizer.VocabularySize;
            int[] ids = tokenizer.Encode(s_corpus);
            const int T = 12;
            int n = (ids.Length - 1) / T;
            var x = new int[n * T];
            var y = new float[n * T];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = ids[i];
                y[i] = ids[i + 1];
            }
            Model model = ModelBuilder.ForTokens(v, 8, seed: 7).Lstm(16).Dense(v).Build("chars");
            var trainer = model.Compile(new Adam(0.02f), new SparseCategoricalCrossEntropy(fromLogits: true));
            TrainingHistory history = trainer.Fit(SequenceDataset.FromTokens(x, n, T, y, 1, targetsPerStep: true), epochs: 4, batchSize: 8);
            double[] loss = history.Values("loss");
            Assert.That(loss[loss.Length - 1], Is.LessThan(loss[0]), "the model trained");
            return (model, tokenizer);
        }

        /// <summary>The manual pipeline: tokenizer → one streaming step per id → the last output, read as the model's head says.</summary>
        private static double[] ManualNext(Model model, ITokenizer tokenizer, string context, string head)
        {
            int[] ids = tokenizer.Encode(context);
            var inference = new InferenceModel(model);
            int o = model.OutputSize;
            var output = new float[o];
            if (model.InputKind == ModelInputKind.Tokens)
            {
                var session = inference.CreateSession();
                foreach (int id in ids) session.Step(id, output);
            }
            else
            {
                float[] oneHot = OneHot.Encode(ids, model.InputSize);
                float[] all = inference.Predict(oneHot, 1, ids.Length);
                Array.Copy(all, (ids.Length - 1) * o, output, 0, o);
            }
            var p = new double[o];
            if (head == "logits")
            {
                double max = double.NegativeInfinity;
                foreach (float z in output) max = Math.Max(max, z);
                double sum = 0;
                for (int i = 0; i < o; i++) sum += p[i] = Math.Exp(output[i] - max);
                for (int i = 0; i < o; i++) p[i] /= sum;
            }
            else if (head == "log")
            {
                for (int i = 0; i < o; i++) p[i] = Math.Exp(output[i]);
            }
            else
            {
                for (int i = 0; i < o; i++) p[i] = output[i];
            }
            return p;
        }

        private static Model SaveAndLoad(Model model, ITokenizer tokenizer)
        {
            byte[] bytes = ModelFile.ToBytes(model.WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() }));
            return ModelFile.Read(bytes).Model;
        }

        [Test]
        public void TrainedCharModel_SavedWithItsTokenizerAndLoaded_PredictsLikeTheManualPipelineBeforeSaving()
        {
            (Model model, CharTokenizer tokenizer) = TrainedCharModel();
            const string context = "the dog sat on the m";
            double[] expected = ManualNext(model, tokenizer, context, "logits");

            var predictor = new TextPredictor(SaveAndLoad(model, tokenizer));
            var batch = new float[predictor.VocabularySize];
            Assert.That(predictor.PredictNext(context, batch), Is.True);
            TestData.AssertClose(batch, expected, ProbabilityTolerance, 0, "batch path");

            TextPredictionSession session = predictor.CreateSession();
            foreach (char c in context) session.Append(c);
            TestData.AssertClose(session.Probabilities, expected, ProbabilityTolerance, 0, "session typed key by key");
            Assert.That(session.TokenCount, Is.EqualTo(context.Length));

            var top = new Prediction[3];
            Assert.That(session.TopK(top), Is.EqualTo(3));
            int best = 0;
            for (int i = 1; i < expected.Length; i++) if (expected[i] > expected[best]) best = i;
            Assert.That(top[0].Name, Is.EqualTo(tokenizer.GetToken(best)), "the most probable next character");
            Assert.That(top[0].Probability, Is.GreaterThanOrEqualTo(top[1].Probability));
            Assert.That(top[1].Probability, Is.GreaterThanOrEqualTo(top[2].Probability));
            for (int k = 0; k < 3; k++)
                Assert.That(top[k].Probability, Is.EqualTo(expected[top[k].Index]).Within(ProbabilityTolerance), $"top {k}");
            Assert.That(predictor.PredictTopK(context, top), Is.EqualTo(3));
            Assert.That(top[0].Index, Is.EqualTo(best));
        }

        [Test]
        public void LowercasingBpeModel_LoadedFromAFile_TokenizesAndPredictsLikeTheManualPipeline()
        {
            var tokenizer = BpeTokenizer.Train(s_corpus, new BpeTokenizerOptions { TargetVocabularySize = 40, Lowercase = true });
            int v = tokenizer.VocabularySize;
            Model model = ModelBuilder.ForTokens(v, 6, seed: 9).Gru(10).Dense(v).Softmax().Build("bpe");
            const string context = "The CAT sat On tHe mAT. tHe Dog";   // mixed case: lower-cased by the saved setting
            double[] expected = ManualNext(model, tokenizer, context, "probabilities");

            var predictor = new TextPredictor(SaveAndLoad(model, tokenizer));
            var batch = new float[v];
            Assert.That(predictor.PredictNext(context, batch), Is.True);
            TestData.AssertClose(batch, expected, ProbabilityTolerance, 0, "batch path");

            TextPredictionSession session = predictor.CreateSession();
            session.Append(context);
            TestData.AssertClose(session.Probabilities, expected, ProbabilityTolerance, 0, "session");
            Assert.That(session.TokenCount, Is.EqualTo(tokenizer.Encode(context).Length));
        }

        [Test]
        public void WordModelWithOneHotInputAndLogSoftmax_PredictsLikeTheManualPipeline_AndFiltersByPrefix()
        {
            var tokenizer = WordTokenizer.Train(s_corpus);
            int v = tokenizer.VocabularySize;
            Model model = new ModelBuilder(v, seed: 5).Gru(8).Dense(v).Softmax(log: true).Build("words");
            const string context = "the dog sat on the";
            double[] expected = ManualNext(model, tokenizer, context, "log");

            var predictor = new TextPredictor(SaveAndLoad(model, tokenizer));
            var batch = new float[v];
            Assert.That(predictor.PredictNext(context, batch), Is.True);
            TestData.AssertClose(batch, expected, ProbabilityTolerance, 0, "batch path");

            TextPredictionSession session = predictor.CreateSession();
            session.SetText(context + " ");
            TestData.AssertClose(session.Probabilities, expected, ProbabilityTolerance, 0, "session");

            var top = new Prediction[v];
            int all = session.TopK(top);
            Assert.That(all, Is.EqualTo(v - 2), "every token but padding and unknown");
            foreach (Prediction p in top.AsSpan(0, all).ToArray())
                Assert.That(p.Index != tokenizer.PaddingId && p.Index != tokenizer.UnknownId, Is.True, p.Name);
            Assert.That(session.TopK(top, "ma"), Is.EqualTo(1), "of the corpus's words only 'mat' begins with 'ma'");
            Assert.That(top[0].Name, Is.EqualTo("mat"));
            Assert.That(top[0].Probability, Is.EqualTo(expected[tokenizer.GetId("mat")]).Within(ProbabilityTolerance));
            Assert.That(session.TopK(top, "m"), Is.EqualTo(2), "'mat' and 'met'");
        }

        /// <summary>
        /// Every kind of edit, on a BPE tokenizer whose last tokens re-merge as letters arrive: after each, the session
        /// equals the batch path on the same text. A rollback of 2 tokens forces replays; 64 keeps every state.
        /// </summary>
        [TestCase(2)]
        [TestCase(64)]
        public void Session_AfterEveryEdit_EqualsTheBatchPathOnTheSameText(int rollback)
        {
            var tokenizer = BpeTokenizer.Train(s_corpus, new BpeTokenizerOptions { TargetVocabularySize = 45, PaddingToken = "<pad>" });
            int v = tokenizer.VocabularySize;
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(v, 6, seed: 11).Lstm(9).Dense(v).Build("bpe"), tokenizer));
            TextPredictionSession session = predictor.CreateSession(rollback);
            var batch = new float[v];
            int checks = 0;

            void Check(string what)
            {
                string text = session.Text.ToString();
                int tokens = tokenizer.Encode(text).Length;
                Assert.That(session.TokenCount, Is.EqualTo(tokens), what + ": tokens read");
                bool any = predictor.PredictNext(text, batch);
                Assert.That(session.HasPrediction, Is.EqualTo(any), what + ": has a prediction");
                if (any) TestData.AssertClose(session.Probabilities, batch, ProbabilityTolerance, 0, $"{what} ('{text}')");
                else Assert.That(session.Probabilities.Length, Is.EqualTo(0), what);
                checks++;
            }

            Check("empty");
            foreach (char c in "the cat sat on the mat") { session.Append(c); Check("typed " + c); }
            session.Backspace(3); Check("backspace 3");
            session.Append("log"); Check("append log");
            session.Backspace(); Check("backspace 1");
            session.SetText("the cat sat on the log and the dog"); Check("set a longer text sharing a prefix");
            session.SetText("a dog met a cat"); Check("set an unrelated text");
            session.Backspace(100); Check("backspace past the start");
            session.Append("on the"); Check("append after emptying");
            session.Clear(); Check("clear");
            session.Append('t'); Check("one key");
            Assert.That(checks, Is.EqualTo(32));
        }

        private static IEnumerable<TestCaseData> EditTokenizers()
        {
            const string corpus = "Don't  stop;\tthe  cat's 42 naps\n\nend.  \u00c9t\u00e9 \ud83d\ude00 ok! ";
            yield return new TestCaseData(CharTokenizer.Train(corpus + "xyz", new CharTokenizerOptions { Lowercase = true, UnknownToken = "<unk>" })).SetName("Edits_Char");
            yield return new TestCaseData(WordTokenizer.Train(corpus + "xyz", new WordTokenizerOptions { Lowercase = true })).SetName("Edits_Word");
            yield return new TestCaseData(BpeTokenizer.Train(corpus + corpus.ToUpperInvariant(), new BpeTokenizerOptions { MinPairFrequency = 1, MaxMerges = 30, Lowercase = true }))
                .SetName("Edits_LowercasingBpe");
            yield return new TestCaseData(BpeTokenizer.Train(corpus, new BpeTokenizerOptions { MinPairFrequency = 1, MaxMerges = 30 })).SetName("Edits_Bpe");
        }

        /// <summary>
        /// Seeded random typing, pasting, backspacing and replacing with an alphabet of white-space runs, apostrophes,
        /// punctuation, digits, upper case and surrogate pairs (the look-ahead cases of every segment rule): after each edit
        /// the session's tokens equal the tokenizer's encoding of the whole text, and the probabilities the batch path's.
        /// </summary>
        [TestCaseSource(nameof(EditTokenizers))]
        public void RandomEdits_KeepTokensAndPredictionsEqualToTokenizingTheWholeText(ITokenizer tokenizer)
        {
            int v = tokenizer.VocabularySize;
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(v, 4, seed: 3).Gru(5).Dense(v).Build("edits"), tokenizer));
            TextPredictionSession session = predictor.CreateSession(rollbackTokens: 3);
            string[] pieces = { " ", "  ", "\t", "\n", "'", "t", "s", "cat", "Don", "42", "4", ".", ";", "!", "\u00c9", "t\u00e9", "\ud83d\ude00", "\ud83d", "OK", "x" };
            var rng = new Recurrent.Core.DeterministicRandom(12345);
            var batch = new float[v];
            for (int step = 0; step < 400; step++)
            {
                int action = rng.NextInt(10);
                string text = session.Text.ToString();
                if (action < 6) session.Append(pieces[rng.NextInt(pieces.Length)]);
                else if (action < 8) session.Backspace(1 + rng.NextInt(3));
                else if (action < 9 && text.Length > 0)
                {
                    int cut = rng.NextInt(text.Length);
                    session.SetText(text.Substring(0, cut) + pieces[rng.NextInt(pieces.Length)] + text.Substring(cut));
                }
                else session.Append(pieces[rng.NextInt(pieces.Length)] + pieces[rng.NextInt(pieces.Length)]);

                string now = session.Text.ToString();
                int[] expected = tokenizer.Encode(now);
                Assert.That(session.Tokens.ToArray(), Is.EqualTo(expected), $"step {step}: tokens of '{now}'");
                if (step % 10 == 0 && predictor.PredictNext(now, batch))
                    TestData.AssertClose(session.Probabilities, batch, ProbabilityTolerance, 0, $"step {step} ('{now}')");
            }
        }

        /// <summary>
        /// Edits placed right where a segment rule looks ahead: a letter run that absorbs the next piece, white-space runs
        /// whose last space joins the following word, apostrophes inside words, surrogate pairs split and joined.
        /// </summary>
        [TestCaseSource(nameof(EditTokenizers))]
        public void EditsAtSegmentBoundaries_KeepTokensEqualToTokenizingTheWholeText(ITokenizer tokenizer)
        {
            int v = tokenizer.VocabularySize;
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(v, 4, seed: 3).Gru(5).Dense(v).Build("edits"), tokenizer));
            TextPredictionSession session = predictor.CreateSession(rollbackTokens: 3);
            string[] texts =
            {
                "cat1x cat", "catsx cat", "cat1x cat", "cat 1x", "cat  ", "cat  s", "cat   s", "cat \ts", "cat\t s", "cat \t",
                "don't", "don'", "don's", "don' t", "ok\ud83d\ude00", "ok\ud83d", "ok\ud83dx", "ok\ud83d\ude00x", "42.42", "42 42", "4242",
                "cat's  cat", "cat'  cat", "cat's\n\ncat", "cat's\n\n\tcat",
            };
            foreach (string a in texts)
            {
                foreach (string b in texts)
                {
                    session.SetText(a);
                    session.SetText(b);
                    Assert.That(session.Tokens.ToArray(), Is.EqualTo(tokenizer.Encode(b)), $"'{a}' then '{b}'");
                }
                session.Clear();
                foreach (char c in a) session.Append(c);
                Assert.That(session.Tokens.ToArray(), Is.EqualTo(tokenizer.Encode(a)), $"'{a}' typed");
            }
        }

        [Test]
        public void Typing_AfterWarmUp_AllocatesNothing()
        {
            (Model model, CharTokenizer tokenizer) = TrainedCharModel();
            var predictor = new TextPredictor(SaveAndLoad(model, tokenizer));
            TextPredictionSession session = predictor.CreateSession();
            string typed = s_corpus.Substring(0, 200);
            var top = new Prediction[5];
            var probabilities = new float[predictor.VocabularySize];

            foreach (char c in s_corpus) session.Append(c);   // buffers grow to the longest text once
            session.Clear();
            predictor.PredictNext(typed, probabilities);
            predictor.PredictTopK(typed, top);

            long bytes = AllocationCounter.Measure(() =>
            {
                foreach (char c in typed)
                {
                    session.Append(c);
                    session.TopK(top);
                }
                session.Backspace(4);
                session.TopK(top, "a");
                predictor.PredictNext(typed, probabilities);
                predictor.PredictTopK(typed, top);
            });
            Assert.That(bytes, Is.EqualTo(0), "bytes allocated by 200 keystrokes, a backspace and batch predictions");
        }

        [Test]
        public void LowercasingBpeSession_AfterWarmUp_AllocatesNothing()
        {
            var tokenizer = BpeTokenizer.Train(s_corpus, new BpeTokenizerOptions { TargetVocabularySize = 40, Lowercase = true });
            int v = tokenizer.VocabularySize;
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(v, 6, seed: 9).Gru(10).Dense(v).Build("bpe"), tokenizer));
            TextPredictionSession session = predictor.CreateSession();
            string typed = "The Cat Sat On The Mat. The Dog";
            foreach (char c in typed) session.Append(c);
            session.Clear();
            long bytes = AllocationCounter.Measure(() =>
            {
                foreach (char c in typed) session.Append(c);
            });
            Assert.That(bytes, Is.EqualTo(0));
        }

        [Test]
        public void NoTokens_MeansNoPrediction()
        {
            var tokenizer = WordTokenizer.Train(s_corpus);
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(tokenizer.VocabularySize, 4).Gru(4).Dense(tokenizer.VocabularySize).Build(), tokenizer));
            var probabilities = new float[predictor.VocabularySize];
            probabilities[0] = 42f;
            Assert.That(predictor.PredictNext("   ", probabilities), Is.False);
            Assert.That(probabilities[0], Is.EqualTo(42f), "left unchanged");
            Assert.That(predictor.PredictTopK("", new Prediction[3]), Is.EqualTo(0));
            TextPredictionSession session = predictor.CreateSession();
            session.Append("  \n ");
            Assert.That(session.HasPrediction, Is.False);
            Assert.That(session.TopK(new Prediction[3]), Is.EqualTo(0));
        }

        [Test]
        public void UnknownCharacterWithoutAnUnknownToken_ThrowsAndLeavesTheSessionUnchanged()
        {
            var tokenizer = CharTokenizer.Train("abc ");
            var predictor = new TextPredictor(SaveAndLoad(ModelBuilder.ForTokens(4, 3).Gru(3).Dense(4).Build(), tokenizer));
            TextPredictionSession session = predictor.CreateSession();
            session.Append("ab");
            float before = session.Probabilities[2];
            Assert.That(() => session.Append('z'), Throws.ArgumentException.With.Message.Contains("U+007A"));
            Assert.That(session.Text.ToString(), Is.EqualTo("ab"));
            Assert.That(session.TokenCount, Is.EqualTo(2));
            Assert.That(session.Probabilities[2], Is.EqualTo(before));
        }

        [Test]
        public void ModelsThatCannotPredictText_AreRefusedWithTheReason()
        {
            Model plain = ModelBuilder.ForTokens(5, 3).Gru(3).Dense(5).Build("plain");
            Assert.That(() => new TextPredictor(plain), Throws.ArgumentException.With.Message.Contains("carries no tokenizer").And.Message.Contains("WithPreprocessing"));

            var tokenizer = CharTokenizer.Train("abcde");
            Model classifier = ModelBuilder.ForTokens(5, 3).Gru(3, returnSequences: false).Dense(2).Softmax().Build("sentiment")
                .WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() });
            Assert.That(() => new TextPredictor(classifier), Throws.ArgumentException.With.Message.Contains("outputs 2 values").And.Message.Contains("(5)"));

            Model bidirectional = ModelBuilder.ForTokens(5, 3).Gru(3, direction: RecurrentDirection.Bidirectional).Dense(5).Build("bi")
                .WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() });
            var predictor = new TextPredictor(bidirectional);
            Assert.That(predictor.CanStream, Is.False);
            Assert.That(() => predictor.CreateSession(), Throws.InstanceOf<RecurrentException>().With.Message.Contains("bidirectional"));
            Assert.That(predictor.PredictNext("abc", new float[5]), Is.True, "the batch path still works");
        }
    }
}
