// The tokenizers a model file can describe (file strings "char", "word", "bpe").
namespace Recurrent.Formats
{
    public enum TokenizerKind
    {
        /// <summary>One token per character (Unicode scalar value).</summary>
        Char,
        /// <summary>Whitespace-separated words.</summary>
        Word,
        /// <summary>Byte-pair encoding with an ordered merge list.</summary>
        Bpe,
    }
}
