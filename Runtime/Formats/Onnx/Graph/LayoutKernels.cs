// Operators that move data between layouts: Transpose, Concat and Split (with its attribute, input and num_outputs
// forms across opsets). Shape-only changes are in ShapeKernels.cs.
using System;

namespace Recurrent.Formats.Onnx
{
    /// <summary>Transpose; perm defaults to the reversed axes.</summary>
    internal sealed class TransposeKernel : OnnxKernel
    {
        private readonly long[]? _perm;

        private TransposeKernel(long[]? perm) => _perm = perm;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            long[]? perm = c.Ints("perm");
            if (perm != null)
            {
                var seen = new bool[perm.Length];
                foreach (long p in perm)
                {
                    if (p < 0 || p >= perm.Length || seen[p]) throw c.Error($"attribute 'perm' {OnnxShapes.Format(perm)} is not a permutation.");
                    seen[p] = true;
                }
            }
            return new TransposeKernel(perm);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            int rank = x.Rank;
            var perm = new int[rank];
            if (_perm is null)
            {
                for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
            }
            else
            {
                if (_perm.Length != rank) throw new OnnxKernelException($"Transpose perm {OnnxShapes.Format(_perm)} does not fit a rank-{rank} tensor.");
                for (int i = 0; i < rank; i++) perm[i] = (int)_perm[i];
            }
            outputs[0] = Apply(context.Budget, x, perm);
        }

        internal static OnnxValue Apply(OnnxRunBudget budget, OnnxValue x, int[] perm)
        {
            int rank = perm.Length;
            bool identity = true;
            for (int i = 0; i < rank; i++) identity &= perm[i] == i;
            var so = new int[rank];
            for (int i = 0; i < rank; i++) so[i] = x.Dims[perm[i]];
            if (identity) return x;
            int[] inStrides = OnnxShapes.Strides(x.Dims);
            var strides = new int[rank];
            for (int i = 0; i < rank; i++) strides[i] = inStrides[perm[i]];
            var map = budget.Ints(x.ElementCount);
            OnnxShapes.FillStrided(map, so, strides, 0);
            return OnnxData.Take(budget, x, map, so);
        }
    }

    /// <summary>Concat along an axis (negative from opset 11).</summary>
    internal sealed class ConcatKernel : OnnxKernel
    {
        private readonly long _axis;

        private ConcatKernel(long axis) => _axis = axis;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, int.MaxValue);
            c.ExpectOutputs(1, 1);
            long? axis = c.OptionalInt("axis");
            if (axis is null && c.Opset >= 4) throw c.Error("attribute 'axis' is missing.");
            return new ConcatKernel(axis ?? 1); // Concat-1 defaulted to axis 1
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue first = inputs[0]!;
            int rank = first.Rank;
            int axis = OnnxShapes.Axis(_axis, rank, "Concat axis");
            var so = (int[])first.Dims.Clone();
            so[axis] = 0;
            foreach (var v in inputs)
            {
                if (v is null) continue;
                if (v.IsSequence || v.ElementType != first.ElementType || v.Rank != rank)
                    throw new OnnxKernelException($"Concat inputs must share type and rank: {first.Describe()} vs {v.Describe()}.");
                for (int d = 0; d < rank; d++)
                    if (d != axis && v.Dims[d] != first.Dims[d])
                        throw new OnnxKernelException($"Concat along axis {axis}: {first.Describe()} and {v.Describe()} differ in dim {d}.");
                long grown = (long)so[axis] + v.Dims[axis];
                if (grown > OnnxShapes.MaxElements)
                    throw new OnnxKernelException($"Concat along axis {axis} would give it more than the 2^28 elements a tensor may hold.");
                so[axis] = (int)grown;
            }
            int outer = OnnxShapes.Count(so, 0, axis);
            int inner = OnnxShapes.Count(so, axis + 1, rank);
            Array dst = context.Budget.Storage(first.ElementType, OnnxShapes.Count(so));
            context.Budget.Charge(OnnxShapes.Product(outer, inputs.Length)); // block copies, even of empty blocks
            int rowOut = so[axis] * inner, col = 0;
            foreach (var v in inputs)
            {
                if (v is null) continue;
                int block = v.Dims[axis] * inner;
                Array src = v.Data;
                for (int o = 0; o < outer; o++) OnnxData.Copy(src, o * block, dst, o * rowOut + col, block);
                col += block;
            }
            outputs[0] = first.Like(dst, so);
        }
    }

    /// <summary>
    /// Split along an axis: sizes from the 'split' attribute (before opset 13) or input (from 13), or equal parts
    /// (ceil-sized with a smaller last part when 'num_outputs' is given, opset 18).
    /// </summary>
    internal sealed class SplitKernel : OnnxKernel
    {
        private readonly long _axis;
        private readonly long[]? _splitAttr;
        private readonly bool _unevenLast;

        private SplitKernel(long axis, long[]? splitAttr, bool unevenLast)
        {
            _axis = axis;
            _splitAttr = splitAttr;
            _unevenLast = unevenLast;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectOutputs(1, int.MaxValue);
            long[]? split = c.Ints("split"); // the attribute form (before opset 13; an input from 13 takes precedence)
            bool uneven = false;
            if (c.Opset < 13)
            {
                c.ExpectInputs(1, c.Opset < 2 ? 2 : 1);
            }
            else
            {
                c.ExpectInputs(1, 2);
                if (c.Opset >= 18)
                {
                    long? num = c.OptionalInt("num_outputs");
                    if (num.HasValue)
                    {
                        if (c.HasInput(1)) throw c.Error("both the 'split' input and 'num_outputs' are given.");
                        if (num.Value != c.OutputCount) throw c.Error($"num_outputs = {num.Value} but the node has {c.OutputCount} outputs.");
                        uneven = true;
                    }
                }
            }
            if (split != null && split.Length != c.OutputCount) throw c.Error($"'split' has {split.Length} sizes for {c.OutputCount} outputs.");
            return new SplitKernel(c.Int("axis", 0), split, uneven);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            int axis = OnnxShapes.Axis(_axis, x.Rank, "Split axis");
            int dim = x.Dims[axis], parts = outputs.Length;
            long[]? split = inputs.Length > 1 && inputs[1] != null ? OnnxShapes.Longs(inputs[1]!, "Split's split") : _splitAttr;
            var sizes = new int[parts];
            if (split != null)
            {
                if (split.Length != parts) throw new OnnxKernelException($"Split: {split.Length} sizes for {parts} outputs.");
                long sum = 0;
                for (int i = 0; i < parts; i++)
                {
                    if (split[i] < 0) throw new OnnxKernelException($"Split: negative size {split[i]}.");
                    sizes[i] = (int)split[i];
                    sum += split[i];
                }
                if (sum != dim) throw new OnnxKernelException($"Split: sizes {OnnxShapes.Format(split)} sum to {sum}, but axis {axis} has {dim}.");
            }
            else if (_unevenLast)
            {
                int chunk = (dim + parts - 1) / parts;
                for (int i = 0, left = dim; i < parts; i++, left -= chunk) sizes[i] = Math.Max(0, Math.Min(chunk, left));
            }
            else
            {
                if (dim % parts != 0) throw new OnnxKernelException($"Split: axis {axis} of size {dim} does not split into {parts} equal parts.");
                for (int i = 0; i < parts; i++) sizes[i] = dim / parts;
            }

            int outer = OnnxShapes.Count(x.Dims, 0, axis), inner = OnnxShapes.Count(x.Dims, axis + 1, x.Rank);
            context.Budget.Charge(OnnxShapes.Product(outer, parts)); // block copies, even of empty blocks
            int rowIn = dim * inner, col = 0;
            Array src = x.Data;
            for (int p = 0; p < parts; p++)
            {
                var so = (int[])x.Dims.Clone();
                so[axis] = sizes[p];
                int block = sizes[p] * inner;
                Array dst = context.Budget.Storage(x.ElementType, outer * block);
                for (int o = 0; o < outer; o++) OnnxData.Copy(src, o * rowIn + col, dst, o * block, block);
                col += block;
                outputs[p] = x.Like(dst, so);
            }
        }
    }
}
