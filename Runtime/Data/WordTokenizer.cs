// Word-level tokenizer: splits on white space and punctuation (each punctuation mark is a token), vocabulary by corpus
// frequency (ties in ordinal string order) with a size cap and a minimum count. Decoding joins tokens with spaces.
using System;
using System.Collections.Generic;
using System.Text;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Maps words and punctuation marks to ids.</summary>
    /// <remarks>
    /// The split rule (TextSegmenter.NextWord): a word is a maximal run of letters, marks, digits and '_', with an
    /// apostrophe allowed between two of them ("don't", "I'll"); any other non-space character is a token by itself.
    /// White space is dropped, so <c>Decode(Encode(s)) == string.Join(" ", Split(s))</c> for in-vocabulary text.
    /// </remarks>
    public sealed class WordTokenizer : ITokenizer, ISegmentedTokenizer
    {
        private readonly TokenVocabulary _vocabulary;

        private WordTokenizer(TokenVocabulary vocabulary, bool lowercase)
        {
            _vocabulary = vocabulary;
            Lowercase = lowercase;
        }

        public TokenizerAlgorithm Algorithm => TokenizerAlgorithm.Word;

        public int VocabularySize => _vocabulary.Count;

        public int UnknownId => _vocabulary.UnknownId;

        public int PaddingId => _vocabulary.PaddingId;

        public bool Lowercase { get; }

        /// <summary>The tokens of <paramref name="text"/> by the split rule (no vocabulary involved).</summary>
        public static List<string> Split(string text, bool lowercase = false)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            string source = lowercase ? TextScalars.Lower(text) : text;
            var words = new List<string>();
            ReadOnlySpan<char> span = source.AsSpan();
            int i = 0;
            while (TextSegmenter.NextWord(span, ref i, out int start, out int end)) words.Add(source.Substring(start, end - start));
            return words;
        }

        /// <summary>
        /// Vocabulary = special tokens, then the corpus's words by descending count, ties in ordinal order, keeping words
        /// seen at least MinCount times, up to MaxVocabularySize entries in all.
        /// </summary>
        public static WordTokenizer Train(string corpus, WordTokenizerOptions? options = null)
        {
            if (corpus is null) throw new ArgumentNullException(nameof(corpus));
            options ??= new WordTokenizerOptions();
            if (options.MinCount < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MinCount must be at least 1.");
            if (options.MaxVocabularySize < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MaxVocabularySize must not be negative.");

            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string word in Split(corpus, options.Lowercase))
            {
                counts.TryGetValue(word, out int c);
                counts[word] = c + 1;
            }
            var entries = new List<KeyValuePair<string, int>>(counts.Count);
            foreach (KeyValuePair<string, int> e in counts)
            {
                if (e.Value >= options.MinCount && e.Key != options.PaddingToken && e.Key != options.UnknownToken) entries.Add(e);
            }
            entries.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));

            int specials = (options.PaddingToken != null ? 1 : 0) + (options.UnknownToken != null ? 1 : 0);
            int keep = entries.Count;
            if (options.MaxVocabularySize > 0) keep = Math.Max(0, Math.Min(keep, options.MaxVocabularySize - specials));
            var words = new List<string>(keep);
            for (int i = 0; i < keep; i++) words.Add(entries[i].Key);
            return new WordTokenizer(TokenVocabulary.Create(words, options.PaddingToken, options.UnknownToken), options.Lowercase);
        }

        public static WordTokenizer FromDescription(TokenizerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.Algorithm != TokenizerAlgorithm.Word)
                ThrowHelper.ThrowArgument(nameof(settings), $"A {settings.Algorithm} description is not a word tokenizer.");
            if (settings.Merges != null && settings.Merges.Count > 0)
                ThrowHelper.ThrowArgument(nameof(settings), "A word tokenizer has no merges.");
            return new WordTokenizer(TokenVocabulary.FromList(settings.Vocabulary, settings.PaddingToken, settings.UnknownToken), settings.Lowercase);
        }

        public TokenizerSettings Describe() => new TokenizerSettings
        {
            Algorithm = TokenizerAlgorithm.Word,
            Vocabulary = _vocabulary.ToList(),
            PaddingToken = _vocabulary.PaddingToken,
            UnknownToken = _vocabulary.UnknownToken,
            Lowercase = Lowercase,
        };

        /// <summary>The id of a word, or −1 when it is not in the vocabulary (the word is taken as given, not lower-cased).</summary>
        public int GetId(string word) => _vocabulary.TryGetId(word, out int id) ? id : -1;

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
            return ids.AsSpan(0, n).ToArray();
        }

        /// <summary>See <see cref="ITokenizer.Encode(ReadOnlySpan{char}, Span{int})"/>; allocates one string per word.</summary>
        public int Encode(ReadOnlySpan<char> text, Span<int> destination) => EncodeFrom(text, 0, destination, 0, null);

        bool ISegmentedTokenizer.NeedsLoweredText => false;

        /// <summary>A segment is a word (or mark) with the white space before it.</summary>
        int ISegmentedTokenizer.EncodeSegments(ReadOnlySpan<char> text, int start, Span<int> ids, int tokenOffset, TokenSegments segments) =>
            EncodeFrom(text, start, ids, tokenOffset, segments);

        /// <summary>The words of text[from..] into destination[offset..]; returns the new count. Allocates a string per word.</summary>
        private int EncodeFrom(ReadOnlySpan<char> text, int from, Span<int> destination, int offset, TokenSegments? segments)
        {
            ReadOnlySpan<char> tail = text.Slice(from);
            string source = Lowercase ? TextScalars.Lower(tail.ToString()) : tail.ToString();
            ReadOnlySpan<char> span = source.AsSpan();
            int n = offset;
            int i = 0;
            while (true)
            {
                segments?.Add(from + i, n);
                if (!TextSegmenter.NextWord(span, ref i, out int start, out int end)) break;
                string word = source.Substring(start, end - start);
                if (!_vocabulary.TryGetId(word, out int id) || _vocabulary.IsSpecial(id))
                {
                    id = _vocabulary.UnknownId;
                    if (id < 0)
                        ThrowHelper.ThrowArgument(nameof(text), $"Word '{TokenVocabulary.Escape(word)}' at index {from + start} is not in the vocabulary and the tokenizer has no unknown token.");
                }
                if (n == destination.Length) ThrowHelper.ThrowBufferTooSmall(nameof(destination), n + 1, destination.Length);
                destination[n++] = id;
            }
            return n;
        }

        public string Decode(ReadOnlySpan<int> ids)
        {
            var builder = new StringBuilder(ids.Length * 6);
            for (int i = 0; i < ids.Length; i++)
            {
                _vocabulary.CheckId(ids[i]);
                if (ids[i] == _vocabulary.PaddingId) continue;
                if (builder.Length > 0) builder.Append(' ');
                _vocabulary.AppendText(builder, ids[i]);
            }
            return builder.ToString();
        }
    }
}
