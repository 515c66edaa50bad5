// Type-agnostic data movement for the executor's kernels: gather by an index map, and element type conversion
// (the ONNX Cast rules). Kernels compute the index maps; this file only moves or converts elements.
using System;

namespace Recurrent.Formats.Onnx
{
    internal static class OnnxData
    {
        /// <summary>A new tensor of <paramref name="src"/>'s type: out[i] = src[map[i]], allocated through <paramref name="budget"/>.</summary>
        public static OnnxValue Take(OnnxRunBudget budget, OnnxValue src, int[] map, int[] outDims)
        {
            Array dst = budget.Storage(src.ElementType, map.Length);
            switch (src.Data)
            {
                case float[] f: Take(f, map, (float[])dst); break;
                case double[] d: Take(d, map, (double[])dst); break;
                case long[] l: Take(l, map, (long[])dst); break;
                case bool[] b: Take(b, map, (bool[])dst); break;
                default: throw new OnnxKernelException("Unsupported tensor storage.");
            }
            return src.Like(dst, outDims);
        }

        private static void Take<T>(T[] src, int[] map, T[] dst)
        {
            for (int i = 0; i < dst.Length; i++) dst[i] = src[map[i]];
        }

        /// <summary>A tensor of <paramref name="dims"/> whose every element is the single value of <paramref name="fill"/> (no index map).</summary>
        public static OnnxValue Fill(OnnxRunBudget budget, OnnxValue fill, int[] dims)
        {
            int n = OnnxShapes.Count(dims);
            Array dst = budget.Storage(fill.ElementType, n);
            switch (dst)
            {
                case float[] f: Array.Fill(f, fill.F![0]); break;
                case double[] d: Array.Fill(d, fill.D![0]); break;
                case long[] l: Array.Fill(l, fill.L![0]); break;
                case bool[] b: Array.Fill(b, fill.B![0]); break;
            }
            return fill.Like(dst, dims);
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
        public static OnnxValue Convert(OnnxRunBudget budget, OnnxValue v, OnnxDataType to)
        {
            if (v.ElementType == to) return v;
            int n = v.ElementCount;
            int[] dims = v.Dims;
            switch (to)
            {
                case OnnxDataType.Float:
                {
                    var r = budget.Floats(n);
                    if (v.D != null) for (int i = 0; i < n; i++) r[i] = (float)v.D[i];
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i];
                    else if (v.B != null) for (int i = 0; i < n; i++) r[i] = v.B[i] ? 1f : 0f;
                    else v.F!.CopyTo(r, 0);
                    return OnnxValue.Floats(r, dims);
                }
                case OnnxDataType.Double:
                {
                    var r = budget.Doubles(n);
                    if (v.F != null) for (int i = 0; i < n; i++) r[i] = v.F[i];
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i];
                    else if (v.B != null) for (int i = 0; i < n; i++) r[i] = v.B[i] ? 1.0 : 0.0;
                    else v.D!.CopyTo(r, 0);
                    return OnnxValue.Tensor(OnnxDataType.Double, dims, r);
                }
                case OnnxDataType.Bool:
                {
                    var r = budget.Bools(n);
                    if (v.F != null) for (int i = 0; i < n; i++) r[i] = v.F[i] != 0f;
                    else if (v.D != null) for (int i = 0; i < n; i++) r[i] = v.D[i] != 0.0;
                    else if (v.L != null) for (int i = 0; i < n; i++) r[i] = v.L[i] != 0;
                    else v.B!.CopyTo(r, 0);
                    return OnnxValue.Bools(r, dims);
                }
                default:
                {
                    if (!OnnxValue.IsIntegerType(to)) throw new OnnxKernelException($"Conversion to {to} is not supported.");
                    var r = budget.Longs(n);
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
