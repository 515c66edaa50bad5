// The complete CPU backend: every BackendOp runs on the SIMD kernels in Kernels/ and the recurrent operator in Ops/.
// Stateless apart from per-thread scratch, so one instance serves every runner and thread.
using System;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent.Backends
{
    public sealed class CpuBackend : IBackend
    {
        [ThreadStatic] private static Scratch? t_scratch;

        /// <summary>The shared instance (the CPU backend holds no per-instance state).</summary>
        public static CpuBackend Instance { get; } = new CpuBackend();

        public string Name => "CPU (" + CpuFeatures.InstructionSet + ")";

        public IBackendBuffer Allocate(int length)
        {
            if (length < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(length), "Negative buffer length.");
            return new CpuBuffer(this, new float[length]);
        }

        public IBackendBuffer CreateWeights(ReadOnlySpan<float> weights, int k, int n) =>
            new CpuWeights(this, PackedMatrix.FromRowMajor(weights, k, n));

        public void Upload(ReadOnlySpan<float> source, IBackendBuffer destination, int offset = 0) =>
            source.CopyTo(AsCpu(destination).Data.AsSpan(offset));

        public void Download(IBackendBuffer source, int offset, Span<float> destination) =>
            AsCpu(source).Data.AsSpan(offset, destination.Length).CopyTo(destination);

        /// <summary>The CPU backend runs every op.</summary>
        public bool Supports(in BackendOp op) => true;

        public void Execute(in BackendOp op)
        {
            Span<float> input = AsCpu(op.Input).Data;
            Span<float> output = AsCpu(op.Output).Data;
            switch (op.Kind)
            {
                case BackendOpKind.Dense:
                    DenseForward(op, input, output);
                    break;
                case BackendOpKind.Activation:
                    ActivationKernels.Forward(op.Activation, input.Slice(0, op.Rows * op.N), output);
                    break;
                case BackendOpKind.Softmax:
                case BackendOpKind.LogSoftmax:
                    for (int r = 0; r < op.Rows; r++)
                    {
                        var src = input.Slice(r * op.N, op.N);
                        var dst = output.Slice(r * op.N, op.N);
                        if (op.Kind == BackendOpKind.Softmax) Elementwise.Softmax(src, dst);
                        else Elementwise.LogSoftmax(src, dst);
                    }
                    break;
                case BackendOpKind.Recurrent:
                    RecurrentForward(op, input, output);
                    break;
                default:
                    ThrowHelper.ThrowInvalidOperation($"Unknown backend op {op.Kind}.");
                    break;
            }
        }

        public void Dispose() { }

        /// <summary>Output[Rows, N] = act(Input[Rows, K] · W + b).</summary>
        private static void DenseForward(in BackendOp op, Span<float> input, Span<float> output)
        {
            var weights = op.Weights as CpuWeights ?? throw new ArgumentException("Dense weights were not created by the CPU backend.");
            int rows = op.Rows, n = op.N;
            Gemm.Forward(input, op.K, weights.Packed, output, n, rows, accumulate: false);
            if (op.Bias != null)
            {
                float[] bias = AsCpu(op.Bias).Data;
                for (int r = 0; r < rows; r++)
                {
                    var row = output.Slice(r * n, n);
                    Elementwise.Add(row, bias, row);
                }
            }
            if (op.Activation.Kind != ActivationKind.Identity)
                ActivationKernels.Forward(op.Activation, output.Slice(0, rows * n), output);
        }

        private static void RecurrentForward(in BackendOp op, Span<float> input, Span<float> output)
        {
            RecurrentLayer layer = op.Recurrent!;
            var rop = op.RecurrentOp!;
            int T = op.SeqLength, B = op.Batch, H = layer.HiddenSize, D = layer.NumDirections, I = layer.InputSize;
            var scratch = t_scratch ??= new Scratch();
            Span<float> yH = scratch.Hidden(2 * D * B * H);
            Span<float> yC = layer.ReturnState && layer.StateCount == 2 ? yH.Slice(D * B * H) : default;
            yH = yH.Slice(0, D * B * H);
            Span<float> y = layer.ReturnSequences ? scratch.Sequence(T * D * B * H) : default;
            rop.Run(input.Slice(0, T * B * I), T, B, op.Lengths, default, default, y, yH, yC, scratch.Workspace);

            int O = layer.OutputSize, M = layer.MergedSize;
            bool sum = D == 2 && layer.Merge == BidirectionalMerge.Sum;
            if (layer.ReturnSequences)
            {
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < B; b++)
                        MergeDirections(y, ((t * D) * B + b) * H, B * H, output.Slice((t * B + b) * O, O), D, H, sum);
            }
            else
            {
                // Last step = Y_h; returnState appends Y_c (LSTM): each row is [h (M), c (M)].
                for (int b = 0; b < B; b++)
                {
                    MergeDirections(yH, b * H, B * H, output.Slice(b * O, M), D, H, sum);
                    if (!yC.IsEmpty) MergeDirections(yC, b * H, B * H, output.Slice(b * O + M, M), D, H, sum);
                }
            }
        }

        /// <summary>dst = concat or sum over d of src[start + d * dirStride .. + H].</summary>
        private static void MergeDirections(ReadOnlySpan<float> src, int start, int dirStride, Span<float> dst, int D, int H, bool sum)
        {
            src.Slice(start, H).CopyTo(dst);
            if (D == 1) return;
            var backward = src.Slice(start + dirStride, H);
            if (sum) Elementwise.Add(dst.Slice(0, H), backward, dst.Slice(0, H));
            else backward.CopyTo(dst.Slice(H, H));
        }

        private static CpuBuffer AsCpu(IBackendBuffer buffer) =>
            buffer as CpuBuffer ?? throw new ArgumentException("Buffer was not allocated by the CPU backend.", nameof(buffer));

        /// <summary>Per-thread scratch that grows to the largest request and is then reused.</summary>
        private sealed class Scratch
        {
            private float[] _sequence = Array.Empty<float>();
            private float[] _hidden = Array.Empty<float>();

            public Workspace Workspace { get; } = new Workspace();

            public Span<float> Sequence(int n)
            {
                if (_sequence.Length < n) _sequence = new float[n];
                return _sequence.AsSpan(0, n);
            }

            public Span<float> Hidden(int n)
            {
                if (_hidden.Length < n) _hidden = new float[n];
                return _hidden.AsSpan(0, n);
            }
        }
    }
}
