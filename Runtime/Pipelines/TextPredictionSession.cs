// Next-token prediction that follows a text field as it is edited: each change re-tokenizes the text from the last
// segment (scalar, word, BPE piece) the edit cannot reach, giving exactly TextPredictor's tokens, and the streaming
// session steps only over tokens that differ from those it has read, rolling back to a kept state when an edit changes
// earlier tokens. Steady state allocates nothing.
using System;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Pipelines
{
    /// <summary>Follows one text (a text field, a chat line) and keeps the next-token probabilities after it current.</summary>
    /// <remarks>
    /// Every change re-tokenizes the text from the last segment (character, word or BPE piece) before the edit that the
    /// edit cannot affect, so typing at the end costs a few characters of tokenizing whatever the text's length, without
    /// allocating for character and BPE tokenizers (word tokenizers allocate a string per re-read word). The tokens are
    /// compared with those the model has read and the model steps from the first difference. The model state after each
    /// of the last <c>rollbackTokens</c> tokens is kept, so an edit near the end costs a state copy and the steps after
    /// it; an edit further back replays the text.
    /// Results therefore equal <see cref="TextPredictor.PredictNext"/> on the same text (up to the last bits of
    /// streaming versus batch arithmetic). Not thread-safe; use one session per text field.
    /// For word completion, set the text of the finished words and pass the word being typed as the prefix:
    /// <c>session.SetText("see you "); session.TopK(results, "tom")</c>.
    /// </remarks>
    public sealed class TextPredictionSession
    {
        private readonly TextPredictor _predictor;
        private readonly ISegmentedTokenizer _tokenizer;
        private readonly TokenSegments _segments = new TokenSegments();   // of the current text
        private readonly StreamingSession _session;
        private readonly int _vocabulary;
        private readonly int _rollback;         // R: states kept
        private readonly float[] _snapshots;    // [R, S]: state after j tokens at slot (j − 1) mod R
        private readonly float[] _output;       // [V] model output after the last token read
        private readonly float[] _probabilities;// [V]
        private readonly float[] _input;        // [V] one-hot step input (feature models)
        private char[] _text = new char[64];
        private int _length;
        private int[] _ids = new int[64];       // tokens of the current text
        private int[] _fed = new int[64];       // tokens the model has read, in order
        private int _fedCount;
        private int _snapshotLow = 1;           // smallest j whose state is still kept
        private char[] _lowered = Array.Empty<char>();

        internal TextPredictionSession(TextPredictor predictor, int rollbackTokens)
        {
            _predictor = predictor;
            _tokenizer = (ISegmentedTokenizer)predictor.Tokenizer;   // Tokenizer.FromDescription builds only these
            _session = predictor.Model.CreateSession(1);
            _vocabulary = predictor.VocabularySize;
            _rollback = rollbackTokens;
            _snapshots = new float[(long)rollbackTokens * _session.StateLength > int.MaxValue
                ? throw new ArgumentOutOfRangeException(nameof(rollbackTokens), "Too many states to keep for this model.")
                : rollbackTokens * _session.StateLength];
            _output = new float[_vocabulary];
            _probabilities = new float[_vocabulary];
            _input = predictor.TakesTokens ? Array.Empty<float>() : new float[_vocabulary];
        }

        /// <summary>The predictor (model and tokenizer) this session uses.</summary>
        public TextPredictor Predictor => _predictor;

        /// <summary>The text so far (a view of the session's buffer, valid until the next change).</summary>
        public ReadOnlySpan<char> Text => new ReadOnlySpan<char>(_text, 0, _length);

        /// <summary>Tokens of the text that the model has read.</summary>
        public int TokenCount => _fedCount;

        /// <summary>The token ids of the text, as the model read them (a view, valid until the next change).</summary>
        public ReadOnlySpan<int> Tokens => new ReadOnlySpan<int>(_fed, 0, _fedCount);

        /// <summary>False while the text holds no token (e.g. it is empty): there is nothing to predict from yet.</summary>
        public bool HasPrediction => _fedCount > 0;

        /// <summary>The next-token probabilities [V] after the text, or an empty span while <see cref="HasPrediction"/> is false.</summary>
        public ReadOnlySpan<float> Probabilities => HasPrediction ? _probabilities : ReadOnlySpan<float>.Empty;

        /// <summary>Appends typed text (one key or a paste).</summary>
        public void Append(ReadOnlySpan<char> text)
        {
            int length = _length + text.Length;
            EnsureText(length);
            text.CopyTo(_text.AsSpan(_length));
            Update(new ReadOnlySpan<char>(_text, 0, length), _length);   // commits the length only if tokenizing succeeds
            _length = length;
        }

        /// <summary>Appends one typed character.</summary>
        public void Append(char c)
        {
            EnsureText(_length + 1);
            _text[_length] = c;
            Update(new ReadOnlySpan<char>(_text, 0, _length + 1), _length);
            _length++;
        }

        /// <summary>Removes the last <paramref name="count"/> UTF-16 units (backspace); fewer when the text is shorter.</summary>
        public void Backspace(int count = 1)
        {
            if (count < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(count), "The count must not be negative.");
            int length = Math.Max(0, _length - count);
            Update(new ReadOnlySpan<char>(_text, 0, length), length);
            _length = length;
        }

        /// <summary>Replaces the whole text (e.g. after the caret moved and the user edited the middle).</summary>
        public void SetText(ReadOnlySpan<char> text)
        {
            int same = 0, limit = Math.Min(text.Length, _length);
            while (same < limit && text[same] == _text[same]) same++;
            Update(text, same);   // before the copy: text may not be tokenizable, and then nothing changes
            EnsureText(text.Length);
            text.CopyTo(_text);
            _length = text.Length;
        }

        /// <summary>Empties the text and forgets the model state.</summary>
        public void Clear() => SetText(ReadOnlySpan<char>.Empty);

        /// <summary>
        /// The <paramref name="results"/>.Length most probable next tokens, most probable first, padding and unknown tokens
        /// left out; with <paramref name="startsWith"/>, only tokens that begin with it (lower-cased when the tokenizer
        /// lower-cases). Returns how many were written; 0 while <see cref="HasPrediction"/> is false. Allocates nothing.
        /// </summary>
        public int TopK(Span<Prediction> results, ReadOnlySpan<char> startsWith = default) =>
            HasPrediction ? _predictor.TopK(_probabilities, results, startsWith) : 0;

        /// <summary>
        /// Re-tokenizes <paramref name="text"/>, whose first <paramref name="unchanged"/> characters equal the current
        /// text's, and steps the model over the tokens that changed.
        /// </summary>
        private void Update(ReadOnlySpan<char> text, int unchanged)
        {
            // Restart at the last segment whose scan ends before the edit: it and the tokens before it stay as they are.
            int k = _segments.LastAtOrBefore(unchanged - SegmentedTokenizer.SegmentLookahead);
            int restart = k < 0 ? 0 : _segments.Start(k), kept = k < 0 ? 0 : _segments.TokensBefore(k);
            _segments.Truncate(Math.Max(k, 0));
            if (_ids.Length < text.Length) Array.Resize(ref _ids, Math.Max(text.Length, 2 * _ids.Length));
            ReadOnlySpan<char> source = text;
            if (_tokenizer.NeedsLoweredText)
            {
                if (_lowered.Length < text.Length) Array.Resize(ref _lowered, Math.Max(text.Length, 2 * _lowered.Length));
                for (int i = restart; i < text.Length; i++) _lowered[i] = char.ToLowerInvariant(text[i]);   // = TextScalars.Lower
                source = new ReadOnlySpan<char>(_lowered, 0, text.Length);
            }
            int n;
            try
            {
                n = _tokenizer.EncodeSegments(source, restart, _ids, kept, _segments);
            }
            catch
            {
                _segments.Truncate(0);   // an unknown character: the text stays as it was; re-tokenize it all next time
                throw;
            }
            if (_fed.Length < n) Array.Resize(ref _fed, Math.Max(n, 2 * _fed.Length));

            int common = Math.Min(kept, _fedCount), limit = Math.Min(n, _fedCount);   // the kept tokens were read already
            while (common < limit && _ids[common] == _fed[common]) common++;
            if (common == _fedCount && common == n) return;   // same tokens

            int start;   // the model state after `start` tokens is restored; tokens [start, n) are then read
            if (common == _fedCount)
            {
                start = common;
            }
            else
            {
                int target = n > common ? common : common - 1;   // a pure deletion re-reads the last kept token for its output
                if (target >= _snapshotLow && target >= 1)
                {
                    _session.SetState(Snapshot(target));
                    start = target;
                }
                else
                {
                    _session.Reset();
                    _snapshotLow = 1;
                    start = 0;
                }
            }
            _fedCount = start;
            if (n == 0)
            {
                _session.Reset();
                _snapshotLow = 1;
                return;
            }
            for (int j = start; j < n; j++)
            {
                int id = _ids[j];
                if (_predictor.TakesTokens)
                {
                    _session.Step(id, _output);
                }
                else
                {
                    _input[id] = 1f;
                    _session.Step(_input, _output);
                    _input[id] = 0f;
                }
                _fed[j] = id;
                _fedCount = j + 1;
                _session.GetState(Snapshot(_fedCount));
                _snapshotLow = Math.Max(_snapshotLow, _fedCount - _rollback + 1);
            }
            _predictor.Probabilities.Convert(_output, _probabilities);
        }

        private Span<float> Snapshot(int tokens)
        {
            int s = _session.StateLength;
            return new Span<float>(_snapshots, (tokens - 1) % _rollback * s, s);
        }

        private void EnsureText(int length)
        {
            if (_text.Length < length) Array.Resize(ref _text, Math.Max(length, 2 * _text.Length));
        }
    }
}
