// Rebuilds a tokenizer from its plain-data description, whichever algorithm it is (a static switch, no reflection).
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Factory for <see cref="ITokenizer"/> descriptions.</summary>
    public static class Tokenizer
    {
        public static ITokenizer FromDescription(TokenizerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            switch (settings.Algorithm)
            {
                case TokenizerAlgorithm.Char: return CharTokenizer.FromDescription(settings);
                case TokenizerAlgorithm.Word: return WordTokenizer.FromDescription(settings);
                case TokenizerAlgorithm.Bpe: return BpeTokenizer.FromDescription(settings);
                default:
                    ThrowHelper.ThrowArgument(nameof(settings), $"Unknown tokenizer algorithm {settings.Algorithm}.");
                    return null!;
            }
        }
    }
}
