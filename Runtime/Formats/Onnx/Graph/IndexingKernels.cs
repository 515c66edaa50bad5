// Indexing operators: Gather, GatherElements (negative indices count from the end), Slice (attribute form before
// opset 10, inputs from 10; negative steps and clamping per the operator page) and ReverseSequence.
using System;

namespace Recurrent.Formats.Onnx
{
    internal sealed class GatherKernel : OnnxKernel
    {
        private readonly long _axis;
        private readonly bool _elements;

        private GatherKernel(long axis, bool elements)
        {
            _axis = axis;
            _elements = elements;
        }

        public static OnnxKernel Create(OnnxNodeContext c, bool elements)
        {
            c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            return new GatherKernel(c.Int("axis", 0), elements);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue data = inputs[0]!, indices = inputs[1]!;
            if (data.IsSequence) throw new OnnxKernelException($"Gather takes a tensor, got {data.Describe()}.");
            long[] idx = OnnxShapes.Longs(indices, "Gather's indices");
            int axis = OnnxShapes.Axis(_axis, data.Rank, "Gather axis");
            outputs[0] = _elements
                ? GatherElements(context.Budget, data, idx, indices.Dims, axis)
                : Gather(context.Budget, data, idx, indices.Dims, axis);
        }

        private static OnnxValue Gather(OnnxRunBudget budget, OnnxValue data, long[] idx, int[] idxDims, int axis)
        {
            int rank = data.Rank, dim = data.Dims[axis];
            OnnxShapes.CheckRank((long)rank - 1 + idxDims.Length, "Gather's output");
            var so = new int[rank - 1 + idxDims.Length];
            Array.Copy(data.Dims, 0, so, 0, axis);
            Array.Copy(idxDims, 0, so, axis, idxDims.Length);
            Array.Copy(data.Dims, axis + 1, so, axis + idxDims.Length, rank - axis - 1);
            int outer = OnnxShapes.Count(data.Dims, 0, axis), inner = OnnxShapes.Count(data.Dims, axis + 1, rank);
            Array src = data.Data, dst = budget.Storage(data.ElementType, OnnxShapes.Count(so));
            budget.Charge(OnnxShapes.Product(outer, idx.Length)); // the loop below, even when inner is 0
            int at = 0;
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < idx.Length; j++)
                {
                    int k = Index(idx[j], dim);
                    OnnxData.Copy(src, (o * dim + k) * inner, dst, at, inner);
                    at += inner;
                }
            return data.Like(dst, so);
        }

        private static OnnxValue GatherElements(OnnxRunBudget budget, OnnxValue data, long[] idx, int[] idxDims, int axis)
        {
            int rank = data.Rank;
            if (idxDims.Length != rank) throw new OnnxKernelException($"GatherElements: indices of rank {idxDims.Length} for data of rank {rank}.");
            int[] strides = OnnxShapes.Strides(data.Dims);
            var map = budget.Ints(idx.Length);
            var coord = new int[rank];
            for (int i = 0; i < map.Length; i++)
            {
                int src = 0;
                for (int d = 0; d < rank; d++)
                {
                    if (d != axis && coord[d] >= data.Dims[d])
                        throw new OnnxKernelException($"GatherElements: indices {OnnxShapes.Format(idxDims)} exceed data {OnnxShapes.Format(data.Dims)} in dim {d}.");
                    src += (d == axis ? Index(idx[i], data.Dims[axis]) : coord[d]) * strides[d];
                }
                map[i] = src;
                for (int d = rank - 1; d >= 0; d--)
                {
                    if (++coord[d] < idxDims[d]) break;
                    coord[d] = 0;
                }
            }
            return OnnxData.Take(budget, data, map, (int[])idxDims.Clone());
        }

        private static int Index(long i, int dim)
        {
            long k = i < 0 ? i + dim : i;
            if (dim == 0) throw new OnnxKernelException($"Index {i} selects from an empty axis (size 0).");
            if (k < 0 || k >= dim) throw new OnnxKernelException($"Index {i} is outside [{-dim}, {dim - 1}].");
            return (int)k;
        }
    }

    internal sealed class SliceKernel : OnnxKernel
    {
        private readonly long[]? _starts, _ends, _axes;

        private SliceKernel(long[]? starts, long[]? ends, long[]? axes)
        {
            _starts = starts;
            _ends = ends;
            _axes = axes;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectOutputs(1, 1);
            if (c.Opset < 10)
            {
                c.ExpectInputs(1, 1);
                long[] starts = c.Ints("starts") ?? throw c.Error("attribute 'starts' is missing.");
                long[] ends = c.Ints("ends") ?? throw c.Error("attribute 'ends' is missing.");
                long[]? axes = c.Ints("axes");
                if (ends.Length != starts.Length || (axes != null && axes.Length != starts.Length))
                    throw c.Error("attributes 'starts', 'ends' and 'axes' differ in length.");
                return new SliceKernel(starts, ends, axes);
            }
            c.ExpectInputs(3, 5);
            return new SliceKernel(null, null, null);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[] starts = _starts ?? OnnxShapes.Longs(inputs[1]!, "Slice's starts");
            long[] ends = _ends ?? OnnxShapes.Longs(inputs[2]!, "Slice's ends");
            long[]? axes = _starts != null ? _axes : inputs.Length > 3 && inputs[3] != null ? OnnxShapes.Longs(inputs[3]!, "Slice's axes") : null;
            long[]? steps = _starts == null && inputs.Length > 4 && inputs[4] != null ? OnnxShapes.Longs(inputs[4]!, "Slice's steps") : null;
            if (ends.Length != starts.Length || (axes != null && axes.Length != starts.Length) || (steps != null && steps.Length != starts.Length))
                throw new OnnxKernelException("Slice: starts, ends, axes and steps differ in length.");
            outputs[0] = Apply(context.Budget, x, starts, ends, axes, steps);
        }

        internal static OnnxValue Apply(OnnxRunBudget budget, OnnxValue x, long[] starts, long[] ends, long[]? axes, long[]? steps)
        {
            int rank = x.Rank;
            var first = new int[rank];
            var step = new int[rank];
            var so = (int[])x.Dims.Clone();
            for (int d = 0; d < rank; d++) step[d] = 1;
            var seen = new bool[rank];
            for (int i = 0; i < starts.Length; i++)
            {
                int d = OnnxShapes.Axis(axes != null ? axes[i] : i, rank, "Slice axis");
                if (seen[d]) throw new OnnxKernelException($"Slice: axis {d} appears twice.");
                seen[d] = true;
                long dim = x.Dims[d], s = starts[i], e = ends[i], k = steps != null ? steps[i] : 1;
                if (k == 0) throw new OnnxKernelException("Slice: a step is 0.");
                if (s < 0) s += dim;
                if (e < 0) e += dim;
                long count;
                if (k > 0)
                {
                    s = Math.Min(Math.Max(s, 0), dim);
                    e = Math.Min(Math.Max(e, 0), dim);
                    count = e > s ? (e - s + k - 1) / k : 0;
                }
                else
                {
                    s = Math.Min(Math.Max(s, 0), dim - 1);
                    e = Math.Min(Math.Max(e, -1), dim - 1);
                    count = s > e ? (s - e + (-k) - 1) / (-k) : 0;
                }
                first[d] = (int)Math.Max(s, 0);
                step[d] = (int)Math.Max(Math.Min(k, int.MaxValue), int.MinValue);
                so[d] = (int)count;
            }
            int[] inStrides = OnnxShapes.Strides(x.Dims);
            int start = 0;
            var strides = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                if (so[d] > 0) start += first[d] * inStrides[d];
                strides[d] = step[d] * inStrides[d];
            }
            var map = budget.Ints(OnnxShapes.Count(so));
            OnnxShapes.FillStrided(map, so, strides, start);
            return OnnxData.Take(budget, x, map, so);
        }
    }

    /// <summary>ReverseSequence: reverses the first sequence_lens[b] steps of each batch entry along time_axis.</summary>
    internal sealed class ReverseSequenceKernel : OnnxKernel
    {
        private readonly int _batchAxis, _timeAxis;

        private ReverseSequenceKernel(int batchAxis, int timeAxis)
        {
            _batchAxis = batchAxis;
            _timeAxis = timeAxis;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            int batch = (int)c.IntInRange("batch_axis", 1, 0, 1), time = (int)c.IntInRange("time_axis", 0, 0, 1);
            if (batch == time) throw c.Error("batch_axis and time_axis must differ.");
            return new ReverseSequenceKernel(batch, time);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[] lens = OnnxShapes.Longs(inputs[1]!, "ReverseSequence's sequence_lens");
            if (x.Rank < 2) throw new OnnxKernelException($"ReverseSequence needs rank >= 2, got {x.Describe()}.");
            int B = x.Dims[_batchAxis], T = x.Dims[_timeAxis];
            if (lens.Length != B) throw new OnnxKernelException($"ReverseSequence: {lens.Length} lengths for batch {B}.");
            int[] strides = OnnxShapes.Strides(x.Dims);
            int inner = OnnxShapes.Count(x.Dims, 2, x.Rank);
            var map = context.Budget.Ints(x.ElementCount);
            context.Budget.Charge(OnnxShapes.Product(B, T)); // the loop below, even when inner is 0
            for (int b = 0; b < B; b++)
            {
                long len = lens[b];
                if (len < 0 || len > T) throw new OnnxKernelException($"ReverseSequence: length {len} is outside [0, {T}].");
                for (int t = 0; t < T; t++)
                {
                    int src = t < len ? (int)len - 1 - t : t;
                    int dstBase = b * strides[_batchAxis] + t * strides[_timeAxis];
                    int srcBase = b * strides[_batchAxis] + src * strides[_timeAxis];
                    for (int k = 0; k < inner; k++) map[dstBase + k] = srcBase + k;
                }
            }
            outputs[0] = OnnxData.Take(context.Budget, x, map, (int[])x.Dims.Clone());
        }
    }
}
