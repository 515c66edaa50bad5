// A trained tokenizer as plain data (what a model file stores): vocabulary (index = id), ordered BPE merges, special
// tokens and lower-casing. Tokenizer.FromDescription turns it back into a tokenizer.
using System.Collections.Generic;

namespace Recurrent.Data
{
    /// <summary>The description of an <see cref="ITokenizer"/>.</summary>
    public sealed class TokenizerSettings
    {
        /// <summary>The default padding token string.</summary>
        public const string DefaultPaddingToken = "<pad>";

        /// <summary>The default unknown token string.</summary>
        public const string DefaultUnknownToken = "<unk>";

        public TokenizerAlgorithm Algorithm { get; set; }

        /// <summary>Token strings; index = token id. Entries are unique.</summary>
        public List<string> Vocabulary { get; set; } = new List<string>();

        /// <summary>BPE merges (left, right) in priority order; empty for the other algorithms.</summary>
        public List<KeyValuePair<string, string>> Merges { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The vocabulary entry that stands for out-of-vocabulary input, or null (unknown input then throws).</summary>
        public string? UnknownToken { get; set; }

        /// <summary>The vocabulary entry used for padding, or null.</summary>
        public string? PaddingToken { get; set; }

        /// <summary>Whether text is lower-cased (char.ToLowerInvariant per UTF-16 unit) before tokenizing.</summary>
        public bool Lowercase { get; set; }

        /// <summary>A copy whose lists can be changed without affecting this one (strings are shared: they are immutable).</summary>
        public TokenizerSettings Clone() => new TokenizerSettings
        {
            Algorithm = Algorithm,
            Vocabulary = Vocabulary is null ? new List<string>() : new List<string>(Vocabulary),
            Merges = Merges is null ? new List<KeyValuePair<string, string>>() : new List<KeyValuePair<string, string>>(Merges),
            UnknownToken = UnknownToken,
            PaddingToken = PaddingToken,
            Lowercase = Lowercase,
        };
    }
}
