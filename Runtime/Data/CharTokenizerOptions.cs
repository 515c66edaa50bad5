// Training options of CharTokenizer. The defaults give nanoGPT's character vocabulary: no special tokens.
namespace Recurrent.Data
{
    public sealed class CharTokenizerOptions
    {
        /// <summary>Lower-case the corpus and every input (char.ToLowerInvariant per UTF-16 unit).</summary>
        public bool Lowercase { get; set; }

        /// <summary>The padding token string, reserved at id 0; null (default) for none.</summary>
        public string? PaddingToken { get; set; }

        /// <summary>The unknown token string, reserved after padding; null (default) for none: unseen characters throw.</summary>
        public string? UnknownToken { get; set; }
    }
}
