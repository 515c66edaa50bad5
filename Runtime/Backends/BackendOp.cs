// One operation for a backend to execute: its kind, buffer operands and sizes. A plain struct, so describing an op
// allocates nothing; buffers are allocated once per runner.
using System;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Backends
{
    public readonly struct BackendOp
    {
        private BackendOp(BackendOpKind kind, IBackendBuffer input, IBackendBuffer output, IBackendBuffer? weights,
            IBackendBuffer? bias, int rows, int k, int n, Activation activation, RecurrentLayer? recurrent,
            RecurrentOp? recurrentOp, int seqLength, int batch, int[]? lengths)
        {
            RecurrentOp = recurrentOp;
            Kind = kind;
            Input = input;
            Output = output;
            Weights = weights;
            Bias = bias;
            Rows = rows;
            K = k;
            N = n;
            Activation = activation;
            Recurrent = recurrent;
            SeqLength = seqLength;
            Batch = batch;
            Lengths = lengths;
        }

        public BackendOpKind Kind { get; }
        public IBackendBuffer Input { get; }
        public IBackendBuffer Output { get; }
        /// <summary>Dense: the [K, N] weights from <see cref="IBackend.CreateWeights"/>.</summary>
        public IBackendBuffer? Weights { get; }
        /// <summary>Dense: [N] bias or null.</summary>
        public IBackendBuffer? Bias { get; }
        public int Rows { get; }
        public int K { get; }
        public int N { get; }
        public Activation Activation { get; }
        /// <summary>Recurrent: the layer (its attributes and ONNX-layout weights).</summary>
        public RecurrentLayer? Recurrent { get; }
        /// <summary>Recurrent: the packed operator holding the weights to run (a snapshot of the layer's weights).</summary>
        public RecurrentOp? RecurrentOp { get; }
        /// <summary>Recurrent: T.</summary>
        public int SeqLength { get; }
        /// <summary>Recurrent: B.</summary>
        public int Batch { get; }
        /// <summary>Recurrent: valid length per batch row [B], or null when all rows are T long.</summary>
        public int[]? Lengths { get; }

        public static BackendOp Dense(IBackendBuffer input, IBackendBuffer output, IBackendBuffer weights, IBackendBuffer? bias,
            int rows, int k, int n, Activation activation) =>
            new BackendOp(BackendOpKind.Dense, input, output, weights, bias, rows, k, n, activation, null, null, 0, 0, null);

        public static BackendOp Elementwise(BackendOpKind kind, IBackendBuffer input, IBackendBuffer output, int rows, int n,
            Activation activation = default)
        {
            if (kind != BackendOpKind.Activation && kind != BackendOpKind.Softmax && kind != BackendOpKind.LogSoftmax)
                throw new ArgumentException($"{kind} is not an elementwise op.", nameof(kind));
            return new BackendOp(kind, input, output, null, null, rows, n, n, activation, null, null, 0, 0, null);
        }

        /// <summary>
        /// A recurrent layer: Input [T, B, I] time-major; Output [T, B, O] when the layer returns sequences (zero past
        /// each length), else [B, O] (the state after each row's last valid step); O per the layer's merge mode.
        /// </summary>
        public static BackendOp RecurrentLayer(IBackendBuffer input, IBackendBuffer output, RecurrentLayer layer, RecurrentOp op,
            int seqLength, int batch, int[]? lengths) =>
            new BackendOp(BackendOpKind.Recurrent, input, output, null, null, seqLength * batch, layer.InputSize, layer.OutputSize,
                default, layer, op, seqLength, batch, lengths);
    }
}
