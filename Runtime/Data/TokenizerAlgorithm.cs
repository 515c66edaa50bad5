// The tokenizers Recurrent.Data implements (model file strings "char", "word", "bpe").
namespace Recurrent.Data
{
    public enum TokenizerAlgorithm
    {
        /// <summary>One token per Unicode scalar (CharTokenizer).</summary>
        Char,
        /// <summary>Words and single punctuation marks (WordTokenizer).</summary>
        Word,
        /// <summary>Byte-pair encoding over characters with an ordered merge list (BpeTokenizer).</summary>
        Bpe,
    }
}
