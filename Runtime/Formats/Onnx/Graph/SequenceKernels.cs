// Tensor-sequence operators that scripted PyTorch exports use around Loop: SequenceEmpty, SequenceConstruct,
// SequenceLength, SequenceAt, SequenceInsert, SplitToSequence and ConcatFromSequence (ONNX Runtime semantics).
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    internal enum SequenceOp { Empty, Construct, Length, At, Insert, Split, Concat }

    internal sealed class SequenceKernel : OnnxKernel
    {
        /// <summary>Budget bytes charged per sequence item: its slot in the item array and its OnnxValue object.</summary>
        private const int ItemBytes = 64;

        private readonly SequenceOp _op;
        private readonly OnnxDataType _dtype;
        private readonly long _axis;
        private readonly bool _keepDims, _newAxis;

        private SequenceKernel(SequenceOp op, OnnxDataType dtype, long axis, bool keepDims, bool newAxis)
        {
            _op = op;
            _dtype = dtype;
            _axis = axis;
            _keepDims = keepDims;
            _newAxis = newAxis;
        }

        public static OnnxKernel Create(OnnxNodeContext c, SequenceOp op)
        {
            c.ExpectOutputs(1, 1);
            switch (op)
            {
                case SequenceOp.Empty: c.ExpectInputs(0, 0); break;
                case SequenceOp.Construct: c.ExpectInputs(1, int.MaxValue); break;
                case SequenceOp.Length: c.ExpectInputs(1, 1); break;
                case SequenceOp.At: c.ExpectInputs(2, 2); break;
                case SequenceOp.Insert: c.ExpectInputs(2, 3); break;
                case SequenceOp.Split: c.ExpectInputs(1, 2); break;
                default: c.ExpectInputs(1, 1); break;
            }
            var dtype = (OnnxDataType)c.Int("dtype", (long)OnnxDataType.Float);
            if (op == SequenceOp.Empty && !OnnxData.IsSupportedTarget(dtype)) throw c.Error($"sequences of {dtype} are not supported.");
            long axis = c.Int("axis", 0);
            if (op == SequenceOp.Concat && !c.Has("axis")) throw c.Error("attribute 'axis' is missing.");
            return new SequenceKernel(op, dtype, axis, c.Flag("keepdims", true), c.Flag("new_axis", false));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            switch (_op)
            {
                case SequenceOp.Empty:
                    outputs[0] = OnnxValue.Sequence(_dtype, Array.Empty<OnnxValue>());
                    return;
                case SequenceOp.Construct:
                {
                    var items = new List<OnnxValue>();
                    foreach (var v in inputs) if (v != null) items.Add(v);
                    outputs[0] = OnnxValue.FromSequence(items[0].ElementType, items);
                    return;
                }
                case SequenceOp.Length:
                    outputs[0] = OnnxValue.ScalarInt64(Items(inputs[0]!).Length);
                    return;
                case SequenceOp.At:
                {
                    OnnxValue[] items = Items(inputs[0]!);
                    outputs[0] = items[Position(OnnxShapes.ScalarLong(inputs[1]!, "SequenceAt position"), items.Length, false)];
                    return;
                }
                case SequenceOp.Insert:
                {
                    OnnxValue seq = inputs[0]!, t = inputs[1]!;
                    OnnxValue[] items = Items(seq);
                    if (t.IsSequence || t.ElementType != seq.ElementType)
                        throw new OnnxKernelException($"SequenceInsert: {t.Describe()} does not fit a sequence of {seq.ElementType}.");
                    int at = inputs.Length > 2 && inputs[2] != null
                        ? Position(OnnxShapes.ScalarLong(inputs[2]!, "SequenceInsert position"), items.Length, true) : items.Length;
                    context.Budget.Allocate(items.Length + 1L, ItemBytes); // a new item array (inserting in a Loop is quadratic)
                    var r = new OnnxValue[items.Length + 1];
                    Array.Copy(items, 0, r, 0, at);
                    r[at] = t;
                    Array.Copy(items, at, r, at + 1, items.Length - at);
                    outputs[0] = OnnxValue.Sequence(seq.ElementType, r);
                    return;
                }
                case SequenceOp.Split:
                    outputs[0] = Split(context.Budget, inputs[0]!, inputs.Length > 1 ? inputs[1] : null);
                    return;
                default:
                    outputs[0] = Concat(context.Budget, inputs[0]!);
                    return;
            }
        }

        private static OnnxValue[] Items(OnnxValue v) =>
            v.Items ?? throw new OnnxKernelException($"Expected a tensor sequence, got {v.Describe()}.");

        private static int Position(long p, int count, bool insert)
        {
            long q = p < 0 ? p + count : p;
            if (q < 0 || q > count || (!insert && q == count))
                throw new OnnxKernelException($"Sequence position {p} is outside the {count}-item sequence.");
            return (int)q;
        }

        /// <summary>
        /// SplitToSequence. As in ONNX Runtime, keepdims = 0 drops the split axis when 'split' is absent or a scalar;
        /// a 1-D 'split' keeps it.
        /// </summary>
        private OnnxValue Split(OnnxRunBudget budget, OnnxValue x, OnnxValue? split)
        {
            int axis = OnnxShapes.Axis(_axis, x.Rank, "SplitToSequence axis");
            int dim = x.Dims[axis];
            var sizes = new List<int>();
            bool dropAxis = !_keepDims;
            if (split is null)
            {
                budget.Allocate(dim, ItemBytes); // one item per index along the axis (dim may be huge when others are 0)
                for (int i = 0; i < dim; i++) sizes.Add(1);
            }
            else if (split.Rank == 0)
            {
                long s = OnnxShapes.ScalarLong(split, "SplitToSequence split");
                if (s <= 0) throw new OnnxKernelException($"SplitToSequence: split {s} must be positive.");
                budget.Allocate((dim + s - 1) / s, ItemBytes);
                for (long left = dim; left > 0; left -= s) sizes.Add((int)Math.Min(s, left));
            }
            else
            {
                dropAxis = false;
                long sum = 0;
                foreach (long s in OnnxShapes.Longs(split, "SplitToSequence split"))
                {
                    if (s < 0) throw new OnnxKernelException($"SplitToSequence: negative size {s}.");
                    sizes.Add((int)s);
                    sum += s;
                }
                if (sum != dim) throw new OnnxKernelException($"SplitToSequence: sizes sum to {sum}, but axis {axis} has {dim}.");
            }

            int outer = OnnxShapes.Count(x.Dims, 0, axis), inner = OnnxShapes.Count(x.Dims, axis + 1, x.Rank);
            var items = new OnnxValue[sizes.Count];
            int col = 0;
            for (int p = 0; p < items.Length; p++)
            {
                int size = sizes[p], block = size * inner;
                Array dst = budget.Storage(x.ElementType, outer * block);
                budget.Charge(outer);
                for (int o = 0; o < outer; o++) OnnxData.Copy(x.Data, o * dim * inner + col, dst, o * block, block);
                col += block;
                int[] so;
                if (dropAxis)
                {
                    if (size != 1) throw new OnnxKernelException($"SplitToSequence: keepdims = 0 needs parts of size 1, got {size}.");
                    so = new int[x.Rank - 1];
                    for (int d = 0, j = 0; d < x.Rank; d++) if (d != axis) so[j++] = x.Dims[d];
                }
                else
                {
                    so = (int[])x.Dims.Clone();
                    so[axis] = size;
                }
                items[p] = x.Like(dst, so);
            }
            return OnnxValue.Sequence(x.ElementType, items);
        }

        /// <summary>ConcatFromSequence along axis, or stacked along a new axis when new_axis = 1.</summary>
        private OnnxValue Concat(OnnxRunBudget budget, OnnxValue seq)
        {
            OnnxValue[] items = Items(seq);
            if (items.Length == 0) throw new OnnxKernelException("ConcatFromSequence of an empty sequence.");
            OnnxValue first = items[0];
            int rank = first.Rank;
            int axis = OnnxShapes.Axis(_axis, _newAxis ? rank + 1 : rank, "ConcatFromSequence axis");
            int[] partDims = first.Dims;
            if (_newAxis)
            {
                partDims = new int[rank + 1];
                for (int d = 0, j = 0; d <= rank; d++) partDims[d] = d == axis ? 1 : first.Dims[j++];
            }
            var so = (int[])partDims.Clone();
            so[axis] = 0;
            foreach (var v in items)
            {
                if (v.Rank != rank) throw new OnnxKernelException($"ConcatFromSequence: items {first.Describe()} and {v.Describe()} differ in rank.");
                for (int d = 0, j = 0; d < partDims.Length; d++)
                {
                    if (_newAxis && d == axis) continue;
                    int vd = v.Dims[j++];
                    if (d != axis && vd != partDims[d])
                        throw new OnnxKernelException($"ConcatFromSequence: items {first.Describe()} and {v.Describe()} differ off the concat axis.");
                }
                long grown = (long)so[axis] + (_newAxis ? 1 : v.Dims[axis]);
                if (grown > OnnxShapes.MaxElements)
                    throw new OnnxKernelException($"ConcatFromSequence of {items.Length} items would give axis {axis} more than the 2^28 elements a tensor may hold.");
                so[axis] = (int)grown;
            }
            int outer = OnnxShapes.Count(partDims, 0, axis), inner = OnnxShapes.Count(partDims, axis + 1, partDims.Length);
            Array dst = budget.Storage(first.ElementType, OnnxShapes.Count(so));
            budget.Charge(OnnxShapes.Product(outer, items.Length)); // block copies, even of empty blocks
            int rowOut = so[axis] * inner, col = 0;
            foreach (var v in items)
            {
                int block = (_newAxis ? 1 : v.Dims[axis]) * inner;
                for (int o = 0; o < outer; o++) OnnxData.Copy(v.Data, o * block, dst, o * rowOut + col, block);
                col += block;
            }
            return first.Like(dst, so);
        }
    }
}
