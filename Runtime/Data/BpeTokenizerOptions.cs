// Training options of BpeTokenizer. Training stops at whichever limit comes first; 0 means no limit.
namespace Recurrent.Data
{
    public sealed class BpeTokenizerOptions
    {
        /// <summary>Stop when the vocabulary (special tokens, characters and merged tokens) reaches this size; 0 for no limit.</summary>
        public int TargetVocabularySize { get; set; }

        /// <summary>Stop after this many merges; 0 for no limit.</summary>
        public int MaxMerges { get; set; }

        /// <summary>Stop when the most frequent adjacent pair occurs fewer times than this (default 2).</summary>
        public int MinPairFrequency { get; set; } = 2;

        /// <summary>Lower-case the corpus and every input (char.ToLowerInvariant per UTF-16 unit).</summary>
        public bool Lowercase { get; set; }

        /// <summary>The padding token string, reserved at id 0; null (default) for none.</summary>
        public string? PaddingToken { get; set; }

        /// <summary>The unknown token string for characters absent from the corpus (default "&lt;unk&gt;"); null: they throw.</summary>
        public string? UnknownToken { get; set; } = TokenizerSettings.DefaultUnknownToken;
    }
}
