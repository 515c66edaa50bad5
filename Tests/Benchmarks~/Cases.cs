// The benchmark cases: the same shapes, weight ranges and outputs as Tests/Tools~/ort-bench/bench.mjs, so each line
// can be divided by ONNX Runtime's; plus kernel microbenchmarks that have no ORT counterpart.
using System;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Benchmarks
{
    internal static class Cases
    {
        public const string GestureLstmSeq = "gesture_lstm_seq";
        public const string GestureLstmRunner = "gesture_lstm_seq_runner";
        public const string GestureLstmStep = "gesture_lstm_step";
        public const string GestureGruSeq = "gesture_gru_seq";
        public const string TextLstmB1 = "text_lstm_b1";
        public const string TextLstmB32 = "text_lstm_b32";

        /// <summary>The cases compared with ORT, in report order. Each entry builds its case on demand.</summary>
        public static readonly (string Name, Func<BenchCase> Create)[] Recurrent =
        {
            (GestureLstmSeq, () => new OpCase(GestureLstmSeq, RecurrentCellKind.Lstm, I: 8, H: 64, B: 1, T: 64)),
            (GestureLstmRunner, () => new RunnerCase(GestureLstmRunner, GestureLstmSeq, I: 8, H: 64, B: 1, T: 64)),
            (GestureLstmStep, () => new StepCase(GestureLstmStep, I: 8, H: 64, resetEvery: 64)),
            (GestureGruSeq, () => new OpCase(GestureGruSeq, RecurrentCellKind.Gru, I: 4, H: 64, B: 1, T: 64)),
            (TextLstmB1, () => new OpCase(TextLstmB1, RecurrentCellKind.Lstm, I: 64, H: 256, B: 1, T: 64)),
            (TextLstmB32, () => new OpCase(TextLstmB32, RecurrentCellKind.Lstm, I: 64, H: 256, B: 32, T: 64)),
        };

        /// <summary>Kernel microbenchmarks (no ORT counterpart).</summary>
        public static readonly (string Name, Func<BenchCase> Create)[] Kernels =
        {
            ("gemm_m1_k64_n256", () => new GemmCase("gemm_m1_k64_n256", m: 1, k: 64, n: 256)),
            ("gemm_m1_k256_n1024", () => new GemmCase("gemm_m1_k256_n1024", m: 1, k: 256, n: 1024)),
            ("gemm_m32_k256_n1024", () => new GemmCase("gemm_m32_k256_n1024", m: 32, k: 256, n: 1024)),
            ("sigmoid_1024", () => new ActivationCase("sigmoid_1024", Activation.Sigmoid, 1024)),
            ("tanh_1024", () => new ActivationCase("tanh_1024", Activation.Tanh, 1024)),
            ("sigmoid_1024_scalar", () => new ActivationCase("sigmoid_1024_scalar", Activation.Sigmoid, 1024, scalar: true)),
            ("tanh_1024_scalar", () => new ActivationCase("tanh_1024_scalar", Activation.Tanh, 1024, scalar: true)),
        };

        /// <summary>2·M·N·K of the input projection (T·B × I × G·H) plus the recurrent GEMMs (T × B × H × G·H).</summary>
        public static double RecurrentFlops(int G, int I, int H, int B, int T) =>
            2.0 * T * B * I * G * H + 2.0 * T * B * H * G * H;

        /// <summary>Uniform in [-bound, bound] from a fixed seed (ort-bench draws the same range from mulberry32).</summary>
        public static float[] Uniform(int length, float bound, int seed)
        {
            var random = new Random(seed);
            var values = new float[length];
            for (int i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            return values;
        }

        public static string Dims(RecurrentCellKind cell, int I, int H, int B, int T) =>
            $"{(cell == RecurrentCellKind.Gru ? "GRU" : "LSTM")} I={I} H={H} B={B} T={T}";
    }

    /// <summary>
    /// RecurrentOp.Run over a whole sequence with a reused Workspace: exactly the ONNX node ORT runs (layout 0, forward,
    /// bias, default activations; outputs Y, Y_h and, for LSTM, Y_c, as ort-bench requests).
    /// </summary>
    internal sealed class OpCase : BenchCase
    {
        private readonly RecurrentOp _op;
        private readonly float[] _x, _y, _yH, _yC;
        private readonly Workspace _workspace;
        private readonly int _b, _t;

        public OpCase(string name, RecurrentCellKind cell, int I, int H, int B, int T)
            : base(name, name, Cases.RecurrentFlops(RecurrentOpAttributes.GateCountOf(cell), I, H, B, T),
                Cases.Dims(cell, I, H, B, T) + (cell == RecurrentCellKind.Gru ? " linear_before_reset=1" : "") + ", RecurrentOp.Run")
        {
            var attributes = new RecurrentOpAttributes
            {
                Cell = cell, HiddenSize = H, LinearBeforeReset = cell == RecurrentCellKind.Gru,
            };
            int GH = attributes.GateCount * H;
            float bound = 1f / MathF.Sqrt(H);
            _op = new RecurrentOp(attributes, I,
                Cases.Uniform(GH * I, bound, 1), Cases.Uniform(GH * H, bound, 2), Cases.Uniform(2 * GH, bound, 3), default);
            _b = B;
            _t = T;
            _x = Cases.Uniform(T * B * I, 1f, 4);                       // [T, B, I]
            _y = new float[T * B * H];                                   // [T, 1, B, H]
            _yH = new float[B * H];                                      // [1, B, H]
            _yC = cell == RecurrentCellKind.Lstm ? new float[B * H] : Array.Empty<float>();
            _workspace = new Workspace(_op.WorkspaceLength(T, B));
        }

        public override void Run() =>
            _op.Run(_x, _t, _b, default, default, default, _y, _yH, _yC, _workspace);
    }

    /// <summary>The same LSTM through the model-level API: ModelBuilder → InferenceModel → BatchRunner ([B, T, I] in, [B, T, H] out).</summary>
    internal sealed class RunnerCase : BenchCase
    {
        private readonly BatchRunner _runner;
        private readonly float[] _x, _output;
        private readonly int _b, _t;

        public RunnerCase(string name, string ortCase, int I, int H, int B, int T)
            : base(name, ortCase, Cases.RecurrentFlops(4, I, H, B, T), Cases.Dims(RecurrentCellKind.Lstm, I, H, B, T) + ", BatchRunner.Run")
        {
            var model = new ModelBuilder(inputFeatures: I, seed: 1).Lstm(H).Build();
            _runner = new InferenceModel(model).CreateBatchRunner();
            _b = B;
            _t = T;
            _x = Cases.Uniform(B * T * I, 1f, 4);
            _output = new float[_runner.OutputLength(B, T)];
        }

        public override void Run() => _runner.Run(_x, _b, _t, default, _output);
    }

    /// <summary>
    /// One StreamingSession.Step of the gesture LSTM (B=1). Like ort-bench, the state is reset every
    /// <c>resetEvery</c> steps (the Reset is inside the timed work) and each step takes the next input of a sequence.
    /// </summary>
    internal sealed class StepCase : BenchCase
    {
        private readonly StreamingSession _session;
        private readonly float[] _x, _output;
        private readonly int _inputs, _resetEvery;
        private int _step;

        public StepCase(string name, int I, int H, int resetEvery)
            : base(name, name, Cases.RecurrentFlops(4, I, H, 1, 1), Cases.Dims(RecurrentCellKind.Lstm, I, H, 1, 1) + ", StreamingSession.Step")
        {
            var model = new ModelBuilder(inputFeatures: I, seed: 1).Lstm(H).Build();
            _session = new InferenceModel(model).CreateSession(batchSize: 1);
            _inputs = I;
            _resetEvery = resetEvery;
            _x = Cases.Uniform(resetEvery * I, 1f, 4);
            _output = new float[_session.OutputSize];
        }

        public override void Run()
        {
            _session.Step(_x.AsSpan(_step * _inputs, _inputs), _output);
            if (++_step == _resetEvery)
            {
                _step = 0;
                _session.Reset();
            }
        }
    }

    /// <summary>Gemm.Forward: C [M, N] = A [M, K] × B [K, N] with B packed, not accumulating.</summary>
    internal sealed class GemmCase : BenchCase
    {
        private readonly float[] _a, _c;
        private readonly PackedMatrix _b;
        private readonly int _m, _k, _n;

        public GemmCase(string name, int m, int k, int n)
            : base(name, null, 2.0 * m * n * k, $"Gemm.Forward M={m} K={k} N={n}")
        {
            _m = m;
            _k = k;
            _n = n;
            _a = Cases.Uniform(m * k, 1f, 5);
            _b = PackedMatrix.FromRowMajor(Cases.Uniform(k * n, 1f / MathF.Sqrt(k), 6), k, n);
            _c = new float[m * n];
        }

        public override void Run() => Gemm.Forward(_a, _k, _b, _c, _n, _m, accumulate: false);
    }

    /// <summary>
    /// ActivationKernels.Forward over a contiguous span (pre-activations in [-4, 4], as gates see them); with
    /// <c>scalar</c>, its scalar twin ActivationReference.Forward, to show what the SIMD path buys.
    /// </summary>
    internal sealed class ActivationCase : BenchCase
    {
        private readonly Activation _activation;
        private readonly float[] _x, _y;
        private readonly bool _scalar;

        public ActivationCase(string name, Activation activation, int length, bool scalar = false)
            : base(name, null, 0, $"{(scalar ? "ActivationReference" : "ActivationKernels")}.Forward {activation.Kind} on {length} floats")
        {
            _activation = activation;
            _scalar = scalar;
            _x = Cases.Uniform(length, 4f, 7);
            _y = new float[length];
        }

        public override void Run()
        {
            if (_scalar) ActivationReference.Forward(_activation, _x, _y);
            else ActivationKernels.Forward(_activation, _x, _y);
        }
    }
}
