// One-hot encoding of class or token ids into float rows [n, classes], and its argmax inverse.
// Embedding layers take ids directly; this is for one-hot inputs and for targets of losses that want them.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    public static class OneHot
    {
        /// <summary>[n, classes] with row i all zero except 1 at column ids[i].</summary>
        public static float[] Encode(ReadOnlySpan<int> ids, int classes)
        {
            if (classes <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(classes), "The class count must be positive.");
            if ((long)ids.Length * classes > int.MaxValue)
                ThrowHelper.ThrowArgument(nameof(ids), "The one-hot matrix would hold more than 2^31 values.");
            var result = new float[ids.Length * classes];
            Encode(ids, classes, result);
            return result;
        }

        /// <summary>Writes [n, classes] one-hot rows into <paramref name="destination"/> (every value is written).</summary>
        public static void Encode(ReadOnlySpan<int> ids, int classes, Span<float> destination)
        {
            if (classes <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(classes), "The class count must be positive.");
            ThrowHelper.CheckLength(destination.Length, ids.Length * classes, nameof(destination));
            destination.Slice(0, ids.Length * classes).Clear();
            for (int i = 0; i < ids.Length; i++)
            {
                if ((uint)ids[i] >= (uint)classes)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(ids), $"ids[{i}] = {ids[i]} is not in [0, {classes}).");
                destination[i * classes + ids[i]] = 1f;
            }
        }

        /// <summary>The index of the largest value of each row of [n, classes] (the first one on ties).</summary>
        public static int[] Decode(ReadOnlySpan<float> rows, int classes)
        {
            if (classes <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(classes), "The class count must be positive.");
            if (rows.Length % classes != 0)
                ThrowHelper.ThrowArgument(nameof(rows), $"{rows.Length} values are not whole rows of {classes} classes.");
            var ids = new int[rows.Length / classes];
            for (int i = 0; i < ids.Length; i++)
            {
                ReadOnlySpan<float> row = rows.Slice(i * classes, classes);
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (row[c] > row[best]) best = c;
                }
                ids[i] = best;
            }
            return ids;
        }
    }
}
