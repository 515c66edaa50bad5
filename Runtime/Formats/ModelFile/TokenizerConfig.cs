// A tokenizer's settings as stored in a model file: vocabulary (index = token id), BPE merges and special tokens.
// Plain data; the tokenizer that applies it lives elsewhere.
using System.Collections.Generic;

namespace Recurrent.Formats
{
    /// <summary>Tokenizer settings (<c>preprocessing.tokenizer</c>).</summary>
    public sealed class TokenizerConfig
    {
        public TokenizerKind Kind { get; set; }

        /// <summary>Token strings; index = token id.</summary>
        public List<string> Vocabulary { get; set; } = new List<string>();

        /// <summary>BPE merges in priority order (empty for other kinds).</summary>
        public List<KeyValuePair<string, string>> Merges { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The token for out-of-vocabulary input, or null.</summary>
        public string? UnkToken { get; set; }

        /// <summary>The padding token, or null.</summary>
        public string? PadToken { get; set; }

        /// <summary>Whether input is lower-cased before tokenizing.</summary>
        public bool Lowercase { get; set; }
    }
}
