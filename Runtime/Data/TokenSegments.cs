// Where a tokenized text splits into independent segments (scalars, words, BPE pieces) and how many tokens precede
// each, so an edited text can be re-tokenized from the last segment the edit cannot reach. Grows, never shrinks.
using System;

namespace Recurrent.Data
{
    internal sealed class TokenSegments
    {
        private int[] _starts = new int[64];   // text offset of each segment, ascending
        private int[] _tokens = new int[64];   // tokens before each segment

        public int Count { get; private set; }

        public int Start(int k) => _starts[k];

        public int TokensBefore(int k) => _tokens[k];

        public void Add(int textStart, int tokensBefore)
        {
            if (Count == _starts.Length)
            {
                Array.Resize(ref _starts, 2 * Count);
                Array.Resize(ref _tokens, 2 * Count);
            }
            _starts[Count] = textStart;
            _tokens[Count] = tokensBefore;
            Count++;
        }

        /// <summary>Forgets the segments from <paramref name="count"/> on.</summary>
        public void Truncate(int count) => Count = Math.Min(Count, Math.Max(0, count));

        /// <summary>The last segment starting at or before <paramref name="limit"/>, or −1.</summary>
        public int LastAtOrBefore(int limit)
        {
            int lo = 0, hi = Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_starts[mid] <= limit)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }
}
