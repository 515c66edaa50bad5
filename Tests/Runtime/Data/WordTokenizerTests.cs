// Word tokenizer: the split rule on punctuation and apostrophes, frequency order with ordinal tie-break (worked out
// by hand below), size and count limits, unknown words and decoding.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class WordTokenizerTests
    {
        private const string Corpus = "the cat sat on the mat. The cat!";

        [Test]
        public void Split_SeparatesPunctuationAndKeepsInnerApostrophes()
        {
            Assert.That(WordTokenizer.Split("Don't stop, I'll go...  'tis\tnow"),
                Is.EqualTo(new[] { "Don't", "stop", ",", "I'll", "go", ".", ".", ".", "'", "tis", "now" }));
        }

        [Test]
        public void Vocabulary_ByDescendingCount_TiesInOrdinalOrder()
        {
            // Counts: the 2, cat 2; then 1 each for "!" (0x21), "." (0x2E), "The" ('T' = 0x54), mat, on, sat.
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus);

            Assert.That(tokenizer.Describe().Vocabulary,
                Is.EqualTo(new[] { "<pad>", "<unk>", "cat", "the", "!", ".", "The", "mat", "on", "sat" }));
        }

        [Test]
        public void Lowercase_MergesCaseVariants()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus, new WordTokenizerOptions { Lowercase = true });

            Assert.That(tokenizer.Describe().Vocabulary,
                Is.EqualTo(new[] { "<pad>", "<unk>", "the", "cat", "!", ".", "mat", "on", "sat" }));
            Assert.That(tokenizer.Encode("THE Cat"), Is.EqualTo(new[] { 2, 3 }));
        }

        [Test]
        public void MaxVocabularySize_CountsSpecialTokens()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus, new WordTokenizerOptions { MaxVocabularySize = 5 });

            Assert.That(tokenizer.Describe().Vocabulary, Is.EqualTo(new[] { "<pad>", "<unk>", "cat", "the", "!" }));
        }

        [Test]
        public void MinCount_DropsRareWords_WhichEncodeAsUnknown()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus, new WordTokenizerOptions { MinCount = 2 });

            Assert.That(tokenizer.VocabularySize, Is.EqualTo(4));
            Assert.That(tokenizer.Encode("the dog sat"), Is.EqualTo(new[] { 3, 1, 1 }));
        }

        [Test]
        public void Decode_JoinsTokensWithSingleSpaces_SkippingPadding()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus);

            int[] ids = tokenizer.Encode("the   cat.\n");
            var padded = new int[ids.Length + 2];
            ids.CopyTo(padded, 0);

            Assert.That(tokenizer.Decode(padded), Is.EqualTo("the cat ."));
        }

        [Test]
        public void Shakespeare_InVocabularyText_RoundTripsToItsSplit()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(DataFixtures.Shakespeare);
            string line = DataFixtures.Shakespeare.Substring(0, 200);

            Assert.That(tokenizer.Decode(tokenizer.Encode(line)), Is.EqualTo(string.Join(" ", WordTokenizer.Split(line))));
        }

        [Test]
        public void Description_RoundTrip_EncodesIdentically()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus, new WordTokenizerOptions { Lowercase = true });

            ITokenizer loaded = Tokenizer.FromDescription(tokenizer.Describe());

            Assert.That(loaded.Encode("The mat, the cat"), Is.EqualTo(tokenizer.Encode("The mat, the cat")));
        }

        [Test]
        public void WithoutUnknownToken_UnseenWordThrows()
        {
            WordTokenizer tokenizer = WordTokenizer.Train(Corpus, new WordTokenizerOptions { UnknownToken = null });

            Assert.That(() => tokenizer.Encode("the dog"), Throws.InstanceOf<ArgumentException>().With.Message.Contains("dog"));
        }
    }
}
