// 1-D convolution (N, C, L with kernel_shape, strides, pads, dilations, group, auto_pad) and inference-mode
// BatchNormalization. 2-D and higher convolutions are rejected when the kernel is built or run.
using System;

namespace Recurrent.Formats.Onnx
{
    internal sealed class ConvKernel : OnnxKernel
    {
        private readonly int _group, _stride, _dilation, _padBegin, _padEnd;
        private readonly string _autoPad;
        private readonly int? _kernelSize;

        private ConvKernel(int group, int stride, int dilation, int padBegin, int padEnd, string autoPad, int? kernelSize)
        {
            _group = group;
            _stride = stride;
            _dilation = dilation;
            _padBegin = padBegin;
            _padEnd = padEnd;
            _autoPad = autoPad;
            _kernelSize = kernelSize;
        }

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(2, 3);
            c.ExpectOutputs(1, 1);
            long[]? kernelShape = c.Ints("kernel_shape"), strides = c.Ints("strides"), pads = c.Ints("pads"), dilations = c.Ints("dilations");
            OnnxValue? w = c.ConstantInput(1);
            int spatial = kernelShape?.Length ?? strides?.Length ?? dilations?.Length ?? (pads != null ? pads.Length / 2 : w != null ? w.Rank - 2 : 1);
            if (spatial != 1) throw c.Error($"only 1-D convolution (input N, C, L) is supported; this node is {spatial}-D.");
            if (w != null && (w.Rank != 3 || w.F is null)) throw c.Error($"W must be a float tensor [M, C/group, k] for a 1-D convolution, got {w.Describe()}.");
            if (pads != null && pads.Length != 2) throw c.Error($"attribute 'pads' must hold 2 values, got {pads.Length}.");
            if (kernelShape != null && kernelShape.Length != 1) throw c.Error($"attribute 'kernel_shape' must hold 1 value, got {kernelShape.Length}.");
            if (strides != null && strides.Length != 1) throw c.Error($"attribute 'strides' must hold 1 value, got {strides.Length}.");
            if (dilations != null && dilations.Length != 1) throw c.Error($"attribute 'dilations' must hold 1 value, got {dilations.Length}.");
            string autoPad = c.String("auto_pad", "NOTSET");
            if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
                throw c.Error($"attribute 'auto_pad' = '{autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
            int group = (int)c.IntInRange("group", 1, 1, int.MaxValue);
            int stride = strides != null ? Positive(c, "strides", strides[0]) : 1;
            int dilation = dilations != null ? Positive(c, "dilations", dilations[0]) : 1;
            if (pads != null && (pads[0] < 0 || pads[1] < 0)) throw c.Error("attribute 'pads' holds a negative value.");
            return new ConvKernel(group, stride, dilation, pads != null ? (int)pads[0] : 0, pads != null ? (int)pads[1] : 0, autoPad,
                kernelShape != null ? Positive(c, "kernel_shape", kernelShape[0]) : (int?)null);
        }

        private static int Positive(OnnxNodeContext c, string name, long v) =>
            v > 0 && v <= int.MaxValue ? (int)v : throw c.Error($"attribute '{name}' holds {v}; it must be positive.");

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!, w = inputs[1]!;
            OnnxValue? bias = inputs.Length > 2 ? inputs[2] : null;
            if (x.F is null || x.Rank != 3) throw new OnnxKernelException($"Conv supports 1-D float input [N, C, L], got {x.Describe()}.");
            if (w.F is null || w.Rank != 3) throw new OnnxKernelException($"Conv W must be a float tensor [M, C/group, k], got {w.Describe()}.");
            int N = x.Dims[0], C = x.Dims[1], L = x.Dims[2], M = w.Dims[0], Cg = w.Dims[1], k = w.Dims[2];
            if (_kernelSize.HasValue && _kernelSize.Value != k) throw new OnnxKernelException($"Conv kernel_shape {_kernelSize} disagrees with W {w.Describe()}.");
            if (C % _group != 0 || M % _group != 0 || Cg != C / _group)
                throw new OnnxKernelException($"Conv: X {x.Describe()} and W {w.Describe()} do not fit group = {_group}.");
            if (bias != null && (bias.F is null || bias.ElementCount != M)) throw new OnnxKernelException($"Conv B must hold {M} floats, got {bias.Describe()}.");

            // In long: attributes near 2^31 (hostile or not) must not wrap around in int arithmetic.
            long span = (long)_dilation * (k - 1) + 1, padBegin = _padBegin, padEnd = _padEnd;
            if (_autoPad == "VALID") padBegin = padEnd = 0;
            else if (_autoPad != "NOTSET")
            {
                long outLen = ((long)L + _stride - 1) / _stride;
                long total = Math.Max(0, (outLen - 1) * _stride + span - L);
                padBegin = _autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                padEnd = total - padBegin;
            }
            long padded = L + padBegin + padEnd - span;
            long outLength = padded < 0 ? 0 : padded / _stride + 1;
            long outCount = OnnxShapes.Product(OnnxShapes.Product(N, M), outLength);
            if (outLength > OnnxShapes.MaxElements || outCount > OnnxShapes.MaxElements)
                throw new OnnxKernelException(
                    $"Conv output [{N},{M},{outLength}] (input length {L}, pads {padBegin}+{padEnd}, stride {_stride}, dilation {_dilation}, kernel {k}) " +
                    "would hold more than the 2^28 elements a tensor may hold.");
            int Lo = (int)outLength, count = (int)outCount;
            // One multiply-add per output element, input channel of its group and kernel tap (padding included).
            context.Budget.Charge(OnnxShapes.Product(OnnxShapes.Product(count, Cg), k));
            var y = context.Budget.Floats(count);
            float[] xf = x.F, wf = w.F;
            int Mg = M / _group;
            for (int n = 0; n < N; n++)
                for (int m = 0; m < M; m++)
                {
                    int g = m / Mg;
                    float b0 = bias != null ? bias.F![m] : 0f;
                    for (int o = 0; o < Lo; o++)
                    {
                        double acc = b0;
                        long start = (long)o * _stride - padBegin;
                        // Only the taps that land inside the input (padding adds nothing): t in [first, end).
                        int first = start >= 0 ? 0 : (int)Math.Min(k, (-start + _dilation - 1) / _dilation);
                        int end = start > L - 1 ? 0 : (int)Math.Min(k, (L - 1 - start) / _dilation + 1);
                        for (int ci = 0; ci < Cg; ci++)
                        {
                            int xRow = (n * C + g * Cg + ci) * L, wRow = (m * Cg + ci) * k;
                            for (int t = first; t < end; t++)
                                acc += (double)xf[xRow + (int)(start + (long)t * _dilation)] * wf[wRow + t];
                        }
                        y[(n * M + m) * Lo + o] = (float)acc;
                    }
                }
            outputs[0] = OnnxValue.Floats(y, new[] { N, M, Lo });
        }
    }

    /// <summary>BatchNormalization in inference mode: y = scale · (x − mean) / sqrt(var + epsilon) + B over channel axis 1.</summary>
    internal sealed class BatchNormalizationKernel : OnnxKernel
    {
        private readonly float _epsilon;

        private BatchNormalizationKernel(float epsilon) => _epsilon = epsilon;

        public static OnnxKernel Create(OnnxNodeContext c)
        {
            c.ExpectInputs(5, 5);
            c.ExpectOutputs(1, c.Opset < 14 ? 5 : 3);
            if (c.Flag("training_mode", false)) throw c.Error("training_mode = 1 is not supported.");
            if (c.Opset < 7 && c.Int("is_test", 0) == 0 && c.OutputCount > 1) throw c.Error("training-mode outputs are not supported.");
            for (int i = 1; i < c.OutputCount; i++)
                if (c.HasOutput(i)) throw c.Error("only output Y is supported (the others exist in training mode).");
            return new BatchNormalizationKernel(c.Float("epsilon", 1e-5f));
        }

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[0]!;
            if (x.F is null || x.Rank < 2) throw new OnnxKernelException($"BatchNormalization takes a float tensor [N, C, ...], got {x.Describe()}.");
            int N = x.Dims[0], C = x.Dims[1], inner = OnnxShapes.Count(x.Dims, 2, x.Rank);
            var p = new float[4][];
            for (int i = 0; i < 4; i++)
            {
                OnnxValue v = inputs[i + 1]!;
                if (v.F is null || v.ElementCount != C) throw new OnnxKernelException($"BatchNormalization input {i + 1} must hold {C} floats, got {v.Describe()}.");
                p[i] = v.F;
            }
            float[] scale = p[0], shift = p[1], mean = p[2], variance = p[3];
            var y = context.Budget.Floats(x.ElementCount);
            context.Budget.Charge(OnnxShapes.Product(N, C)); // the loops below, even when inner is 0
            for (int c = 0; c < C; c++)
            {
                float a = (float)(scale[c] / Math.Sqrt(variance[c] + (double)_epsilon));
                float b = shift[c] - mean[c] * a;
                for (int n = 0; n < N; n++)
                {
                    int at = (n * C + c) * inner;
                    for (int i = 0; i < inner; i++) y[at + i] = x.F[at + i] * a + b;
                }
            }
            outputs[0] = OnnxValue.Floats(y, (int[])x.Dims.Clone());
        }
    }
}
