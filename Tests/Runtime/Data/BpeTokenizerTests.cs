// Byte-pair encoding against the classic worked example ("aaabdaaabac": aa, then ab, then aaab) and against the first
// Shakespeare merges produced by an independent naive Python implementation of the same definition.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class BpeTokenizerTests
    {
        // The first 40 merges on tinyshakespeare.txt (GPT-2-style pieces with ASCII classes, pair counts weighted by piece
        // frequency, ties by (left, right) ordinal order), from a 40-line Python reference using re and Counter that
        // recounts every pair after each merge (counts run from 23837 for " t" down to 3891).
        private static readonly string[][] s_shakespeareFirstMerges =
        {
            new[] { " ", "t" }, new[] { "h", "e" }, new[] { " ", "a" }, new[] { "o", "u" }, new[] { " ", "s" },
            new[] { " ", "m" }, new[] { "i", "n" }, new[] { " ", "w" }, new[] { "r", "e" }, new[] { "h", "a" },
            new[] { "n", "d" }, new[] { " t", "he" }, new[] { " ", "b" }, new[] { "i", "s" }, new[] { "o", "r" },
            new[] { " ", "f" }, new[] { "e", "r" }, new[] { "l", "l" }, new[] { "i", "t" }, new[] { "o", "n" },
            new[] { " ", "d" }, new[] { " ", "c" }, new[] { "e", "s" }, new[] { "e", "n" }, new[] { " ", "n" },
            new[] { " ", "l" }, new[] { " ", "y" }, new[] { " t", "h" }, new[] { "a", "r" }, new[] { " ", "h" },
            new[] { " ", "o" }, new[] { " t", "o" }, new[] { " y", "ou" }, new[] { " ", "p" }, new[] { "ha", "t" },
            new[] { " ", "I" }, new[] { " ", "he" }, new[] { "s", "t" }, new[] { "v", "e" }, new[] { "o", "t" },
        };

        private static BpeTokenizer? s_shakespeare;

        // 500 merges on the whole corpus, trained once for the Shakespeare tests.
        private static BpeTokenizer Shakespeare => s_shakespeare ??=
            BpeTokenizer.Train(DataFixtures.Shakespeare, new BpeTokenizerOptions { MaxMerges = 500 });

        [Test]
        public void WikipediaExample_MergesAaThenAbThenAaab()
        {
            BpeTokenizer tokenizer = BpeTokenizer.Train("aaabdaaabac", new BpeTokenizerOptions { UnknownToken = null });

            Assert.That(tokenizer.MergeCount, Is.EqualTo(3), "after aaab every pair occurs once, below MinPairFrequency 2");
            Assert.That(tokenizer.GetMerge(0), Is.EqualTo(new KeyValuePair<string, string>("a", "a")));
            Assert.That(tokenizer.GetMerge(1), Is.EqualTo(new KeyValuePair<string, string>("a", "b")));
            Assert.That(tokenizer.GetMerge(2), Is.EqualTo(new KeyValuePair<string, string>("aa", "ab")));
            Assert.That(tokenizer.Describe().Vocabulary, Is.EqualTo(new[] { "a", "b", "c", "d", "aa", "ab", "aaab" }));
        }

        [Test]
        public void WikipediaExample_EncodesAsXdXac()
        {
            BpeTokenizer tokenizer = BpeTokenizer.Train("aaabdaaabac", new BpeTokenizerOptions { UnknownToken = null });

            int[] ids = tokenizer.Encode("aaabdaaabac");

            Assert.That(Tokens(tokenizer, ids), Is.EqualTo(new[] { "aaab", "d", "aaab", "a", "c" }));
            Assert.That(tokenizer.Decode(ids), Is.EqualTo("aaabdaaabac"));
        }

        [Test]
        public void MaxMergesAndTargetVocabulary_StopTraining()
        {
            var byMerges = BpeTokenizer.Train("aaabdaaabac", new BpeTokenizerOptions { MaxMerges = 1, UnknownToken = null });
            var bySize = BpeTokenizer.Train("aaabdaaabac", new BpeTokenizerOptions { TargetVocabularySize = 6, UnknownToken = null });

            Assert.That(byMerges.MergeCount, Is.EqualTo(1));
            Assert.That(Tokens(byMerges, byMerges.Encode("aaab")), Is.EqualTo(new[] { "aa", "a", "b" }));
            Assert.That(bySize.VocabularySize, Is.EqualTo(6));
            Assert.That(bySize.MergeCount, Is.EqualTo(2));
        }

        [Test]
        public void Shakespeare_FirstMerges_MatchIndependentReference()
        {
            for (int m = 0; m < s_shakespeareFirstMerges.Length; m++)
            {
                KeyValuePair<string, string> merge = Shakespeare.GetMerge(m);
                Assert.That(new[] { merge.Key, merge.Value }, Is.EqualTo(s_shakespeareFirstMerges[m]), "merge " + m);
            }
        }

        [Test]
        public void Shakespeare_Vocabulary_IsSpecialsCharactersThenMerges()
        {
            // <unk>, 65 characters, at most one new token per merge.
            Assert.That(Shakespeare.MergeCount, Is.EqualTo(500));
            Assert.That(Shakespeare.VocabularySize, Is.LessThanOrEqualTo(1 + DataFixtures.ShakespeareVocabulary + 500));
            Assert.That(Shakespeare.UnknownId, Is.EqualTo(0));
            Assert.That(Shakespeare.GetToken(1), Is.EqualTo("\n"));
        }

        [Test]
        public void Shakespeare_Lines_RoundTripAndCompress()
        {
            string[] lines = DataFixtures.Shakespeare.Split('\n');
            int characters = 0, tokens = 0;
            for (int i = 0; i < lines.Length; i += 97)
            {
                int[] ids = Shakespeare.Encode(lines[i]);
                Assert.That(Shakespeare.Decode(ids), Is.EqualTo(lines[i]), "line " + i);
                characters += lines[i].Length;
                tokens += ids.Length;
            }

            Assert.That(tokens, Is.LessThan(characters * 2 / 3), "500 merges should shorten English text by a third or more");
        }

        [Test]
        public void Shakespeare_WholeText_RoundTrips()
        {
            string text = DataFixtures.Shakespeare;

            int[] ids = Shakespeare.Encode(text);

            Assert.That(Shakespeare.Decode(ids) == text, Is.True, "decode(encode(text)) differs from the text");
        }

        [Test]
        public void Tokens_NeverCrossPieceBoundaries()
        {
            // A piece is a run of one character class, optionally led by one space; so no token has a space after its
            // first character unless it is all white space, and none mixes letters with punctuation.
            var bad = new List<string>();
            for (int id = 0; id < Shakespeare.VocabularySize; id++)
            {
                string token = Shakespeare.GetToken(id);
                if (id == Shakespeare.UnknownId || token.Trim().Length == 0) continue;
                string body = token[0] == ' ' ? token.Substring(1) : token;
                bool letters = char.IsLetter(body[0]);
                foreach (char c in body)
                {
                    if (char.IsWhiteSpace(c) || char.IsLetter(c) != letters) { bad.Add(token); break; }
                }
            }

            Assert.That(bad, Is.Empty);
        }

        [Test]
        public void UnknownCharacter_EncodesAsUnknownAndDecodesAsItsToken()
        {
            int[] ids = Shakespeare.Encode("Caf\u00e9!");

            Assert.That(Array.IndexOf(ids, Shakespeare.UnknownId), Is.GreaterThanOrEqualTo(0));
            Assert.That(Shakespeare.Decode(ids), Is.EqualTo("Caf<unk>!"));
        }

        [Test]
        public void Description_RoundTrip_EncodesIdentically()
        {
            BpeTokenizer tokenizer = BpeTokenizer.Train(DataFixtures.Shakespeare.Substring(0, 20000),
                new BpeTokenizerOptions { MaxMerges = 60, Lowercase = true, PaddingToken = "<pad>" });
            string passage = DataFixtures.Shakespeare.Substring(50000, 2000);

            ITokenizer loaded = Tokenizer.FromDescription(tokenizer.Describe());

            Assert.That(loaded.PaddingId, Is.EqualTo(0));
            Assert.That(loaded.Encode(passage), Is.EqualTo(tokenizer.Encode(passage)));
        }

        [Test]
        public void Training_IsDeterministic()
        {
            string corpus = DataFixtures.Shakespeare.Substring(0, 30000);
            var options = new BpeTokenizerOptions { MaxMerges = 80 };

            TokenizerSettings a = BpeTokenizer.Train(corpus, options).Describe();
            TokenizerSettings b = BpeTokenizer.Train(corpus, options).Describe();

            Assert.That(b.Vocabulary, Is.EqualTo(a.Vocabulary));
            Assert.That(b.Merges, Is.EqualTo(a.Merges));
        }

        private static string[] Tokens(ITokenizer tokenizer, int[] ids)
        {
            var tokens = new string[ids.Length];
            for (int i = 0; i < ids.Length; i++) tokens[i] = tokenizer.GetToken(ids[i]);
            return tokens;
        }
    }
}
