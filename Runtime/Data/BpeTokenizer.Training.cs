// BPE training: count pieces once (word frequencies), then repeatedly merge the most frequent adjacent pair,
// updating pair counts only in the pieces that contain it. Ties go to the ordinally smaller (left, right) strings.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Data
{
    public sealed partial class BpeTokenizer
    {
        /// <summary>
        /// Learns merges from <paramref name="corpus"/>. Vocabulary = special tokens (padding at 0, then unknown), the
        /// corpus's characters by code point, then one token per merge (a merge whose string already exists reuses it).
        /// Each step merges the adjacent pair with the highest count over all pieces (overlapping occurrences counted,
        /// as in Sennrich et al.), ties broken by the ordinal order of the left, then the right token string, and
        /// replaces its non-overlapping occurrences left to right.
        /// </summary>
        public static BpeTokenizer Train(string corpus, BpeTokenizerOptions? options = null)
        {
            if (corpus is null) throw new ArgumentNullException(nameof(corpus));
            options ??= new BpeTokenizerOptions();
            if (options.TargetVocabularySize < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "TargetVocabularySize must not be negative.");
            if (options.MaxMerges < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MaxMerges must not be negative.");
            if (options.MinPairFrequency < 1) ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MinPairFrequency must be at least 1.");

            string text = options.Lowercase ? TextScalars.Lower(corpus) : corpus;
            var trainer = new Trainer(text, options);
            trainer.Run();
            return new BpeTokenizer(TokenVocabulary.FromList(trainer.Tokens, options.PaddingToken, options.UnknownToken),
                trainer.Merges, options.Lowercase);
        }

        private sealed class Trainer
        {
            private readonly BpeTokenizerOptions _options;
            private readonly Dictionary<string, int> _tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly int[][] _words;   // distinct pieces as symbol ids (merged in place)
            private readonly int[] _lengths;   // current symbol count of each piece
            private readonly int[] _frequency; // occurrences of each piece in the corpus
            private readonly int[] _stamp;     // last merge that visited each piece
            private readonly Dictionary<long, int> _pairCounts = new Dictionary<long, int>();
            private readonly Dictionary<long, List<int>> _pairWords = new Dictionary<long, List<int>>();

            public Trainer(string text, BpeTokenizerOptions options)
            {
                _options = options;
                if (options.PaddingToken != null) AddToken(options.PaddingToken);
                if (options.UnknownToken != null) AddToken(options.UnknownToken);

                var pieces = new Dictionary<string, int>(StringComparer.Ordinal);
                ReadOnlySpan<char> span = text.AsSpan();
                for (int start = 0; start < span.Length;)
                {
                    int end = TextSegmenter.NextPiece(span, start);
                    string piece = text.Substring(start, end - start);
                    pieces.TryGetValue(piece, out int c);
                    pieces[piece] = c + 1;
                    start = end;
                }

                // Order pieces ordinally so that nothing depends on dictionary enumeration order.
                var keys = new List<string>(pieces.Keys);
                keys.Sort(string.CompareOrdinal);
                var alphabet = new SortedSet<int>();
                foreach (string piece in keys)
                {
                    ReadOnlySpan<char> p = piece.AsSpan();
                    for (int i = 0; i < p.Length;) alphabet.Add(TextScalars.Next(p, ref i, lowercase: false));
                }
                var baseIds = new ScalarIdMap();
                foreach (int scalar in alphabet)
                {
                    string s = TextScalars.ToText(scalar);
                    if (_tokenIds.ContainsKey(s))
                        ThrowHelper.ThrowArgument("options", $"Special token '{TokenVocabulary.Escape(s)}' is also a corpus character.");
                    baseIds.Add(scalar, AddToken(s));
                }

                _words = new int[keys.Count][];
                _lengths = new int[keys.Count];
                _frequency = new int[keys.Count];
                _stamp = new int[keys.Count];
                for (int w = 0; w < keys.Count; w++)
                {
                    ReadOnlySpan<char> p = keys[w].AsSpan();
                    var symbols = new List<int>(p.Length);
                    for (int i = 0; i < p.Length;) symbols.Add(baseIds.Get(TextScalars.Next(p, ref i, lowercase: false)));
                    _words[w] = symbols.ToArray();
                    _lengths[w] = symbols.Count;
                    _frequency[w] = pieces[keys[w]];
                    _stamp[w] = -1;
                    AddPairs(w, -1);
                }
            }

            public List<string> Tokens { get; } = new List<string>();

            public List<KeyValuePair<string, string>> Merges { get; } = new List<KeyValuePair<string, string>>();

            public void Run()
            {
                while ((_options.TargetVocabularySize == 0 || Tokens.Count < _options.TargetVocabularySize)
                    && (_options.MaxMerges == 0 || Merges.Count < _options.MaxMerges))
                {
                    if (!TryBestPair(out long best, out int count) || count < _options.MinPairFrequency) break;
                    int left = (int)(best >> 32), right = (int)(uint)best;
                    string merged = Tokens[left] + Tokens[right];
                    if (!_tokenIds.TryGetValue(merged, out int id)) id = AddToken(merged);
                    int mergeIndex = Merges.Count;
                    Merges.Add(new KeyValuePair<string, string>(Tokens[left], Tokens[right]));
                    Apply(best, left, right, id, mergeIndex);
                }
            }

            private bool TryBestPair(out long best, out int bestCount)
            {
                best = 0;
                bestCount = 0;
                foreach (KeyValuePair<long, int> e in _pairCounts)
                {
                    int c = e.Value;
                    if (c < bestCount || c <= 0) continue;
                    if (c > bestCount || Precedes(e.Key, best))
                    {
                        best = e.Key;
                        bestCount = c;
                    }
                }
                return bestCount > 0;
            }

            // Tie-break: the ordinally smaller left string, then the smaller right string.
            private bool Precedes(long a, long b)
            {
                int cmp = string.CompareOrdinal(Tokens[(int)(a >> 32)], Tokens[(int)(b >> 32)]);
                if (cmp == 0) cmp = string.CompareOrdinal(Tokens[(int)(uint)a], Tokens[(int)(uint)b]);
                return cmp < 0;
            }

            private void Apply(long pair, int left, int right, int merged, int mergeIndex)
            {
                if (!_pairWords.TryGetValue(pair, out List<int>? words)) return;
                _pairWords.Remove(pair);
                foreach (int w in words)
                {
                    if (_stamp[w] == mergeIndex || !Contains(w, left, right)) continue;
                    _stamp[w] = mergeIndex;
                    RemovePairs(w);
                    _lengths[w] = MergeAll(_words[w].AsSpan(0, _lengths[w]), left, right, merged);
                    AddPairs(w, merged);
                }
                _pairCounts.Remove(pair);
            }

            private bool Contains(int w, int left, int right)
            {
                int[] s = _words[w];
                for (int k = 0; k + 1 < _lengths[w]; k++)
                {
                    if (s[k] == left && s[k + 1] == right) return true;
                }
                return false;
            }

            private void RemovePairs(int w)
            {
                int[] s = _words[w];
                for (int k = 0; k + 1 < _lengths[w]; k++)
                {
                    long key = Pair(s[k], s[k + 1]);
                    _pairCounts[key] -= _frequency[w];
                }
            }

            // Adds the piece's pairs to the counts; registers the piece under new pairs (all of them initially, then
            // only those containing the freshly merged id: every other pair was already there before the merge).
            private void AddPairs(int w, int merged)
            {
                int[] s = _words[w];
                for (int k = 0; k + 1 < _lengths[w]; k++)
                {
                    long key = Pair(s[k], s[k + 1]);
                    _pairCounts.TryGetValue(key, out int c);
                    _pairCounts[key] = c + _frequency[w];
                    if (merged >= 0 && s[k] != merged && s[k + 1] != merged) continue;
                    if (!_pairWords.TryGetValue(key, out List<int>? list))
                    {
                        list = new List<int>();
                        _pairWords[key] = list;
                    }
                    if (list.Count == 0 || list[list.Count - 1] != w) list.Add(w);
                }
            }

            private int AddToken(string token)
            {
                int id = Tokens.Count;
                Tokens.Add(token);
                _tokenIds[token] = id;
                return id;
            }
        }
    }
}
