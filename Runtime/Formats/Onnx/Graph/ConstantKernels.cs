// Operators that create tensors: Constant (value, value_float(s), value_int(s)), ConstantOfShape (the output type is
// the value tensor's type) and Range. They have no tensor inputs to depend on, so they fold at build time.
using System;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    internal sealed class ConstantKernel : OnnxKernel
    {
        private readonly OnnxValue _value;

        private ConstantKernel(OnnxValue value) => _value = value;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(0, 0);
            c.ExpectOutputs(1, 1);
            OnnxValue? value = null;
            int given = 0;
            foreach (var a in c.Node.Attributes)
            {
                switch (a.Name)
                {
                    case "value":
                        var t = c.Tensor("value") ?? throw c.Error("attribute 'value' holds no tensor.");
                        value = FromTensor(c, t);
                        break;
                    case "value_float":
                        value = OnnxValue.Floats(new[] { c.Float("value_float", 0f) }, OnnxShapes.Scalar);
                        break;
                    case "value_floats":
                        var fs = (float[])c.Floats("value_floats")!.Clone();
                        value = OnnxValue.Floats(fs, new[] { fs.Length });
                        break;
                    case "value_int":
                        value = OnnxValue.ScalarInt64(c.Int("value_int", 0));
                        break;
                    case "value_ints":
                        var ls = (long[])c.Ints("value_ints")!.Clone();
                        value = OnnxValue.Longs(OnnxDataType.Int64, ls, new[] { ls.Length });
                        break;
                    case "sparse_value":
                    case "value_string":
                    case "value_strings":
                        throw c.Error($"attribute '{a.Name}' is not supported (string and sparse constants).");
                    default:
                        continue;
                }
                given++;
            }
            if (given != 1) throw c.Error($"exactly one value attribute is required, found {given}.");
            return new ConstantKernel(value!);
        }

        internal static OnnxValue FromTensor(OnnxNodeContext c, OnnxTensor t)
        {
            try
            {
                return OnnxValue.FromTensor(t);
            }
            catch (OnnxFormatException e)
            {
                throw c.Error(e.Message, e);
            }
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs) => outputs[0] = _value;
    }

    /// <summary>ConstantOfShape: a tensor of the given shape filled with the one-element 'value' (default float 0).</summary>
    internal sealed class ConstantOfShapeKernel : OnnxKernel
    {
        private readonly OnnxValue _fill;

        private ConstantOfShapeKernel(OnnxValue fill) => _fill = fill;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(1, 1);
            c.ExpectOutputs(1, 1);
            OnnxValue fill = OnnxValue.Floats(new[] { 0f }, new[] { 1 });
            var t = c.Tensor("value");
            if (t != null)
            {
                fill = ConstantKernel.FromTensor(c, t);
                if (fill.ElementCount != 1) throw c.Error($"attribute 'value' must hold one element, got {fill.Describe()}.");
            }
            return new ConstantOfShapeKernel(fill);
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            int[] so = OnnxShapes.ShapeFrom(OnnxShapes.Longs(inputs[0]!, "ConstantOfShape's shape"), "ConstantOfShape's shape");
            outputs[0] = OnnxData.Fill(context.Budget, _fill, so); // the output only: no index map beside it
        }
    }

    /// <summary>Range(start, limit, delta): ceil((limit - start) / delta) elements, at least 0.</summary>
    internal sealed class RangeKernel : OnnxKernel
    {
        /// <summary>max(0, ceil(span / delta)), checked against the tensor size limit before anything is allocated.</summary>
        private static int Length(double span, double delta, OnnxValue s, OnnxValue l, OnnxValue d)
        {
            double n = Math.Ceiling(span / delta);
            if (double.IsNaN(n)) throw new OnnxKernelException($"Range({s}, {l}, {d}) has no defined length.");
            if (n <= 0) return 0;
            if (n > OnnxShapes.MaxElements)
                throw new OnnxKernelException($"Range({s}, {l}, {d}) would hold {n.ToString("G6", CultureInfo.InvariantCulture)} elements, more than the 2^28 a tensor may hold.");
            return (int)n;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(3, 3);
            c.ExpectOutputs(1, 1);
            return new RangeKernel();
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue s = inputs[0]!, l = inputs[1]!, d = inputs[2]!;
            if (s.ElementType != l.ElementType || s.ElementType != d.ElementType || s.ElementCount != 1 || l.ElementCount != 1 || d.ElementCount != 1)
                throw new OnnxKernelException($"Range needs three scalars of one type, got {s.Describe()}, {l.Describe()}, {d.Describe()}.");
            if (s.L != null)
            {
                long start = s.L[0], delta = d.L![0];
                if (delta == 0) throw new OnnxKernelException("Range: delta is 0.");
                int n = Length((double)l.L![0] - start, delta, s, l, d);
                var r = context.Budget.Longs(n);
                for (int i = 0; i < r.Length; i++) r[i] = start + i * delta;
                outputs[0] = OnnxValue.Longs(s.ElementType, r, new[] { r.Length });
            }
            else
            {
                double start = s.F != null ? s.F[0] : s.D![0];
                double limit = l.F != null ? l.F[0] : l.D![0];
                double delta = d.F != null ? d.F[0] : d.D![0];
                if (delta == 0) throw new OnnxKernelException("Range: delta is 0.");
                int n = Length(limit - start, delta, s, l, d);
                var r = context.Budget.Doubles(n);
                for (int i = 0; i < n; i++) r[i] = start + i * delta;
                var dv = OnnxValue.Tensor(OnnxDataType.Double, new[] { n }, r);
                outputs[0] = s.F != null ? OnnxData.Convert(context.Budget, dv, OnnxDataType.Float) : dv;
            }
        }
    }
}
