// Softmax / LogSoftmax (opset < 13: flatten to 2-D at axis, default 1; from 13: along axis, default -1) through
// Recurrent.Kernels.Elementwise, and ReduceMean/Sum/Prod/Max/Min with axes as attribute or input by opset.
using System;
using Recurrent.Kernels;

namespace Recurrent.Formats.Onnx
{
    internal sealed class SoftmaxKernel : OnnxKernel
    {
        private readonly bool _log;
        private readonly bool _flatten;
        private readonly long _axis;

        private SoftmaxKernel(bool log, bool flatten, long axis)
        {
            _log = log;
            _flatten = flatten;
            _axis = axis;
        }

        public static OnnxKernel Create(OnnxNodeContext c, bool log)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            bool flatten = c.Opset < 13;
            return new SoftmaxKernel(log, flatten, c.Int("axis", flatten ? 1 : -1));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (x.F is null) throw new OnnxKernelException($"{(_log ? "LogSoftmax" : "Softmax")} supports float tensors, got {x.Describe()}.");
            int rank = x.Rank;
            var y = context.Budget.Floats(x.ElementCount);
            if (rank == 0)
            {
                y[0] = _log ? 0f : 1f;
                outputs[0] = OnnxValue.Floats(y, x.Dims);
                return;
            }
            int axis;
            if (_flatten)
            {
                if (_axis < -rank || _axis > rank) throw new OnnxKernelException($"Softmax axis {_axis} is outside [{-rank}, {rank}].");
                axis = (int)(_axis < 0 ? _axis + rank : _axis);
                int row = OnnxShapes.Count(x.Dims, axis, rank);
                Rows(x.F, y, row);
            }
            else
            {
                axis = OnnxShapes.Axis(_axis, rank, "Softmax axis");
                int dim = x.Dims[axis], inner = OnnxShapes.Count(x.Dims, axis + 1, rank);
                if (inner == 1) Rows(x.F, y, dim);
                else
                {
                    int outer = OnnxShapes.Count(x.Dims, 0, axis);
                    context.Budget.Charge(OnnxShapes.Product(outer, inner)); // the loops below, even when dim is 0
                    var src = context.Budget.Floats(dim);
                    var dst = context.Budget.Floats(dim);
                    for (int o = 0; o < outer; o++)
                        for (int i = 0; i < inner; i++)
                        {
                            int at = o * dim * inner + i;
                            for (int d = 0; d < dim; d++) src[d] = x.F[at + d * inner];
                            One(src, dst);
                            for (int d = 0; d < dim; d++) y[at + d * inner] = dst[d];
                        }
                }
            }
            outputs[0] = OnnxValue.Floats(y, x.Dims);
        }

        private void Rows(float[] x, float[] y, int row)
        {
            if (row == 0) return;
            for (int at = 0; at < x.Length; at += row) One(new ReadOnlySpan<float>(x, at, row), new Span<float>(y, at, row));
        }

        private void One(ReadOnlySpan<float> x, Span<float> y)
        {
            if (_log) Elementwise.LogSoftmax(x, y);
            else Elementwise.Softmax(x, y);
        }
    }

    internal enum ReduceKind { Mean, Sum, Prod, Max, Min }

    /// <summary>
    /// Reduce*: axes from the 'axes' attribute (ReduceSum before opset 13, the others before 18) or from input 1;
    /// keepdims (default 1); no axes reduces everything unless noop_with_empty_axes = 1.
    /// </summary>
    internal sealed class ReduceKernel : OnnxKernel
    {
        private readonly ReduceKind _kind;
        private readonly long[]? _axesAttr;
        private readonly bool _keepDims, _noopWithEmptyAxes;

        private ReduceKernel(ReduceKind kind, long[]? axesAttr, bool keepDims, bool noop)
        {
            _kind = kind;
            _axesAttr = axesAttr;
            _keepDims = keepDims;
            _noopWithEmptyAxes = noop;
        }

        public static OnnxKernel Create(OnnxNodeContext c, ReduceKind kind)
        {
            c.ExpectOutputs(1, 1);
            long inputFormSince = kind == ReduceKind.Sum ? 13 : 18;
            c.ExpectInputs(1, c.Opset >= inputFormSince ? 2 : 1);
            return new ReduceKernel(kind, c.Ints("axes"), c.Flag("keepdims", true), c.Flag("noop_with_empty_axes", false));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[]? axes = inputs.Length > 1 && inputs[1] != null ? OnnxShapes.Longs(inputs[1]!, "axes") : _axesAttr;
            int rank = x.Rank;
            if ((axes is null || axes.Length == 0) && _noopWithEmptyAxes)
            {
                outputs[0] = x;
                return;
            }
            var reduce = new bool[rank];
            if (axes is null || axes.Length == 0) for (int d = 0; d < rank; d++) reduce[d] = true;
            else foreach (long a in axes) reduce[OnnxShapes.Axis(a, rank, "Reduce axis")] = true;

            var keptDims = new int[rank];
            for (int d = 0; d < rank; d++) keptDims[d] = reduce[d] ? 1 : x.Dims[d];
            int outCount = OnnxShapes.Count(keptDims);
            int[] map = context.Budget.Ints(x.ElementCount);
            int[] outStrides = OnnxShapes.Strides(keptDims);
            for (int d = 0; d < rank; d++) if (reduce[d]) outStrides[d] = 0;
            OnnxShapes.FillStrided(map, x.Dims, outStrides, 0);
            int groupSize = outCount == 0 ? 0 : x.ElementCount / outCount;

            int[] so = keptDims;
            if (!_keepDims)
            {
                int kept = 0;
                for (int d = 0; d < rank; d++) if (!reduce[d]) kept++;
                so = new int[kept];
                for (int d = 0, j = 0; d < rank; d++) if (!reduce[d]) so[j++] = x.Dims[d];
            }

            if (x.L != null)
            {
                var acc = context.Budget.Longs(outCount);
                long init = _kind == ReduceKind.Prod ? 1 : _kind == ReduceKind.Max ? long.MinValue : _kind == ReduceKind.Min ? long.MaxValue : 0;
                for (int i = 0; i < acc.Length; i++) acc[i] = init;
                for (int i = 0; i < map.Length; i++) acc[map[i]] = Combine(acc[map[i]], x.L[i]);
                if (_kind == ReduceKind.Mean && groupSize > 0) for (int i = 0; i < acc.Length; i++) acc[i] /= groupSize;
                outputs[0] = OnnxValue.Longs(x.ElementType, acc, so);
                return;
            }
            if (x.F is null && x.D is null) throw new OnnxKernelException($"Reduce{_kind} is not defined on {x.Describe()}.");
            var sum = context.Budget.Doubles(outCount);
            for (int i = 0; i < sum.Length; i++) sum[i] = Initial(_kind);
            if (x.F != null) for (int i = 0; i < map.Length; i++) sum[map[i]] = Combine(sum[map[i]], x.F[i]);
            else for (int i = 0; i < map.Length; i++) sum[map[i]] = Combine(sum[map[i]], x.D![i]);
            if (_kind == ReduceKind.Mean) for (int i = 0; i < sum.Length; i++) sum[i] /= groupSize;
            if (x.D != null)
            {
                outputs[0] = OnnxValue.Tensor(OnnxDataType.Double, so, sum);
                return;
            }
            var r = context.Budget.Floats(outCount);
            for (int i = 0; i < r.Length; i++) r[i] = (float)sum[i];
            outputs[0] = OnnxValue.Floats(r, so);
        }

        private static double Initial(ReduceKind kind) => kind switch
        {
            ReduceKind.Prod => 1.0,
            ReduceKind.Max => double.NegativeInfinity,
            ReduceKind.Min => double.PositiveInfinity,
            _ => 0.0,
        };

        private double Combine(double acc, double v) => _kind switch
        {
            ReduceKind.Prod => acc * v,
            ReduceKind.Max => double.IsNaN(v) || v > acc ? v : acc,
            ReduceKind.Min => double.IsNaN(v) || v < acc ? v : acc,
            _ => acc + v,
        };

        private long Combine(long acc, long v) => _kind switch
        {
            ReduceKind.Prod => acc * v,
            ReduceKind.Max => v > acc ? v : acc,
            ReduceKind.Min => v < acc ? v : acc,
            _ => acc + v,
        };
    }
}
