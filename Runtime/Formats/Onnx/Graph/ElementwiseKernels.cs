// Broadcasting binary operators (arithmetic, comparison, logic, PRelu, variadic Max/Min/Sum/Mean) and Where.
// Formulas: the ONNX operator pages; broadcasting: ONNX "Broadcasting.md" (numpy rules).
using System;
using Recurrent.Kernels;

namespace Recurrent.Formats.Onnx
{
    internal enum BinaryKind
    {
        Add, Sub, Mul, Div, Pow, Max, Min, PRelu, Mod,
        Equal, Less, LessOrEqual, Greater, GreaterOrEqual,
        And, Or, Xor,
    }

    internal interface IBinary<T, TOut>
    {
        TOut Apply(T a, T b);
    }

    /// <summary>Binary and variadic elementwise operators with numpy broadcasting.</summary>
    internal sealed class BinaryKernel : OnnxKernel
    {
        private readonly BinaryKind _kind;
        private readonly bool _mean;
        private readonly bool _fmod;

        private BinaryKernel(BinaryKind kind, bool mean, bool fmod)
        {
            _kind = kind;
            _mean = mean;
            _fmod = fmod;
        }

        public static OnnxKernel Create(OnnxNodeContext c, BinaryKind kind, bool variadic = false, bool mean = false)
        {
            if (variadic) c.ExpectInputs(1, int.MaxValue);
            else c.ExpectInputs(2, 2);
            c.ExpectOutputs(1, 1);
            bool fmod = kind == BinaryKind.Mod && c.Flag("fmod", false);
            if (c.Opset < 7 && c.Int("broadcast", 0) == 0 && c.Has("axis"))
                throw c.Error("legacy broadcasting with an 'axis' attribute (opset < 7) is not supported.");
            return new BinaryKernel(kind, mean, fmod);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxRunBudget budget = context.Budget;
            OnnxValue acc = inputs[0]!;
            for (int i = 1; i < inputs.Length; i++)
                if (inputs[i] != null) acc = Apply(budget, _kind, acc, inputs[i]!, _fmod);
            if (_mean)
            {
                int count = 0;
                foreach (var v in inputs) if (v != null) count++;
                acc = Apply(budget, BinaryKind.Div, acc, OnnxData.Convert(budget, OnnxValue.ScalarInt64(count), acc.ElementType), false);
            }
            outputs[0] = acc;
        }

        public static OnnxValue Apply(OnnxRunBudget budget, BinaryKind kind, OnnxValue a, OnnxValue b, bool fmod = false)
        {
            if (a.IsSequence || b.IsSequence) throw new OnnxKernelException($"{kind} takes tensors, got {a.Describe()} and {b.Describe()}.");
            if (kind == BinaryKind.Pow && a.ElementType != b.ElementType) b = OnnxData.Convert(budget, b, a.ElementType);
            if (a.ElementType != b.ElementType)
                throw new OnnxKernelException($"{kind} needs operands of one type, got {a.Describe()} and {b.Describe()}.");
            int[] so = OnnxShapes.Broadcast(a.Dims, b.Dims);
            if (kind == BinaryKind.PRelu && !OnnxShapes.SameShape(so, a.Dims))
                throw new OnnxKernelException($"PRelu slope {OnnxShapes.Format(b.Dims)} does not broadcast to X {OnnxShapes.Format(a.Dims)}.");

            switch (kind)
            {
                case BinaryKind.Add:
                    if (a.F != null && TryFastFloat(budget, a, b, so, add: true, out var fastAdd)) return fastAdd!;
                    return Arith<AddOp>(budget, a, b, so);
                case BinaryKind.Mul:
                    if (a.F != null && TryFastFloat(budget, a, b, so, add: false, out var fastMul)) return fastMul!;
                    return Arith<MulOp>(budget, a, b, so);
                case BinaryKind.Sub: return Arith<SubOp>(budget, a, b, so);
                case BinaryKind.Div: return Arith<DivOp>(budget, a, b, so);
                case BinaryKind.Pow: return Arith<PowOp>(budget, a, b, so);
                case BinaryKind.Max: return Arith<MaxOp>(budget, a, b, so);
                case BinaryKind.Min: return Arith<MinOp>(budget, a, b, so);
                case BinaryKind.PRelu: return Arith<PReluOp>(budget, a, b, so);
                case BinaryKind.Mod: return fmod ? Arith<FModOp>(budget, a, b, so) : Arith<ModOp>(budget, a, b, so);
                case BinaryKind.Equal: return Compare<EqualOp>(budget, a, b, so, allowBool: true);
                case BinaryKind.Less: return Compare<LessOp>(budget, a, b, so, allowBool: false);
                case BinaryKind.LessOrEqual: return Compare<LessOrEqualOp>(budget, a, b, so, allowBool: false);
                case BinaryKind.Greater: return Compare<GreaterOp>(budget, a, b, so, allowBool: false);
                case BinaryKind.GreaterOrEqual: return Compare<GreaterOrEqualOp>(budget, a, b, so, allowBool: false);
                case BinaryKind.And: return Logic<AndOp>(budget, a, b, so);
                case BinaryKind.Or: return Logic<OrOp>(budget, a, b, so);
                default: return Logic<XorOp>(budget, a, b, so);
            }
        }

        /// <summary>Float Add/Mul on equal shapes or a row-broadcast right operand go through Recurrent.Kernels.</summary>
        private static bool TryFastFloat(OnnxRunBudget budget, OnnxValue a, OnnxValue b, int[] so, bool add, out OnnxValue? result)
        {
            result = null;
            if (!OnnxShapes.SameShape(a.Dims, so)) return false;
            float[] x = a.F!, y = b.F!;
            if (y.Length != x.Length && !(y.Length > 1 && IsTrailing(b.Dims, so))) return false;
            var dst = budget.Floats(x.Length);
            if (y.Length == x.Length)
            {
                if (add) Elementwise.Add(x, y, dst); else Elementwise.Multiply(x, y, dst);
            }
            else
            {
                int row = y.Length;
                for (int o = 0; o < x.Length; o += row)
                {
                    var xs = new ReadOnlySpan<float>(x, o, row);
                    var ds = new Span<float>(dst, o, row);
                    if (add) Elementwise.Add(xs, y, ds); else Elementwise.Multiply(xs, y, ds);
                }
            }
            result = OnnxValue.Floats(dst, so);
            return true;
        }

        /// <summary>Whether <paramref name="dims"/> (leading 1s ignored) equals the trailing dims of <paramref name="outDims"/>.</summary>
        private static bool IsTrailing(int[] dims, int[] outDims)
        {
            int first = 0;
            while (first < dims.Length && dims[first] == 1) first++;
            int len = dims.Length - first;
            if (len > outDims.Length) return false;
            for (int i = 0; i < len; i++)
                if (dims[first + i] != outDims[outDims.Length - len + i]) return false;
            return true;
        }

        private static OnnxValue Arith<TOp>(OnnxRunBudget budget, OnnxValue a, OnnxValue b, int[] so)
            where TOp : struct, IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            if (a.F != null) return OnnxValue.Floats(Broadcast<float, float, TOp>(budget, a.F, a.Dims, b.F!, b.Dims, so), so);
            if (a.D != null) return OnnxValue.Tensor(OnnxDataType.Double, so, Broadcast<double, double, TOp>(budget, a.D, a.Dims, b.D!, b.Dims, so));
            if (a.L != null)
            {
                long[] r = Broadcast<long, long, TOp>(budget, a.L, a.Dims, b.L!, b.Dims, so);
                if (a.ElementType != OnnxDataType.Int64)
                    for (int i = 0; i < r.Length; i++) r[i] = OnnxData.Wrap(r[i], a.ElementType);
                return OnnxValue.Longs(a.ElementType, r, so);
            }
            throw new OnnxKernelException($"Arithmetic is not defined on {a.Describe()}.");
        }

        private static OnnxValue Compare<TOp>(OnnxRunBudget budget, OnnxValue a, OnnxValue b, int[] so, bool allowBool)
            where TOp : struct, IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            if (a.F != null) return OnnxValue.Bools(Broadcast<float, bool, TOp>(budget, a.F, a.Dims, b.F!, b.Dims, so), so);
            if (a.D != null) return OnnxValue.Bools(Broadcast<double, bool, TOp>(budget, a.D, a.Dims, b.D!, b.Dims, so), so);
            if (a.L != null) return OnnxValue.Bools(Broadcast<long, bool, TOp>(budget, a.L, a.Dims, b.L!, b.Dims, so), so);
            if (!allowBool) throw new OnnxKernelException($"Ordering comparisons are not defined on {a.Describe()}.");
            return OnnxValue.Bools(Broadcast<bool, bool, TOp>(budget, a.B!, a.Dims, b.B!, b.Dims, so), so);
        }

        private static OnnxValue Logic<TOp>(OnnxRunBudget budget, OnnxValue a, OnnxValue b, int[] so) where TOp : struct, IBinary<bool, bool>
        {
            if (a.B is null) throw new OnnxKernelException($"Logical operators take bool tensors, got {a.Describe()}.");
            return OnnxValue.Bools(Broadcast<bool, bool, TOp>(budget, a.B, a.Dims, b.B!, b.Dims, so), so);
        }

        /// <summary>dst[i] = op(a[ia(i)], b[ib(i)]) over the broadcast shape <paramref name="so"/>.</summary>
        internal static TOut[] Broadcast<T, TOut, TOp>(OnnxRunBudget budget, T[] a, int[] sa, T[] b, int[] sb, int[] so) where TOp : struct, IBinary<T, TOut>
        {
            TOp op = default;
            int n = OnnxShapes.Count(so);
            budget.Allocate(n, OnnxRunBudget.SizeOf<TOut>());
            var dst = new TOut[n];
            bool aFull = a.Length == n && OnnxShapes.SameShape(sa, so);
            bool bFull = b.Length == n && OnnxShapes.SameShape(sb, so);
            if (aFull && bFull)
            {
                for (int i = 0; i < n; i++) dst[i] = op.Apply(a[i], b[i]);
            }
            else if (aFull && b.Length == 1)
            {
                T y = b[0];
                for (int i = 0; i < n; i++) dst[i] = op.Apply(a[i], y);
            }
            else if (bFull && a.Length == 1)
            {
                T x = a[0];
                for (int i = 0; i < n; i++) dst[i] = op.Apply(x, b[i]);
            }
            else
            {
                int[] ia = OnnxShapes.BroadcastIndex(budget, sa, so), ib = OnnxShapes.BroadcastIndex(budget, sb, so);
                for (int i = 0; i < n; i++) dst[i] = op.Apply(a[ia[i]], b[ib[i]]);
            }
            return dst;
        }

        // ---- operator structs (one per ONNX operator) ----

        private struct AddOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => a + b;
            public double Apply(double a, double b) => a + b;
            public long Apply(long a, long b) => a + b;
        }

        private struct SubOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => a - b;
            public double Apply(double a, double b) => a - b;
            public long Apply(long a, long b) => a - b;
        }

        private struct MulOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => a * b;
            public double Apply(double a, double b) => a * b;
            public long Apply(long a, long b) => a * b;
        }

        /// <summary>Integer division truncates toward zero (C semantics, as ONNX Runtime).</summary>
        private struct DivOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => a / b;
            public double Apply(double a, double b) => a / b;
            public long Apply(long a, long b) => b == 0 ? throw new OnnxKernelException("Integer division by zero.") : a / b;
        }

        private struct PowOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => (float)Math.Pow(a, b);
            public double Apply(double a, double b) => Math.Pow(a, b);
            public long Apply(long a, long b) => (long)Math.Pow(a, b);
        }

        private struct MaxOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => float.IsNaN(a) || a > b ? a : b;
            public double Apply(double a, double b) => double.IsNaN(a) || a > b ? a : b;
            public long Apply(long a, long b) => a > b ? a : b;
        }

        private struct MinOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => float.IsNaN(a) || a < b ? a : b;
            public double Apply(double a, double b) => double.IsNaN(a) || a < b ? a : b;
            public long Apply(long a, long b) => a < b ? a : b;
        }

        /// <summary>PRelu: x if x &gt;= 0 else slope·x.</summary>
        private struct PReluOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float x, float slope) => x < 0f ? slope * x : x;
            public double Apply(double x, double slope) => x < 0.0 ? slope * x : x;
            public long Apply(long x, long slope) => x < 0 ? slope * x : x;
        }

        /// <summary>Mod with fmod = 0: the result takes the divisor's sign (Python %).</summary>
        private struct ModOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => (float)Apply((double)a, b);
            public double Apply(double a, double b) { double r = a % b; return r != 0 && (r < 0) != (b < 0) ? r + b : r; }
            public long Apply(long a, long b)
            {
                if (b == 0) throw new OnnxKernelException("Integer modulo by zero.");
                long r = a % b;
                return r != 0 && (r < 0) != (b < 0) ? r + b : r;
            }
        }

        /// <summary>Mod with fmod = 1: the result takes the dividend's sign (C fmod).</summary>
        private struct FModOp : IBinary<float, float>, IBinary<double, double>, IBinary<long, long>
        {
            public float Apply(float a, float b) => a % b;
            public double Apply(double a, double b) => a % b;
            public long Apply(long a, long b) => b == 0 ? throw new OnnxKernelException("Integer modulo by zero.") : a % b;
        }

        private struct EqualOp : IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            public bool Apply(float a, float b) => a == b;
            public bool Apply(double a, double b) => a == b;
            public bool Apply(long a, long b) => a == b;
            public bool Apply(bool a, bool b) => a == b;
        }

        private struct LessOp : IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            public bool Apply(float a, float b) => a < b;
            public bool Apply(double a, double b) => a < b;
            public bool Apply(long a, long b) => a < b;
            public bool Apply(bool a, bool b) => !a && b;
        }

        private struct LessOrEqualOp : IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            public bool Apply(float a, float b) => a <= b;
            public bool Apply(double a, double b) => a <= b;
            public bool Apply(long a, long b) => a <= b;
            public bool Apply(bool a, bool b) => !a || b;
        }

        private struct GreaterOp : IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            public bool Apply(float a, float b) => a > b;
            public bool Apply(double a, double b) => a > b;
            public bool Apply(long a, long b) => a > b;
            public bool Apply(bool a, bool b) => a && !b;
        }

        private struct GreaterOrEqualOp : IBinary<float, bool>, IBinary<double, bool>, IBinary<long, bool>, IBinary<bool, bool>
        {
            public bool Apply(float a, float b) => a >= b;
            public bool Apply(double a, double b) => a >= b;
            public bool Apply(long a, long b) => a >= b;
            public bool Apply(bool a, bool b) => a || !b;
        }

        private struct AndOp : IBinary<bool, bool> { public bool Apply(bool a, bool b) => a && b; }

        private struct OrOp : IBinary<bool, bool> { public bool Apply(bool a, bool b) => a || b; }

        private struct XorOp : IBinary<bool, bool> { public bool Apply(bool a, bool b) => a != b; }
    }

    /// <summary>Where(condition, X, Y): X where the condition holds, else Y, all three broadcast together.</summary>
    internal sealed class WhereKernel : OnnxKernel
    {
        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(3, 3);
            c.ExpectOutputs(1, 1);
            return new WhereKernel();
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue cond = inputs[0]!, x = inputs[1]!, y = inputs[2]!;
            if (cond.B is null) throw new OnnxKernelException($"Where's condition must be a bool tensor, got {cond.Describe()}.");
            if (x.IsSequence || y.IsSequence || x.ElementType != y.ElementType)
                throw new OnnxKernelException($"Where needs X and Y of one tensor type, got {x.Describe()} and {y.Describe()}.");
            int[] so = OnnxShapes.Broadcast(OnnxShapes.Broadcast(cond.Dims, x.Dims), y.Dims);
            OnnxRunBudget budget = context.Budget;
            int[] ic = OnnxShapes.BroadcastIndex(budget, cond.Dims, so), ix = OnnxShapes.BroadcastIndex(budget, x.Dims, so);
            int[] iy = OnnxShapes.BroadcastIndex(budget, y.Dims, so);
            bool[] c = cond.B;
            var map = budget.Ints(ic.Length);
            // Select from the concatenation [X, Y]: index into X, or X.Length + index into Y.
            int offset = x.ElementCount;
            for (int i = 0; i < map.Length; i++) map[i] = c[ic[i]] ? ix[i] : offset + iy[i];
            Array both = budget.Storage(x.ElementType, OnnxShapes.Elements((long)offset + y.ElementCount, "Where's X and Y together"));
            OnnxData.Copy(x.Data, 0, both, 0, offset);
            OnnxData.Copy(y.Data, 0, both, offset, y.ElementCount);
            outputs[0] = OnnxData.Take(budget, x.Like(both, new[] { both.Length }), map, so);
        }
    }
}
