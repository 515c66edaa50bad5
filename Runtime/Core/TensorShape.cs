// An immutable tensor shape (row-major). Shapes are built at model-build time, never in hot loops.
using System;
using System.Text;

namespace Recurrent.Core
{
    /// <summary>Dimensions of a row-major tensor. Rank 0 is a scalar with one element.</summary>
    public readonly struct TensorShape : IEquatable<TensorShape>
    {
        private readonly int[]? _dims;

        public TensorShape(params int[] dims)
        {
            if (dims is null) throw new ArgumentNullException(nameof(dims));
            long n = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                if (dims[i] < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(dims), $"Dimension {i} is negative ({dims[i]}).");
                n *= dims[i];
                if (n > int.MaxValue) ThrowHelper.ThrowArgumentOutOfRange(nameof(dims), "Shape holds more than int.MaxValue elements.");
            }
            _dims = (int[])dims.Clone();
        }

        public int Rank => _dims?.Length ?? 0;

        public int this[int axis] => _dims![axis];

        /// <summary>Number of elements (1 for a scalar).</summary>
        public int Length
        {
            get
            {
                int n = 1;
                if (_dims != null)
                    for (int i = 0; i < _dims.Length; i++) n *= _dims[i];
                return n;
            }
        }

        public ReadOnlySpan<int> Dims => _dims ?? Array.Empty<int>();

        public int[] ToArray() => _dims is null ? Array.Empty<int>() : (int[])_dims.Clone();

        /// <summary>Row-major stride of <paramref name="axis"/> in elements.</summary>
        public int Stride(int axis)
        {
            int s = 1;
            for (int i = Rank - 1; i > axis; i--) s *= _dims![i];
            return s;
        }

        public bool Equals(TensorShape other) => Dims.SequenceEqual(other.Dims);

        public override bool Equals(object? obj) => obj is TensorShape s && Equals(s);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (int d in Dims) h = h * 31 + d;
            return h;
        }

        public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);

        public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);

        public override string ToString()
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < Rank; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(_dims![i]);
            }
            return sb.Append(']').ToString();
        }
    }
}
