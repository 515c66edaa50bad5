// Character-level tokenizer: one token per Unicode scalar, vocabulary = the corpus's distinct scalars sorted by code
// point (nanoGPT's shakespeare_char), optional padding/unknown tokens first. Subword merging is BpeTokenizer's job.
using System;
using System.Collections.Generic;
using System.Text;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Maps each character to its own id.</summary>
    public sealed class CharTokenizer : ITokenizer, ISegmentedTokenizer
    {
        private readonly TokenVocabulary _vocabulary;
        private readonly ScalarIdMap _ids = new ScalarIdMap();

        private CharTokenizer(TokenVocabulary vocabulary, bool lowercase)
        {
            _vocabulary = vocabulary;
            Lowercase = lowercase;
            for (int id = 0; id < vocabulary.Count; id++)
            {
                if (vocabulary.IsSpecial(id)) continue;
                if (!TextScalars.IsSingle(vocabulary[id], out int scalar))
                    ThrowHelper.ThrowArgument("vocabulary", $"Character vocabulary entry {id} ('{TokenVocabulary.Escape(vocabulary[id])}') is not one character.");
                _ids.Add(scalar, id);
            }
        }

        public TokenizerAlgorithm Algorithm => TokenizerAlgorithm.Char;

        public int VocabularySize => _vocabulary.Count;

        public int UnknownId => _vocabulary.UnknownId;

        public int PaddingId => _vocabulary.PaddingId;

        public bool Lowercase { get; }

        /// <summary>Vocabulary = special tokens, then the distinct characters of <paramref name="corpus"/> by code point.</summary>
        public static CharTokenizer Train(string corpus, CharTokenizerOptions? options = null)
        {
            if (corpus is null) throw new ArgumentNullException(nameof(corpus));
            options ??= new CharTokenizerOptions();
            var seen = new HashSet<int>();
            ReadOnlySpan<char> text = corpus.AsSpan();
            for (int i = 0; i < text.Length;) seen.Add(TextScalars.Next(text, ref i, options.Lowercase));
            return FromCharacters(seen, options);
        }

        /// <summary>Vocabulary = special tokens, then <paramref name="characters"/> (Unicode scalars) sorted by code point.</summary>
        public static CharTokenizer FromCharacters(IEnumerable<int> characters, CharTokenizerOptions? options = null)
        {
            if (characters is null) throw new ArgumentNullException(nameof(characters));
            options ??= new CharTokenizerOptions();
            var scalars = new List<int>(new HashSet<int>(characters));
            scalars.Sort();
            var tokens = new List<string>(scalars.Count);
            foreach (int s in scalars)
            {
                if (s < 0 || s > 0x10FFFF) ThrowHelper.ThrowArgumentOutOfRange(nameof(characters), $"{s} is not a Unicode code point.");
                tokens.Add(TextScalars.ToText(s));
            }
            return new CharTokenizer(TokenVocabulary.Create(tokens, options.PaddingToken, options.UnknownToken), options.Lowercase);
        }

        public static CharTokenizer FromDescription(TokenizerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.Algorithm != TokenizerAlgorithm.Char)
                ThrowHelper.ThrowArgument(nameof(settings), $"A {settings.Algorithm} description is not a character tokenizer.");
            if (settings.Merges != null && settings.Merges.Count > 0)
                ThrowHelper.ThrowArgument(nameof(settings), "A character tokenizer has no merges.");
            return new CharTokenizer(TokenVocabulary.FromList(settings.Vocabulary, settings.PaddingToken, settings.UnknownToken), settings.Lowercase);
        }

        public TokenizerSettings Describe() => new TokenizerSettings
        {
            Algorithm = TokenizerAlgorithm.Char,
            Vocabulary = _vocabulary.ToList(),
            PaddingToken = _vocabulary.PaddingToken,
            UnknownToken = _vocabulary.UnknownToken,
            Lowercase = Lowercase,
        };

        /// <summary>The id of one character (Unicode scalar), or −1 when it is not in the vocabulary.</summary>
        public int GetId(int character) => _ids.Get(character);

        public string GetToken(int id)
        {
            _vocabulary.CheckId(id);
            return _vocabulary[id];
        }

        public int[] Encode(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var ids = new int[text.Length];
            int n = Encode(text.AsSpan(), ids);
            return n == ids.Length ? ids : ids.AsSpan(0, n).ToArray();
        }

        public int Encode(ReadOnlySpan<char> text, Span<int> destination)
        {
            int n = 0;
            for (int i = 0; i < text.Length;)
            {
                int at = i;
                int scalar = TextScalars.Next(text, ref i, Lowercase);
                int id = _ids.Get(scalar);
                if (id < 0)
                {
                    id = _vocabulary.UnknownId;
                    if (id < 0) ThrowUnknown(scalar, at);
                }
                if (n == destination.Length) ThrowHelper.ThrowBufferTooSmall(nameof(destination), n + 1, destination.Length);
                destination[n++] = id;
            }
            return n;
        }

        bool ISegmentedTokenizer.NeedsLoweredText => false;

        /// <summary>Every scalar is a segment.</summary>
        int ISegmentedTokenizer.EncodeSegments(ReadOnlySpan<char> text, int start, Span<int> ids, int tokenOffset, TokenSegments segments)
        {
            int n = tokenOffset;
            for (int i = start; i < text.Length;)
            {
                segments.Add(i, n);
                int at = i;
                int scalar = TextScalars.Next(text, ref i, Lowercase);
                int id = _ids.Get(scalar);
                if (id < 0)
                {
                    id = _vocabulary.UnknownId;
                    if (id < 0) ThrowUnknown(scalar, at);
                }
                ids[n++] = id;
            }
            return n;
        }

        public string Decode(ReadOnlySpan<int> ids)
        {
            var builder = new StringBuilder(ids.Length);
            for (int i = 0; i < ids.Length; i++) _vocabulary.AppendText(builder, ids[i]);
            return builder.ToString();
        }

        private static void ThrowUnknown(int scalar, int index) =>
            ThrowHelper.ThrowArgument("text", $"Character U+{scalar:X4} at index {index} is not in the vocabulary and the tokenizer has no unknown token.");
    }
}
