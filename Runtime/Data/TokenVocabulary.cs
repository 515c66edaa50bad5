// The id ↔ token-string table shared by the tokenizers, with the optional padding and unknown tokens. Trained
// tables put padding at id 0 and unknown next; a loaded table may place them anywhere (found by their strings).
using System;
using System.Collections.Generic;
using System.Text;
using Recurrent.Core;

namespace Recurrent.Data
{
    internal sealed class TokenVocabulary
    {
        private readonly string[] _tokens;
        private readonly Dictionary<string, int> _ids;

        private TokenVocabulary(string[] tokens, string? paddingToken, string? unknownToken)
        {
            _tokens = tokens;
            _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
            for (int id = 0; id < tokens.Length; id++)
            {
                if (tokens[id] is null) ThrowHelper.ThrowArgument("vocabulary", $"Vocabulary entry {id} is null.");
                if (!_ids.TryAdd(tokens[id], id))
                    ThrowHelper.ThrowArgument("vocabulary", $"Vocabulary entry '{Escape(tokens[id])}' appears at ids {_ids[tokens[id]]} and {id}.");
            }
            PaddingToken = paddingToken;
            UnknownToken = unknownToken;
            PaddingId = Find(paddingToken, "padding");
            UnknownId = Find(unknownToken, "unknown");
            if (PaddingId >= 0 && PaddingId == UnknownId)
                ThrowHelper.ThrowArgument("vocabulary", "The padding and unknown tokens must differ.");
        }

        public int Count => _tokens.Length;

        public int PaddingId { get; }

        public int UnknownId { get; }

        public string? PaddingToken { get; }

        public string? UnknownToken { get; }

        public string this[int id] => _tokens[id];

        /// <summary>Padding (id 0) and unknown (next id) when enabled, then <paramref name="tokens"/> in order.</summary>
        public static TokenVocabulary Create(IReadOnlyList<string> tokens, string? paddingToken, string? unknownToken)
        {
            var all = new List<string>(tokens.Count + 2);
            if (paddingToken != null) all.Add(paddingToken);
            if (unknownToken != null) all.Add(unknownToken);
            for (int i = 0; i < tokens.Count; i++) all.Add(tokens[i]);
            return new TokenVocabulary(all.ToArray(), paddingToken, unknownToken);
        }

        /// <summary>A table exactly as described: id = index; the special tokens are found by their strings.</summary>
        public static TokenVocabulary FromList(IReadOnlyList<string> vocabulary, string? paddingToken, string? unknownToken)
        {
            if (vocabulary is null) throw new ArgumentNullException(nameof(vocabulary));
            var tokens = new string[vocabulary.Count];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = vocabulary[i];
            return new TokenVocabulary(tokens, paddingToken, unknownToken);
        }

        public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

        public bool IsSpecial(int id) => id == PaddingId || id == UnknownId;

        public List<string> ToList() => new List<string>(_tokens);

        /// <summary>Appends the text of <paramref name="id"/>: nothing for padding, the unknown token's string for unknown.</summary>
        public void AppendText(StringBuilder builder, int id)
        {
            CheckId(id);
            if (id != PaddingId) builder.Append(_tokens[id]);
        }

        public void CheckId(int id)
        {
            if ((uint)id >= (uint)_tokens.Length)
                ThrowHelper.ThrowArgumentOutOfRange("ids", $"Token id {id} is not in [0, {_tokens.Length}).");
        }

        public static string Escape(string text)
        {
            var b = new StringBuilder(text.Length + 4);
            foreach (char c in text)
            {
                if (c == '\n') b.Append("\\n");
                else if (c == '\r') b.Append("\\r");
                else if (c == '\t') b.Append("\\t");
                else if (c < ' ') b.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                else b.Append(c);
            }
            return b.ToString();
        }

        private int Find(string? token, string role)
        {
            if (token is null) return -1;
            if (token.Length == 0) ThrowHelper.ThrowArgument("vocabulary", $"The {role} token must not be empty.");
            if (!_ids.TryGetValue(token, out int id))
                ThrowHelper.ThrowArgument("vocabulary", $"The {role} token '{Escape(token)}' is not in the vocabulary.");
            return id;
        }
    }
}
