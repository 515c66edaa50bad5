// Unicode scalar → token id lookup for the character-based tokenizers: a table for ASCII, a dictionary beyond.
using System.Collections.Generic;

namespace Recurrent.Data
{
    internal sealed class ScalarIdMap
    {
        private const int TableSize = 128;
        private readonly int[] _ascii = new int[TableSize];
        private readonly Dictionary<int, int> _other = new Dictionary<int, int>();

        public ScalarIdMap()
        {
            for (int i = 0; i < TableSize; i++) _ascii[i] = -1;
        }

        public void Add(int scalar, int id)
        {
            if ((uint)scalar < TableSize) _ascii[scalar] = id;
            else _other[scalar] = id;
        }

        /// <summary>The id of <paramref name="scalar"/>, or −1.</summary>
        public int Get(int scalar)
        {
            if ((uint)scalar < TableSize) return _ascii[scalar];
            return _other.TryGetValue(scalar, out int id) ? id : -1;
        }
    }
}
