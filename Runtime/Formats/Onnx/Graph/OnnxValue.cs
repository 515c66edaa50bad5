// A value flowing through OnnxGraphExecutor: a typed tensor (float, double, bool or an integer type stored as long)
// or a sequence of tensors. Values are immutable by contract; ops never write into an input's array.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// A tensor or a tensor sequence as the ONNX graph executor sees it. Storage by element type:
    /// <see cref="OnnxDataType.Float"/> float[], <see cref="OnnxDataType.Double"/> double[], <see cref="OnnxDataType.Bool"/>
    /// bool[], every integer type (Int32, Int64, ...) long[] with the declared type kept in <see cref="ElementType"/>.
    /// The factories take ownership of the data array (no copy): do not change it while the value is in use.
    /// </summary>
    public sealed class OnnxValue
    {
        private static readonly int[] s_scalar = Array.Empty<int>();

        internal readonly int[] Dims;
        internal readonly float[]? F;
        internal readonly double[]? D;
        internal readonly long[]? L;
        internal readonly bool[]? B;
        internal readonly OnnxValue[]? Items;

        private OnnxValue(OnnxDataType type, int[] dims, float[]? f, double[]? d, long[]? l, bool[]? b, OnnxValue[]? items)
        {
            ElementType = type;
            Dims = dims;
            F = f;
            D = d;
            L = l;
            B = b;
            Items = items;
            if (items is null)
            {
                if (dims.Length > OnnxShapes.MaxRank)
                    throw new ArgumentException($"A tensor may have at most {OnnxShapes.MaxRank} dimensions; this one would have {dims.Length}.");
                int n = OnnxShapes.Count(dims);
                int have = f?.Length ?? d?.Length ?? l?.Length ?? b?.Length ?? -1;
                if (have != n)
                    throw new ArgumentException($"A {type} tensor of shape {OnnxShapes.Format(dims)} needs {n} values but {have} were given.");
            }
        }

        /// <summary>The element type (of the tensor, or of every tensor in a sequence).</summary>
        public OnnxDataType ElementType { get; }

        /// <summary>Whether this is a tensor sequence rather than a tensor.</summary>
        public bool IsSequence => Items != null;

        /// <summary>The dimensions (empty for a scalar and for a sequence).</summary>
        public ReadOnlySpan<int> Shape => Dims;

        public int Rank => Dims.Length;

        /// <summary>Number of elements (1 for a scalar; 0 for a sequence).</summary>
        public int ElementCount => Items != null ? 0 : OnnxShapes.Count(Dims);

        /// <summary>The tensors of a sequence.</summary>
        public IReadOnlyList<OnnxValue> SequenceItems => Items ?? throw new InvalidOperationException("This value is a tensor, not a sequence.");

        public int Dim(int axis) => Dims[axis];

        /// <summary>The shape as a new array.</summary>
        public int[] GetShape() => (int[])Dims.Clone();

        public static OnnxValue FromFloats(float[] data, params int[] shape) =>
            new OnnxValue(OnnxDataType.Float, CopyShape(shape), data ?? throw new ArgumentNullException(nameof(data)), null, null, null, null);

        public static OnnxValue FromDoubles(double[] data, params int[] shape) =>
            new OnnxValue(OnnxDataType.Double, CopyShape(shape), null, data ?? throw new ArgumentNullException(nameof(data)), null, null, null);

        public static OnnxValue FromInt64s(long[] data, params int[] shape) =>
            new OnnxValue(OnnxDataType.Int64, CopyShape(shape), null, null, data ?? throw new ArgumentNullException(nameof(data)), null, null);

        /// <summary>An Int32 tensor (the values are widened to long storage; the type stays Int32).</summary>
        public static OnnxValue FromInt32s(int[] data, params int[] shape)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            var l = new long[data.Length];
            for (int i = 0; i < l.Length; i++) l[i] = data[i];
            return new OnnxValue(OnnxDataType.Int32, CopyShape(shape), null, null, l, null, null);
        }

        public static OnnxValue FromBools(bool[] data, params int[] shape) =>
            new OnnxValue(OnnxDataType.Bool, CopyShape(shape), null, null, null, data ?? throw new ArgumentNullException(nameof(data)), null);

        /// <summary>A tensor sequence; every item must be a tensor of <paramref name="elementType"/>.</summary>
        public static OnnxValue FromSequence(OnnxDataType elementType, IReadOnlyList<OnnxValue> items)
        {
            if (items is null) throw new ArgumentNullException(nameof(items));
            var copy = new OnnxValue[items.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                var item = items[i] ?? throw new ArgumentException("A sequence item is null.", nameof(items));
                if (item.IsSequence || item.ElementType != elementType)
                    throw new ArgumentException($"Sequence item {i} is {item.Describe()}, expected a {elementType} tensor.", nameof(items));
                copy[i] = item;
            }
            return new OnnxValue(elementType, s_scalar, null, null, null, null, copy);
        }

        /// <summary>A tensor from a decoded ONNX tensor (Float16/BFloat16 were widened to float by the reader).</summary>
        public static OnnxValue FromTensor(OnnxTensor tensor)
        {
            if (tensor is null) throw new ArgumentNullException(nameof(tensor));
            if (tensor.Dims.Length > OnnxShapes.MaxRank)
                throw new OnnxFormatException($"Tensor '{tensor.Name}' has {tensor.Dims.Length} dimensions, more than the limit of {OnnxShapes.MaxRank}.");
            int[] dims = new int[tensor.Dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                long d = tensor.Dims[i];
                if (d < 0 || d > int.MaxValue) throw new OnnxFormatException($"Tensor '{tensor.Name}' has dimension {d}, outside [0, 2^31).");
                dims[i] = (int)d;
            }
            int n = OnnxShapes.Count(dims);
            switch (tensor.DataType)
            {
                case OnnxDataType.Float:
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                    return new OnnxValue(OnnxDataType.Float, dims, CheckData(tensor.Floats, n, tensor), null, null, null, null);
                case OnnxDataType.Double:
                    return new OnnxValue(OnnxDataType.Double, dims, null, CheckData(tensor.Doubles, n, tensor), null, null, null);
                case OnnxDataType.Bool:
                    return new OnnxValue(OnnxDataType.Bool, dims, null, null, null, CheckData(tensor.Bools, n, tensor), null);
                default:
                    if (!IsIntegerType(tensor.DataType))
                        throw new OnnxFormatException($"Tensor '{tensor.Name}' has element type {tensor.DataType}, which the graph executor does not support.");
                    return new OnnxValue(tensor.DataType, dims, null, null, CheckData(tensor.Longs, n, tensor), null, null);
            }
        }

        /// <summary>Whether <paramref name="type"/> is stored as long (every integer type).</summary>
        public static bool IsIntegerType(OnnxDataType type) => type switch
        {
            OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int16 or OnnxDataType.UInt16 or OnnxDataType.Int32
                or OnnxDataType.Int64 or OnnxDataType.UInt32 or OnnxDataType.UInt64 => true,
            _ => false,
        };

        /// <summary>The float data (FLOAT tensors only).</summary>
        public ReadOnlySpan<float> AsFloats() => F ?? throw WrongType(OnnxDataType.Float);

        /// <summary>The double data (DOUBLE tensors only).</summary>
        public ReadOnlySpan<double> AsDoubles() => D ?? throw WrongType(OnnxDataType.Double);

        /// <summary>The integer data (every integer type, widened to long).</summary>
        public ReadOnlySpan<long> AsInt64s() => L ?? throw WrongType(OnnxDataType.Int64);

        public ReadOnlySpan<bool> AsBools() => B ?? throw WrongType(OnnxDataType.Bool);

        /// <summary>A copy of the float data.</summary>
        public float[] ToFloatArray() => AsFloats().ToArray();

        /// <summary>"Float[2,3]" or "sequence of Float (4 items)".</summary>
        public string Describe() => Items != null
            ? $"sequence of {ElementType} ({Items.Length} items)"
            : ElementType.ToString() + OnnxShapes.Format(Dims);

        public override string ToString()
        {
            if (Items != null || ElementCount > 8) return Describe();
            var sb = new StringBuilder(Describe()).Append(" {");
            for (int i = 0; i < ElementCount; i++)
            {
                if (i > 0) sb.Append(", ");
                if (F != null) sb.Append(F[i].ToString("R", CultureInfo.InvariantCulture));
                else if (D != null) sb.Append(D[i].ToString("R", CultureInfo.InvariantCulture));
                else if (L != null) sb.Append(L[i].ToString(CultureInfo.InvariantCulture));
                else sb.Append(B![i] ? "true" : "false");
            }
            return sb.Append('}').ToString();
        }

        // ---- internal construction (no shape copy; the caller passes a fresh array) ----

        internal static OnnxValue Tensor(OnnxDataType type, int[] dims, Array data) => data switch
        {
            float[] f => new OnnxValue(OnnxDataType.Float, dims, f, null, null, null, null),
            double[] d => new OnnxValue(OnnxDataType.Double, dims, null, d, null, null, null),
            long[] l => new OnnxValue(type, dims, null, null, l, null, null),
            bool[] b => new OnnxValue(OnnxDataType.Bool, dims, null, null, null, b, null),
            _ => throw new ArgumentException("Unsupported storage array.", nameof(data)),
        };

        internal static OnnxValue Floats(float[] data, int[] dims) => new OnnxValue(OnnxDataType.Float, dims, data, null, null, null, null);

        internal static OnnxValue Longs(OnnxDataType type, long[] data, int[] dims) => new OnnxValue(type, dims, null, null, data, null, null);

        internal static OnnxValue Bools(bool[] data, int[] dims) => new OnnxValue(OnnxDataType.Bool, dims, null, null, null, data, null);

        internal static OnnxValue Sequence(OnnxDataType elementType, OnnxValue[] items) =>
            new OnnxValue(elementType, s_scalar, null, null, null, null, items);

        internal static OnnxValue ScalarInt64(long v) => Longs(OnnxDataType.Int64, new[] { v }, s_scalar);

        internal static OnnxValue ScalarBool(bool v) => Bools(new[] { v }, s_scalar);

        /// <summary>The storage array (float[], double[], long[] or bool[]).</summary>
        internal Array Data => (Array?)F ?? (Array?)D ?? (Array?)L ?? (Array?)B ?? throw new InvalidOperationException("A sequence has no tensor data.");

        /// <summary>The same data with another shape (no copy).</summary>
        internal OnnxValue WithShape(int[] dims) => new OnnxValue(ElementType, dims, F, D, L, B, null);

        /// <summary>A new tensor of this type from a storage array of the same kind.</summary>
        internal OnnxValue Like(Array data, int[] dims) => Tensor(ElementType, dims, data);

        /// <summary>A new storage array of this value's kind.</summary>
        internal static Array NewStorage(OnnxDataType type, int n) => type switch
        {
            OnnxDataType.Float => new float[n],
            OnnxDataType.Double => new double[n],
            OnnxDataType.Bool => new bool[n],
            _ => new long[n],
        };

        private static int[] CopyShape(int[]? shape)
        {
            if (shape is null || shape.Length == 0) return s_scalar;
            foreach (int d in shape)
                if (d < 0) throw new ArgumentOutOfRangeException(nameof(shape), $"Negative dimension {d}.");
            return (int[])shape.Clone();
        }

        private static T[] CheckData<T>(T[]? data, int n, OnnxTensor tensor)
        {
            if (data is null)
            {
                if (n == 0) return Array.Empty<T>();
                throw new OnnxFormatException($"Tensor '{tensor.Name}' ({tensor.DataType}{OnnxShapes.Format(tensor.Dims)}) carries no data.");
            }
            if (data.Length != n)
                throw new OnnxFormatException($"Tensor '{tensor.Name}' has {data.Length} values but its dims {OnnxShapes.Format(tensor.Dims)} need {n}.");
            return data;
        }

        private InvalidOperationException WrongType(OnnxDataType wanted) =>
            new InvalidOperationException($"The value is {Describe()}, not a {wanted} tensor.");
    }
}
