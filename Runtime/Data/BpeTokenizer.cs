// Byte-pair encoding over characters (Sennrich et al. 2016; GPT-2-style pieces): text is cut into pieces by a fixed
// rule, each piece starts as characters and learned merges are applied by rank. Training is in BpeTokenizer.Training.cs.
using System;
using System.Collections.Generic;
using System.Text;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Subword tokenizer with an ordered list of merges.</summary>
    /// <remarks>
    /// Pieces (TextSegmenter.NextPiece): an optional leading space plus a run of letters, digits or other symbols, or a
    /// run of white space. Within a piece, encoding repeatedly merges every occurrence (left to right) of the adjacent
    /// pair with the lowest merge rank until no learned pair remains (GPT-2's <c>bpe()</c>). Token strings concatenate
    /// back to the piece, so <c>Decode(Encode(s)) == s</c> whenever every character of s is in the vocabulary (after
    /// lower-casing when enabled). Characters absent from the training corpus become the unknown token.
    /// </remarks>
    public sealed partial class BpeTokenizer : ITokenizer, ISegmentedTokenizer
    {
        private readonly TokenVocabulary _vocabulary;
        private readonly ScalarIdMap _baseIds = new ScalarIdMap();
        private readonly Dictionary<long, int> _rank = new Dictionary<long, int>(); // pair → merge rank
        private readonly int[] _mergeLeft;   // [M] rank → left id
        private readonly int[] _mergeRight;  // [M] rank → right id
        private readonly int[] _mergeResult; // [M] rank → merged id

        private BpeTokenizer(TokenVocabulary vocabulary, IReadOnlyList<KeyValuePair<string, string>> merges, bool lowercase)
        {
            _vocabulary = vocabulary;
            Lowercase = lowercase;
            for (int id = 0; id < vocabulary.Count; id++)
            {
                if (!vocabulary.IsSpecial(id) && TextScalars.IsSingle(vocabulary[id], out int scalar)) _baseIds.Add(scalar, id);
            }
            _mergeLeft = new int[merges.Count];
            _mergeRight = new int[merges.Count];
            _mergeResult = new int[merges.Count];
            for (int m = 0; m < merges.Count; m++)
            {
                string left = merges[m].Key, right = merges[m].Value;
                int l = Require(vocabulary, left, m), r = Require(vocabulary, right, m);
                int result = Require(vocabulary, left + right, m);
                if (vocabulary.IsSpecial(l) || vocabulary.IsSpecial(r))
                    ThrowHelper.ThrowArgument("merges", $"Merge {m} uses a special token.");
                _mergeLeft[m] = l;
                _mergeRight[m] = r;
                _mergeResult[m] = result;
                _rank.TryAdd(Pair(l, r), m); // a repeated merge keeps its first (highest-priority) rank
            }
        }

        public TokenizerAlgorithm Algorithm => TokenizerAlgorithm.Bpe;

        public int VocabularySize => _vocabulary.Count;

        public int UnknownId => _vocabulary.UnknownId;

        public int PaddingId => _vocabulary.PaddingId;

        public bool Lowercase { get; }

        public int MergeCount => _mergeResult.Length;

        /// <summary>Merge <paramref name="rank"/> as (left, right) token strings; rank 0 was learned first.</summary>
        public KeyValuePair<string, string> GetMerge(int rank)
        {
            if ((uint)rank >= (uint)_mergeResult.Length)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(rank), $"Merge {rank} is not in [0, {_mergeResult.Length}).");
            return new KeyValuePair<string, string>(_vocabulary[_mergeLeft[rank]], _vocabulary[_mergeRight[rank]]);
        }

        public static BpeTokenizer FromDescription(TokenizerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.Algorithm != TokenizerAlgorithm.Bpe)
                ThrowHelper.ThrowArgument(nameof(settings), $"A {settings.Algorithm} description is not a BPE tokenizer.");
            TokenVocabulary vocabulary = TokenVocabulary.FromList(settings.Vocabulary, settings.PaddingToken, settings.UnknownToken);
            return new BpeTokenizer(vocabulary, settings.Merges ?? new List<KeyValuePair<string, string>>(), settings.Lowercase);
        }

        public TokenizerSettings Describe()
        {
            var merges = new List<KeyValuePair<string, string>>(_mergeResult.Length);
            for (int m = 0; m < _mergeResult.Length; m++) merges.Add(GetMerge(m));
            return new TokenizerSettings
            {
                Algorithm = TokenizerAlgorithm.Bpe,
                Vocabulary = _vocabulary.ToList(),
                Merges = merges,
                PaddingToken = _vocabulary.PaddingToken,
                UnknownToken = _vocabulary.UnknownToken,
                Lowercase = Lowercase,
            };
        }

        /// <summary>The id of a token string, or −1.</summary>
        public int GetId(string token) => _vocabulary.TryGetId(token, out int id) ? id : -1;

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

        /// <summary>
        /// See <see cref="ITokenizer.Encode(ReadOnlySpan{char}, Span{int})"/>. The destination doubles as the work area, so
        /// it needs room for the characters of the piece being merged; <c>text.Length</c> always suffices. Allocates
        /// nothing unless lower-casing.
        /// </summary>
        public int Encode(ReadOnlySpan<char> text, Span<int> destination) =>
            EncodeLowered(Lowercase ? TextScalars.Lower(text.ToString()).AsSpan() : text, destination);

        /// <summary>Encode for text that is already lower-cased when <see cref="Lowercase"/> is set (allocates nothing).</summary>
        internal int EncodeLowered(ReadOnlySpan<char> source, Span<int> destination)
        {
            int n = 0;
            for (int start = 0; start < source.Length;)
            {
                int end = TextSegmenter.NextPiece(source, start);
                n += EncodePiece(source.Slice(start, end - start), destination, n);
                start = end;
            }
            return n;
        }

        bool ISegmentedTokenizer.NeedsLoweredText => Lowercase;

        /// <summary>Every piece is a segment; <paramref name="text"/> is already lower-cased when <see cref="Lowercase"/> is set.</summary>
        int ISegmentedTokenizer.EncodeSegments(ReadOnlySpan<char> text, int start, Span<int> ids, int tokenOffset, TokenSegments segments)
        {
            int n = tokenOffset;
            while (start < text.Length)
            {
                segments.Add(start, n);
                int end = TextSegmenter.NextPiece(text, start);
                n += EncodePiece(text.Slice(start, end - start), ids, n);
                start = end;
            }
            return n;
        }

        public string Decode(ReadOnlySpan<int> ids)
        {
            var builder = new StringBuilder(ids.Length * 3);
            for (int i = 0; i < ids.Length; i++) _vocabulary.AppendText(builder, ids[i]);
            return builder.ToString();
        }

        // Writes the piece's characters at destination[offset..], merges them in place and returns the token count.
        private int EncodePiece(ReadOnlySpan<char> piece, Span<int> destination, int offset)
        {
            int n = 0;
            for (int i = 0; i < piece.Length;)
            {
                int at = i;
                int scalar = TextScalars.Next(piece, ref i, lowercase: false);
                int id = _baseIds.Get(scalar);
                if (id < 0)
                {
                    id = _vocabulary.UnknownId;
                    if (id < 0)
                        ThrowHelper.ThrowArgument("text", $"Character U+{scalar:X4} (piece offset {at}) is not in the vocabulary and the tokenizer has no unknown token.");
                }
                if (offset + n == destination.Length)
                    ThrowHelper.ThrowBufferTooSmall(nameof(destination), offset + n + 1, destination.Length);
                destination[offset + n++] = id;
            }
            Span<int> symbols = destination.Slice(offset, n);
            while (n > 1)
            {
                int best = int.MaxValue;
                for (int k = 0; k + 1 < n; k++)
                {
                    if (_rank.TryGetValue(Pair(symbols[k], symbols[k + 1]), out int rank) && rank < best) best = rank;
                }
                if (best == int.MaxValue) break;
                n = MergeAll(symbols.Slice(0, n), _mergeLeft[best], _mergeRight[best], _mergeResult[best]);
            }
            return n;
        }

        /// <summary>Replaces each non-overlapping (left, right), scanning left to right, by merged; returns the new length.</summary>
        internal static int MergeAll(Span<int> symbols, int left, int right, int merged)
        {
            int j = 0;
            for (int k = 0; k < symbols.Length;)
            {
                if (k + 1 < symbols.Length && symbols[k] == left && symbols[k + 1] == right)
                {
                    symbols[j++] = merged;
                    k += 2;
                }
                else
                {
                    symbols[j++] = symbols[k++];
                }
            }
            return j;
        }

        internal static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

        private static int Require(TokenVocabulary vocabulary, string token, int merge)
        {
            if (!vocabulary.TryGetId(token, out int id))
                ThrowHelper.ThrowArgument("merges", $"Merge {merge} needs token '{TokenVocabulary.Escape(token)}', which is not in the vocabulary.");
            return id;
        }
    }
}
