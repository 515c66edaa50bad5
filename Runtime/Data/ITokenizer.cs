// The contract of every tokenizer: text ↔ token ids, the special ids, and a plain-data description for the model
// file. Training is each tokenizer's static Train; batching the ids is Padding's and the datasets' job.
using System;

namespace Recurrent.Data
{
    /// <summary>Turns text into token ids and back.</summary>
    public interface ITokenizer
    {
        TokenizerAlgorithm Algorithm { get; }

        /// <summary>Ids are in [0, VocabularySize).</summary>
        int VocabularySize { get; }

        /// <summary>The id that out-of-vocabulary input maps to, or −1 when there is none (such input then throws).</summary>
        int UnknownId { get; }

        /// <summary>The padding id, or −1 when there is none.</summary>
        int PaddingId { get; }

        bool Lowercase { get; }

        int[] Encode(string text);

        /// <summary>
        /// Writes the ids of <paramref name="text"/> and returns how many. Every token covers at least one character,
        /// so a destination of <c>text.Length</c> ids always suffices; a smaller one that overflows throws.
        /// </summary>
        int Encode(ReadOnlySpan<char> text, Span<int> destination);

        /// <summary>The text of the ids: padding decodes to nothing, unknown to the unknown token's string.</summary>
        string Decode(ReadOnlySpan<int> ids);

        /// <summary>The vocabulary string of <paramref name="id"/>.</summary>
        string GetToken(int id);

        TokenizerSettings Describe();
    }
}
