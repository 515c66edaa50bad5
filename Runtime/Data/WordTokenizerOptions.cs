// Training options of WordTokenizer. Defaults: padding "<pad>" at id 0, unknown "<unk>" at id 1, every word kept.
namespace Recurrent.Data
{
    public sealed class WordTokenizerOptions
    {
        /// <summary>Lower-case the corpus and every input (char.ToLowerInvariant per UTF-16 unit).</summary>
        public bool Lowercase { get; set; }

        /// <summary>The largest vocabulary, special tokens included; 0 for no limit.</summary>
        public int MaxVocabularySize { get; set; }

        /// <summary>Words seen fewer times than this in the corpus are left out (they encode as unknown).</summary>
        public int MinCount { get; set; } = 1;

        /// <summary>The padding token string, reserved at id 0; null for none.</summary>
        public string? PaddingToken { get; set; } = TokenizerSettings.DefaultPaddingToken;

        /// <summary>The unknown token string, reserved after padding; null for none (unseen words then throw).</summary>
        public string? UnknownToken { get; set; } = TokenizerSettings.DefaultUnknownToken;
    }
}
