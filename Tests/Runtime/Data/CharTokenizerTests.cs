// Character tokenizer against nanoGPT's shakespeare_char vocabulary (65 characters by code point, from the fixture's
// README) and its well-known encoding of "hii there", plus special tokens, lower-casing and description round trips.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class CharTokenizerTests
    {
        [Test]
        public void Shakespeare_VocabularyIsTheReadmes65CharactersByCodePoint()
        {
            var expected = new List<string> { "\n", " " };
            foreach (char c in "!$&',-.3:;?") expected.Add(c.ToString());
            for (char c = 'A'; c <= 'Z'; c++) expected.Add(c.ToString());
            for (char c = 'a'; c <= 'z'; c++) expected.Add(c.ToString());

            CharTokenizer tokenizer = CharTokenizer.Train(DataFixtures.Shakespeare);

            Assert.That(tokenizer.VocabularySize, Is.EqualTo(DataFixtures.ShakespeareVocabulary));
            Assert.That(tokenizer.Describe().Vocabulary, Is.EqualTo(expected));
            Assert.That(tokenizer.PaddingId, Is.EqualTo(-1));
            Assert.That(tokenizer.UnknownId, Is.EqualTo(-1));
        }

        [Test]
        public void Shakespeare_EncodesHiiThereAsNanoGpt()
        {
            CharTokenizer tokenizer = CharTokenizer.Train(DataFixtures.Shakespeare);

            int[] ids = tokenizer.Encode("hii there");

            // Karpathy's "Let's build GPT" notebook: encode("hii there") == [46, 47, 47, 1, 58, 46, 43, 56, 43].
            Assert.That(ids, Is.EqualTo(new[] { 46, 47, 47, 1, 58, 46, 43, 56, 43 }));
            Assert.That(tokenizer.Decode(ids), Is.EqualTo("hii there"));
        }

        [Test]
        public void Shakespeare_WholeText_RoundTrips()
        {
            string text = DataFixtures.Shakespeare;
            CharTokenizer tokenizer = CharTokenizer.Train(text);

            int[] ids = tokenizer.Encode(text);

            Assert.That(ids.Length, Is.EqualTo(DataFixtures.ShakespeareCharacters));
            Assert.That(tokenizer.Decode(ids) == text, Is.True, "decode(encode(text)) differs from the text");
        }

        [Test]
        public void SpecialTokens_TakeIdsZeroAndOne_UnknownCharactersMapToUnknown()
        {
            var options = new CharTokenizerOptions
            {
                PaddingToken = TokenizerSettings.DefaultPaddingToken,
                UnknownToken = TokenizerSettings.DefaultUnknownToken,
            };

            CharTokenizer tokenizer = CharTokenizer.Train("abca", options);

            Assert.That(tokenizer.VocabularySize, Is.EqualTo(5));
            Assert.That(tokenizer.PaddingId, Is.EqualTo(0));
            Assert.That(tokenizer.UnknownId, Is.EqualTo(1));
            Assert.That(tokenizer.Encode("cab\u00e9"), Is.EqualTo(new[] { 4, 2, 3, 1 }));
            Assert.That(tokenizer.Decode(new[] { 0, 2, 1, 0 }), Is.EqualTo("a<unk>"));
        }

        [Test]
        public void WithoutUnknownToken_UnseenCharacterThrows()
        {
            CharTokenizer tokenizer = CharTokenizer.Train("abc");

            Assert.That(() => tokenizer.Encode("abz"), Throws.InstanceOf<ArgumentException>().With.Message.Contains("U+007A"));
        }

        [Test]
        public void Lowercase_FoldsCorpusAndInput()
        {
            CharTokenizer tokenizer = CharTokenizer.Train("AbC", new CharTokenizerOptions { Lowercase = true });

            Assert.That(tokenizer.Describe().Vocabulary, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(tokenizer.Encode("CAB"), Is.EqualTo(new[] { 2, 0, 1 }));
        }

        [Test]
        public void SurrogatePair_IsOneToken()
        {
            const string text = "a\U0001F600b";
            CharTokenizer tokenizer = CharTokenizer.Train(text);

            int[] ids = tokenizer.Encode(text);

            Assert.That(ids.Length, Is.EqualTo(3));
            Assert.That(tokenizer.GetToken(2), Is.EqualTo("\U0001F600"), "code point 0x1F600 sorts after 'a' and 'b'");
            Assert.That(tokenizer.Decode(ids), Is.EqualTo(text));
        }

        [Test]
        public void Description_RoundTrip_EncodesIdentically()
        {
            var options = new CharTokenizerOptions { UnknownToken = "?unk?", Lowercase = true };
            CharTokenizer tokenizer = CharTokenizer.Train("Hello, World", options);

            ITokenizer loaded = Tokenizer.FromDescription(tokenizer.Describe());

            Assert.That(loaded, Is.InstanceOf<CharTokenizer>());
            Assert.That(loaded.Encode("HELLO world!"), Is.EqualTo(tokenizer.Encode("HELLO world!")));
            Assert.That(loaded.UnknownId, Is.EqualTo(0));
        }

        [Test]
        public void SpanEncode_TooSmallDestination_Throws()
        {
            CharTokenizer tokenizer = CharTokenizer.Train("abc");
            var destination = new int[2];

            Assert.That(() => tokenizer.Encode("abc".AsSpan(), destination), Throws.InstanceOf<ArgumentException>());
            Assert.That(tokenizer.Encode("ab".AsSpan(), destination), Is.EqualTo(2));
        }
    }
}
