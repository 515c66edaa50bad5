// Operators that change only a tensor's shape or replicate it: Reshape, Flatten, Squeeze, Unsqueeze, Shape, Size,
// Expand, Tile. Opset differences (attribute vs input forms) are resolved when the kernel is built.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    /// <summary>Reshape: 0 copies the input dim (unless allowzero = 1), -1 is inferred. Shape from an attribute before opset 5.</summary>
    internal sealed class ReshapeKernel : OnnxKernel
    {
        private readonly long[]? _shapeAttr;
        private readonly bool _allowZero;

        private ReshapeKernel(long[]? shapeAttr, bool allowZero)
        {
            _shapeAttr = shapeAttr;
            _allowZero = allowZero;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectOutputs(1, 1);
            if (c.Opset < 5)
            {
                c.ExpectInputs(1, 1);
                return new ReshapeKernel(c.Ints("shape") ?? throw c.Error("attribute 'shape' is missing."), false);
            }
            c.ExpectInputs(2, 2);
            return new ReshapeKernel(null, c.Opset >= 14 && c.Flag("allowzero", false));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[] shape = _shapeAttr ?? OnnxShapes.Longs(inputs[1]!, "Reshape's shape");
            outputs[0] = x.WithShape(Resolve(x.Dims, shape, _allowZero));
        }

        internal static int[] Resolve(int[] dims, long[] shape, bool allowZero)
        {
            OnnxShapes.CheckRank(shape.Length, "Reshape's output");
            var r = new int[shape.Length];
            int infer = -1;
            long known = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                long v = shape[i];
                if (v == 0 && !allowZero)
                {
                    if (i >= dims.Length) throw new OnnxKernelException($"Reshape: shape {OnnxShapes.Format(shape)} copies dim {i} of a rank-{dims.Length} tensor.");
                    v = dims[i];
                }
                else if (v == -1)
                {
                    if (infer >= 0) throw new OnnxKernelException($"Reshape: shape {OnnxShapes.Format(shape)} has more than one -1.");
                    infer = i;
                    continue;
                }
                else if (v < 0 || v > int.MaxValue) throw new OnnxKernelException($"Reshape: invalid dimension {v} in {OnnxShapes.Format(shape)}.");
                r[i] = (int)v;
                known *= v;
            }
            int count = OnnxShapes.Count(dims);
            if (infer >= 0)
            {
                if (known == 0 || count % known != 0)
                    throw new OnnxKernelException($"Reshape: cannot infer the -1 in {OnnxShapes.Format(shape)} for {count} elements ({OnnxShapes.Format(dims)}).");
                r[infer] = (int)(count / known);
            }
            else if (known != count)
                throw new OnnxKernelException($"Reshape: {OnnxShapes.Format(dims)} ({count} elements) cannot become {OnnxShapes.Format(shape)}.");
            return r;
        }
    }

    /// <summary>Flatten to [prod(dims[:axis]), prod(dims[axis:])].</summary>
    internal sealed class FlattenKernel : OnnxKernel
    {
        private readonly long _axis;

        private FlattenKernel(long axis) => _axis = axis;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            return new FlattenKernel(c.Int("axis", 1));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            int rank = x.Rank;
            if (_axis < -rank || _axis > rank) throw new OnnxKernelException($"Flatten axis {_axis} is outside [{-rank}, {rank}].");
            int axis = (int)(_axis < 0 ? _axis + rank : _axis);
            outputs[0] = x.WithShape(new[] { OnnxShapes.Count(x.Dims, 0, axis), OnnxShapes.Count(x.Dims, axis, rank) });
        }
    }

    /// <summary>Squeeze and Unsqueeze; axes from the attribute before opset 13, from input 1 from opset 13.</summary>
    internal sealed class SqueezeKernel : OnnxKernel
    {
        private readonly bool _unsqueeze;
        private readonly long[]? _axesAttr;

        private SqueezeKernel(bool unsqueeze, long[]? axesAttr)
        {
            _unsqueeze = unsqueeze;
            _axesAttr = axesAttr;
        }

        public static OnnxKernel Create(OnnxNodeContext c, bool unsqueeze)
        {
            c.ExpectOutputs(1, 1);
            long[]? axes = c.Ints("axes");
            if (c.Opset < 13)
            {
                c.ExpectInputs(1, 1);
                if (unsqueeze && axes is null) throw c.Error("attribute 'axes' is missing.");
            }
            else
            {
                c.ExpectInputs(unsqueeze && axes is null ? 2 : 1, 2);
            }
            return new SqueezeKernel(unsqueeze, axes);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[]? axes = inputs.Length > 1 && inputs[1] != null ? OnnxShapes.Longs(inputs[1]!, "axes") : _axesAttr;
            outputs[0] = x.WithShape(_unsqueeze ? Unsqueeze(x.Dims, axes!) : Squeeze(x.Dims, axes));
        }

        internal static int[] Squeeze(int[] dims, long[]? axes)
        {
            var drop = new bool[dims.Length];
            if (axes is null || axes.Length == 0)
            {
                for (int i = 0; i < dims.Length; i++) drop[i] = dims[i] == 1;
            }
            else
            {
                foreach (long a in axes)
                {
                    int ax = OnnxShapes.Axis(a, dims.Length, "Squeeze axis");
                    if (dims[ax] != 1) throw new OnnxKernelException($"Squeeze axis {a} has size {dims[ax]}, not 1 ({OnnxShapes.Format(dims)}).");
                    drop[ax] = true;
                }
            }
            var r = new List<int>(dims.Length);
            for (int i = 0; i < dims.Length; i++)
                if (!drop[i]) r.Add(dims[i]);
            return r.ToArray();
        }

        internal static int[] Unsqueeze(int[] dims, long[] axes)
        {
            OnnxShapes.CheckRank((long)dims.Length + axes.Length, "Unsqueeze's output");
            int rank = dims.Length + axes.Length;
            var insert = new bool[rank];
            foreach (long a in axes)
            {
                int ax = OnnxShapes.Axis(a, rank, "Unsqueeze axis");
                if (insert[ax]) throw new OnnxKernelException($"Unsqueeze axes {OnnxShapes.Format(axes)} repeat axis {ax}.");
                insert[ax] = true;
            }
            var r = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) r[i] = insert[i] ? 1 : dims[j++];
            return r;
        }
    }

    /// <summary>Shape (int64 dims, with start/end from opset 15) and Size (int64 element count).</summary>
    internal sealed class ShapeKernel : OnnxKernel
    {
        private readonly bool _size;
        private readonly long _start;
        private readonly long? _end;

        private ShapeKernel(bool size, long start, long? end)
        {
            _size = size;
            _start = start;
            _end = end;
        }

        public static OnnxKernel Create(OnnxNodeContext c, bool size)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            bool ranged = !size && c.Opset >= 15;
            return new ShapeKernel(size, ranged ? c.Int("start", 0) : 0, ranged ? c.OptionalInt("end") : null);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (x.IsSequence) throw new OnnxKernelException($"Shape takes a tensor, got {x.Describe()}.");
            if (_size)
            {
                outputs[0] = OnnxValue.ScalarInt64(x.ElementCount);
                return;
            }
            int rank = x.Rank;
            int start = Clamp(_start, rank), end = Clamp(_end ?? rank, rank);
            int n = Math.Max(0, end - start);
            var r = new long[n];
            for (int i = 0; i < n; i++) r[i] = x.Dims[start + i];
            outputs[0] = OnnxValue.Longs(OnnxDataType.Int64, r, new[] { n });
        }

        private static int Clamp(long v, int rank)
        {
            if (v < 0) v += rank;
            return (int)Math.Min(Math.Max(v, 0), rank);
        }
    }

    /// <summary>Expand: broadcast the input to a shape (numpy rules, so the result may be larger than the shape asked).</summary>
    internal sealed class ExpandKernel : OnnxKernel
    {
        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            return new ExpandKernel();
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            int[] shape = OnnxShapes.ShapeFrom(OnnxShapes.Longs(inputs[1]!, "Expand's shape"), "Expand's shape");
            int[] so = OnnxShapes.Broadcast(x.Dims, shape);
            outputs[0] = OnnxShapes.SameShape(so, x.Dims) ? x : OnnxData.Take(context.Budget, x, OnnxShapes.BroadcastIndex(context.Budget, x.Dims, so), so);
        }
    }

    /// <summary>Tile: out dim d = dim d · repeats[d].</summary>
    internal sealed class TileKernel : OnnxKernel
    {
        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            if (c.Opset < 6) throw c.Error("Tile before opset 6 (tiles/axis inputs) is not supported.");
            return new TileKernel();
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            long[] repeats = OnnxShapes.Longs(inputs[1]!, "Tile's repeats");
            int rank = x.Rank;
            if (repeats.Length != rank) throw new OnnxKernelException($"Tile: {repeats.Length} repeats for a rank-{rank} tensor.");
            var so = new int[rank];
            long total = 1;
            for (int d = 0; d < rank; d++)
            {
                if (repeats[d] < 0) throw new OnnxKernelException($"Tile: negative repeat {repeats[d]}.");
                long size = OnnxShapes.Product(x.Dims[d], repeats[d]);
                total = OnnxShapes.Product(total, size);
                if (size > OnnxShapes.MaxElements || total > OnnxShapes.MaxElements)
                {
                    throw new OnnxKernelException(
                        $"Tile: repeats {OnnxShapes.Format(repeats)} on {x.Describe()} would give axis {d} " +
                        $"{(size == long.MaxValue ? "more than 2^63" : size.ToString(CultureInfo.InvariantCulture))} elements; " +
                        "the result would hold more than the 2^28 elements a tensor may hold.");
                }
                so[d] = (int)size;
            }
            int[] strides = OnnxShapes.Strides(x.Dims);
            int n = OnnxShapes.Count(so);
            var map = context.Budget.Ints(n);
            var coord = new int[rank];
            for (int i = 0; i < n; i++)
            {
                int src = 0;
                for (int d = 0; d < rank; d++) src += coord[d] % x.Dims[d] * strides[d];
                map[i] = src;
                for (int d = rank - 1; d >= 0; d--)
                {
                    if (++coord[d] < so[d]) break;
                    coord[d] = 0;
                }
            }
            outputs[0] = OnnxData.Take(context.Budget, x, map, so);
        }
    }
}
