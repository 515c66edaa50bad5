// Type-agnostic data movement for the executor's kernels: gather by an index map, and element type conversion
// (the ONNX Cast rules). Kernels compute the index maps; this file only moves or converts elements.
using System;

namespace Recurrent.Formats.Onnx
{
    internal static class OnnxData
    {
        /// <summary>A new tensor of <paramref name="src"/>'s type: out[i] = src[map[i]].</summary>
        public static OnnxValue Take(OnnxValue src, int[] map, int[] outDims)
        {
            switch (src.Data)
            {
                case float[] f: return src.Like(Take(f, map), outDims);
                case double[] d: return src.Like(Take(d, map), outDims);
                case long[] l: return src.Like(Take(l, map), outDims);
                case bool[] b: return src.Like(Take(b, map), outDims);
                default: throw new OnnxKernelException("Unsupported tensor storage.");
            }
        }

        public static T[] Take<T>(T[] src, int[] map)
        {
            var dst = new T[map.Length];
            for (int i = 0; i < dst.Length; i++) dst[i] = src[map[i]];
            return dst;
        }

        /// <summary>Copies <paramref name="count"/> elements between storage arrays of the same kind.</summary>
        public static void Copy(Array src, int srcIndex, Array dst, int dstIndex, int count) =>
            Array.Copy(src, srcIndex, dst, dstIndex, count);

        /// <summary>Whether the executor can produce tensors of <paramref name="type"/> (Cast targets, ConstantOfShape).</summary>
        public static bool IsSupportedTarget(OnnxDataType type) => type switch
        {
            OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Bool => true,
            _ => OnnxValue.IsIntegerType(type),
        };

        /// <summary>
        /// The ONNX Cast: float → integer truncates toward zero, anything → bool is "not zero", bool → number is 0/1,
        /// integer narrowing wraps (two's complement), as in C and ONNX Runtime.
        /// </summary>
        public static OnnxValue Convert(OnnxValue v, OnnxDataType to)
        {
            if (v.ElementType == to) return v;
            int n = v.ElementCount;
            int[] dims = v.Dims;
            switch (to)
            {
                case OnnxDataType.Float:
                {
                    var r = new float[n];
                    if (v.D != null) for (int i = 0; i < n; i++) r[i] = (float)v.D[i];
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i];
                    else if (v.B != null) for (int i = 0; i < n; i++) r[i] = v.B[i] ? 1f : 0f;
                    else v.F!.CopyTo(r, 0);
                    return OnnxValue.Floats(r, dims);
                }
                case OnnxDataType.Double:
                {
                    var r = new double[n];
                    if (v.F != null) for (int i = 0; i < n; i++) r[i] = v.F[i];
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i];
                    else if (v.B != null) for (int i = 0; i < n; i++) r[i] = v.B[i] ? 1.0 : 0.0;
                    else v.D!.CopyTo(r, 0);
                    return OnnxValue.Tensor(OnnxDataType.Double, dims, r);
                }
                case OnnxDataType.Bool:
                {
                    var r = new bool[n];
                    if (v.F != null) for (int i = 0; i < n; i++) r[i] = v.F[i] != 0f;
                    else if (v.D != null) for (int i = 0; i < n; i++) r[i] = v.D[i] != 0.0;
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i] != 0;
                    else v.B!.CopyTo(r, 0);
                    return OnnxValue.Bools(r, dims);
                }
                default:
                {
                    if (!OnnxValue.IsIntegerType(to)) throw new OnnxKernelException($"Conversion to {to} is not supported.");
                    var r = new long[n];
                    if (v.F != null) for (int i = 0; i < n; i++) r[i] = Wrap(FloatToLong(v.F[i]), to);
                    else if (v.D != null) for (int i = 0; i < n; i++) r[i] = Wrap(FloatToLong(v.D[i]), to);
                    else if (v.B != null) for (int i = 0; i < n; i++) r[i] = v.B[i] ? 1 : 0;
                    else for (int i = 0; i < n; i++) r[i] = Wrap(v.L![i], to);
                    return OnnxValue.Longs(to, r, dims);
                }
            }
        }

        private static long FloatToLong(double x)
        {
            if (double.IsNaN(x)) return 0;
            if (x >= 9.2233720368547758E18) return long.MaxValue;
            if (x <= -9.2233720368547758E18) return long.MinValue;
            return (long)x; // truncation toward zero
        }

        /// <summary>Two's-complement narrowing of an integer to <paramref name="type"/>'s width.</summary>
        public static long Wrap(long x, OnnxDataType type) => type switch
        {
            OnnxDataType.Int8 => (sbyte)x,
            OnnxDataType.UInt8 => (byte)x,
            OnnxDataType.Int16 => (short)x,
            OnnxDataType.UInt16 => (ushort)x,
            OnnxDataType.Int32 => (int)x,
            OnnxDataType.UInt32 => (uint)x,
            _ => x,
        };
    }
}
