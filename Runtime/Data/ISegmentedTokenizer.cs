// The tokenizers' incremental form: the text splits left to right into segments that tokenize independently, and each
// segment's scan reads at most SegmentLookahead characters past its end, so a segment starting that far before an edit
// keeps its start and the tokens before it. Used by text prediction sessions to re-tokenize only the edited tail.
using System;

namespace Recurrent.Data
{
    internal interface ISegmentedTokenizer
    {
        /// <summary>Whether EncodeSegments wants text that is already lower-cased (it does not lower-case itself).</summary>
        bool NeedsLoweredText { get; }

        /// <summary>
        /// Encodes text[start..] (start is 0 or a segment start of <paramref name="text"/>) into ids[tokenOffset..] — the
        /// same ids Encode gives for that part — appending each segment's start and the tokens before it (counted from the
        /// text's beginning) to <paramref name="segments"/>. ids needs room for text.Length ids. Returns the total token count.
        /// </summary>
        int EncodeSegments(ReadOnlySpan<char> text, int start, Span<int> ids, int tokenOffset, TokenSegments segments);
    }

    internal static class SegmentedTokenizer
    {
        /// <summary>
        /// How far past a segment's end its scan may read: one character of look-ahead, one more for the low half of a
        /// surrogate pair, one more for the run of white space BPE keeps apart from a following word; plus one spare.
        /// </summary>
        public const int SegmentLookahead = 4;
    }
}
