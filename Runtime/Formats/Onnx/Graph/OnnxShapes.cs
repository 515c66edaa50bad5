// Shape arithmetic shared by the graph executor's kernels: element counts, strides, axis normalisation and numpy
// (multidirectional) broadcasting. Data movement and math live in the kernel files.
using System;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    /// <summary>A kernel's complaint about the values it was given; the plan adds the node context.</summary>
    internal sealed class OnnxKernelException : Exception
    {
        public OnnxKernelException(string message) : base(message) { }
    }

    internal static class OnnxShapes
    {
        public static readonly int[] Scalar = Array.Empty<int>();

        /// <summary>
        /// The most elements one computed tensor may hold (2^28: 1 GiB of float32). Far above any recurrent model's
        /// tensors; it turns a hostile shape (Expand / Tile / ConstantOfShape to billions of elements) into an error
        /// before anything is allocated, instead of an out-of-memory crash.
        /// </summary>
        public const long MaxElements = 1L << 28;

        /// <summary>The most dimensions a tensor may have (<see cref="OnnxReader.MaxRank"/>).</summary>
        public const int MaxRank = OnnxReader.MaxRank;

        /// <summary>Values a shape or index list shows in a message before the rest is summarised.</summary>
        private const int FormatShown = 8;

        public static int Count(int[] dims)
        {
            long n = 1;
            foreach (int d in dims)
            {
                n *= d;
                if (n > MaxElements) throw new OnnxKernelException($"Shape {Format(dims)} has more than the 2^28 elements a tensor may hold.");
            }
            return (int)n;
        }

        /// <summary>Product of dims[from..to).</summary>
        public static int Count(int[] dims, int from, int to)
        {
            long n = 1;
            for (int i = from; i < to; i++)
            {
                n *= dims[i];
                if (n > MaxElements) throw new OnnxKernelException($"Shape {Format(dims)} has more than the 2^28 elements a tensor may hold.");
            }
            return (int)n;
        }

        /// <summary>"[2,3,4]"; past <see cref="FormatShown"/> values the rest is counted, so a hostile list keeps the message short.</summary>
        public static string Format(int[] dims)
        {
            var parts = new string[Math.Min(dims.Length, FormatShown)];
            for (int i = 0; i < parts.Length; i++) parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
            return Join(parts, dims.Length);
        }

        /// <inheritdoc cref="Format(int[])"/>
        public static string Format(long[] dims)
        {
            var parts = new string[Math.Min(dims.Length, FormatShown)];
            for (int i = 0; i < parts.Length; i++) parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
            return Join(parts, dims.Length);
        }

        private static string Join(string[] shown, int total) => total <= shown.Length
            ? "[" + string.Join(",", shown) + "]"
            : "[" + string.Join(",", shown) + ",... (" + total.ToString(CultureInfo.InvariantCulture) + " values)]";

        /// <summary>Rejects a shape of more than <see cref="MaxRank"/> dimensions before anything of that size is built.</summary>
        public static void CheckRank(long rank, string what)
        {
            if (rank > MaxRank)
                throw new OnnxKernelException($"{what} would have rank {rank.ToString(CultureInfo.InvariantCulture)}, above the limit of {MaxRank} dimensions.");
        }

        /// <summary>a · b for non-negative counts, saturating at long.MaxValue instead of overflowing (work estimates).</summary>
        public static long Product(long a, long b)
        {
            if (a == 0 || b == 0) return 0;
            return a > long.MaxValue / b ? long.MaxValue : a * b;
        }

        /// <summary>
        /// An element count computed from long factors, checked against <see cref="MaxElements"/> so an overflowing or huge
        /// product becomes a message naming <paramref name="what"/> instead of a bare OverflowException.
        /// </summary>
        public static int Elements(long count, string what)
        {
            if (count < 0 || count > MaxElements)
                throw new OnnxKernelException($"{what} would hold {(count < 0 || count == long.MaxValue ? "more than 2^63" : count.ToString(CultureInfo.InvariantCulture))} elements, more than the 2^28 a tensor may hold.");
            return (int)count;
        }

        /// <summary>Row-major strides.</summary>
        public static int[] Strides(int[] dims)
        {
            var s = new int[dims.Length];
            int acc = 1;
            for (int i = dims.Length - 1; i >= 0; i--)
            {
                s[i] = acc;
                acc *= dims[i];
            }
            return s;
        }

        /// <summary>An axis in [-rank, rank) mapped to [0, rank).</summary>
        public static int Axis(long axis, int rank, string what = "axis")
        {
            if (axis < -rank || axis >= rank)
                throw new OnnxKernelException($"{what} {axis} is outside [{-rank}, {rank - 1}] for a rank-{rank} tensor.");
            return (int)(axis < 0 ? axis + rank : axis);
        }

        public static bool SameShape(int[] a, int[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        /// <summary>The numpy broadcast of two shapes (ONNX multidirectional broadcasting).</summary>
        public static int[] Broadcast(int[] a, int[] b)
        {
            int rank = Math.Max(a.Length, b.Length);
            var r = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
                int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
                if (da == db || db == 1) r[i] = da;
                else if (da == 1) r[i] = db;
                else throw new OnnxKernelException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together.");
            }
            return r;
        }

        /// <summary>
        /// Strides of <paramref name="dims"/> aligned to the rank of <paramref name="outDims"/>, with 0 where the input is
        /// broadcast (missing leading dims or size 1).
        /// </summary>
        public static int[] BroadcastStrides(int[] dims, int[] outDims)
        {
            int rank = outDims.Length, offset = rank - dims.Length;
            var own = Strides(dims);
            var s = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int j = i - offset;
                s[i] = j < 0 || dims[j] == 1 ? 0 : own[j];
            }
            return s;
        }

        /// <summary>For every element of <paramref name="outDims"/>, the flat index into a broadcast input of <paramref name="dims"/>.</summary>
        public static int[] BroadcastIndex(OnnxRunBudget budget, int[] dims, int[] outDims)
        {
            int n = Count(outDims);
            var map = budget.Ints(n);
            if (SameShape(dims, outDims))
            {
                for (int i = 0; i < n; i++) map[i] = i;
                return map;
            }
            int[] s = BroadcastStrides(dims, outDims);
            FillStrided(map, outDims, s, 0);
            return map;
        }

        /// <summary>map[i] = base + Σ index_d(i) · strides[d] over the row-major enumeration of <paramref name="dims"/>.</summary>
        public static void FillStrided(int[] map, int[] dims, int[] strides, int start)
        {
            int n = map.Length;
            if (n == 0) return;
            int rank = dims.Length;
            if (rank == 0)
            {
                map[0] = start;
                return;
            }
            int inner = dims[rank - 1], innerStride = strides[rank - 1];
            var idx = new int[rank];
            int offset = start;
            for (int i = 0; i < n; i += inner)
            {
                for (int k = 0; k < inner; k++) map[i + k] = offset + k * innerStride;
                // advance the odometer over dims[0..rank-1)
                for (int d = rank - 2; d >= 0; d--)
                {
                    idx[d]++;
                    offset += strides[d];
                    if (idx[d] < dims[d]) break;
                    offset -= idx[d] * strides[d];
                    idx[d] = 0;
                }
            }
        }

        /// <summary>Reads a 0-d or 1-element tensor of any numeric type as long.</summary>
        public static long ScalarLong(OnnxValue v, string what)
        {
            if (v.IsSequence || v.ElementCount != 1) throw new OnnxKernelException($"{what} must hold one value, got {v.Describe()}.");
            if (v.L != null) return v.L[0];
            if (v.F != null) return (long)v.F[0];
            if (v.D != null) return (long)v.D[0];
            return v.B![0] ? 1 : 0;
        }

        public static bool ScalarBool(OnnxValue v, string what)
        {
            if (v.IsSequence || v.ElementCount != 1) throw new OnnxKernelException($"{what} must hold one value, got {v.Describe()}.");
            if (v.B != null) return v.B[0];
            if (v.L != null) return v.L[0] != 0;
            if (v.F != null) return v.F[0] != 0f;
            return v.D![0] != 0.0;
        }

        /// <summary>An integer tensor (shape, axes, indices) as long values.</summary>
        public static long[] Longs(OnnxValue v, string what)
        {
            if (v.IsSequence || v.L is null) throw new OnnxKernelException($"{what} must be an integer tensor, got {v.Describe()}.");
            return v.L;
        }

        /// <summary>A shape given as an int64 tensor, checked to be non-negative and within int range.</summary>
        public static int[] ShapeFrom(long[] values, string what)
        {
            CheckRank(values.Length, what);
            var dims = new int[values.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                if (values[i] < 0 || values[i] > int.MaxValue) throw new OnnxKernelException($"{what} holds dimension {values[i]}.");
                dims[i] = (int)values[i];
            }
            return dims;
        }
    }
}
