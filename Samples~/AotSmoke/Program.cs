// The NativeAOT smoke test CI publishes and runs (.ci/run): the public API compiled ahead of time with trimming, run
// once end to end. Exit code 0 only when every check passes. Kernel-level coverage is the test suite's job, not this.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Recurrent;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent.Samples.AotSmoke
{
    internal static class Program
    {
        // Streaming and batch run the same kernels in the same order; GEMM row blocking may legally differ in the last
        // bit on some instruction sets (the same bound as StreamingSessionTests).
        private const double StreamingTolerance = 1e-6;

        // float32 kernels against a float64 reference over a few steps: rounding stays near 1e-7, so 1e-5 leaves room
        // for vectorised activations without hiding a wrong gate or a wrong time index (those are off by > 1e-2).
        private const double ReferenceTolerance = 1e-5;

        private const int Features = 5;      // I
        private const int Steps = 40;        // T of the fixed sequence
        private const int AllocationSteps = 1_000;
        private const int TimingRounds = 5;

        private static readonly List<string> s_failures = new List<string>();
        private static int s_checks;

        private static int Main()
        {
            try
            {
                Run();
            }
            catch (Exception e)
            {
                Console.WriteLine($"AotSmoke FAILED with an exception: {e}");
                return 2;
            }
            if (s_failures.Count == 0)
            {
                Console.WriteLine($"AotSmoke: all {s_checks} checks passed.");
                return 0;
            }
            Console.WriteLine($"AotSmoke FAILED: {s_failures.Count} of {s_checks} checks failed:");
            foreach (string f in s_failures) Console.WriteLine("  - " + f);
            return 1;
        }

        private static void Run()
        {
            string mode = RuntimeFeature.IsDynamicCodeSupported ? "JIT (not NativeAOT!)" : "NativeAOT";
            Console.WriteLine($"Recurrent AotSmoke: {mode}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
            Console.WriteLine($"instruction set: {CpuFeatures.InstructionSet}");
            // What the compiled code may use: under NativeAOT this is fixed at publish time by IlcInstructionSet (README.md).
            Console.WriteLine($"info  accelerated: Vector128 {YesNo(Vector128.IsHardwareAccelerated)}, Vector256 {YesNo(Vector256.IsHardwareAccelerated)}, " +
                              $"Vector512 {YesNo(Vector512.IsHardwareAccelerated)}; supported: Fma {YesNo(Fma.IsSupported)}, " +
                              $"Avx2 {YesNo(Avx2.IsSupported)}, Avx512F {YesNo(Avx512F.IsSupported)}, AdvSimd {YesNo(AdvSimd.IsSupported)}");

            Model model = new ModelBuilder(inputFeatures: Features, seed: 2024)
                .Lstm(48)
                .Gru(32)
                .Dense(6)
                .Softmax()
                .Build("smoke");
            var inference = new InferenceModel(model);
            Console.WriteLine($"model '{model.Name}': {Describe(model)}; {model.ParameterCount} parameters");

            CheckStreamingAgainstBatch(inference);
            CheckAllocationFree(inference);
            CheckBidirectionalLstmOp();
        }

        /// <summary>One fixed sequence streamed step by step, and a padded batch of 3 rows of different lengths.</summary>
        private static void CheckStreamingAgainstBatch(InferenceModel inference)
        {
            int O = inference.OutputSize;
            int[] lengths = { Steps, 27, 9 };
            int B = lengths.Length;
            float[] x = Sequence(B * Steps * Features, seed: 1);   // [B, T, I]; row 0 is "the fixed sequence"
            for (int b = 0; b < B; b++)                             // padding must not matter: fill it with garbage
                x.AsSpan((b * Steps + lengths[b]) * Features, (Steps - lengths[b]) * Features).Fill(1e3f);

            BatchRunner runner = inference.CreateBatchRunner();
            var batch = new float[runner.OutputLength(B, Steps)];   // [B, T, O]
            runner.Run(x, B, Steps, lengths, batch);

            StreamingSession session = inference.CreateSession();
            var output = new float[O];                              // [1, O]
            double fixedDiff = 0, batchDiff = 0, padding = 0;
            for (int b = 0; b < B; b++)
            {
                session.Reset();
                for (int t = 0; t < lengths[b]; t++)
                {
                    session.Step(x.AsSpan((b * Steps + t) * Features, Features), output);
                    double diff = MaxAbsDifference(output, batch.AsSpan((b * Steps + t) * O, O));
                    batchDiff = Math.Max(batchDiff, diff);
                    if (b == 0) fixedDiff = Math.Max(fixedDiff, diff);
                }
                for (int t = lengths[b]; t < Steps; t++)
                    foreach (float v in batch.AsSpan((b * Steps + t) * O, O)) padding = Math.Max(padding, Math.Abs(v));
            }

            Check(fixedDiff <= StreamingTolerance,
                $"streaming over the fixed sequence (T = {Steps}) == batch at every step: max |diff| = {Format(fixedDiff)} (limit {Format(StreamingTolerance)})");
            Check(batchDiff <= StreamingTolerance && padding == 0,
                $"batch of {B} with lengths {string.Join(", ", lengths)} == streaming per row: max |diff| = {Format(batchDiff)} " +
                $"(limit {Format(StreamingTolerance)}), max |output past length| = {Format(padding)} (must be 0)");
        }

        /// <summary>Steady-state streaming allocates nothing; also reports the time per step.</summary>
        private static void CheckAllocationFree(InferenceModel inference)
        {
            int O = inference.OutputSize;
            float[] x = Sequence(Steps * Features, seed: 2);   // [T, I]
            StreamingSession session = inference.CreateSession();
            var output = new float[O];
            StepMany(session, x, output, 100);                  // warm-up: first calls, static initialisers

            // The allocation check covers the first 1,000 steps; the time is the best of a few rounds, since CI machines
            // are shared and one round can be slowed by a neighbour.
            long before = GC.GetAllocatedBytesForCurrentThread();
            long best = long.MaxValue;
            for (int round = 0; round < TimingRounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                StepMany(session, x, output, AllocationSteps);
                best = Math.Min(best, Stopwatch.GetTimestamp() - start);
                if (round == 0)
                {
                    long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                    Check(bytes == 0, $"{AllocationSteps} streaming steps allocated {bytes} bytes (must be 0)");
                }
            }
            Console.WriteLine($"info  streaming: {Microseconds(best) / AllocationSteps:F2} µs per step (best of {TimingRounds} rounds of {AllocationSteps})");

            // Information only: a batch runner reuses its buffers, so runs of the same shape allocate nothing either.
            const int Rows = 8;
            BatchRunner runner = inference.CreateBatchRunner();
            float[] batchInput = Sequence(Rows * Steps * Features, seed: 3);   // [B, T, I]
            var batchOutput = new float[runner.OutputLength(Rows, Steps)];     // [B, T, O]
            runner.Run(batchInput, Rows, Steps, default, batchOutput);
            before = GC.GetAllocatedBytesForCurrentThread();
            best = long.MaxValue;
            for (int round = 0; round < TimingRounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                runner.Run(batchInput, Rows, Steps, default, batchOutput);
                best = Math.Min(best, Stopwatch.GetTimestamp() - start);
            }
            long batchBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine($"info  batch of {Rows} x {Steps} steps: {Microseconds(best):F0} µs (best of {TimingRounds}), " +
                              $"{batchBytes} bytes allocated over {TimingRounds} runs");
        }

        private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

        private static void StepMany(StreamingSession session, float[] x, float[] output, int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                int t = s % Steps;
                if (t == 0) session.Reset();
                session.Step(x.AsSpan(t * Features, Features), output);
            }
        }

        /// <summary>
        /// The ONNX-exact operator: bidirectional LSTM with peepholes, initial states and sequence_lens, against the
        /// scalar reference in <see cref="OnnxLstmReference"/>.
        /// </summary>
        private static void CheckBidirectionalLstmOp()
        {
            const int T = 6, B = 3, I = 3, H = 5, D = 2, G = 4 * H;
            int[] lens = { 6, 4, 1 };
            float[] w = Sequence(D * G * I, seed: 10, scale: 0.5f);   // [D, 4H, I]
            float[] r = Sequence(D * G * H, seed: 11, scale: 0.5f);   // [D, 4H, H]
            float[] b = Sequence(D * 2 * G, seed: 12, scale: 0.5f);   // [D, 8H]
            float[] p = Sequence(D * 3 * H, seed: 13, scale: 0.5f);   // [D, 3H]
            float[] x = Sequence(T * B * I, seed: 14, scale: 1.5f);   // [T, B, I]
            float[] h0 = Sequence(D * B * H, seed: 15, scale: 0.5f);  // [D, B, H]
            float[] c0 = Sequence(D * B * H, seed: 16, scale: 0.5f);  // [D, B, H]

            var op = new RecurrentOp(new RecurrentOpAttributes
            {
                Cell = RecurrentCellKind.Lstm, HiddenSize = H, Direction = RecurrentDirection.Bidirectional,
            }, I, w, r, b, p);
            var y = new float[T * D * B * H];    // [T, D, B, H]
            var yH = new float[D * B * H];       // [D, B, H]
            var yC = new float[D * B * H];
            op.Run(x, T, B, lens, h0, c0, y, yH, yC, new Workspace());

            var ey = new double[y.Length];
            var eyH = new double[yH.Length];
            var eyC = new double[yC.Length];
            OnnxLstmReference.Run(x, T, B, I, H, D, w, r, b, p, h0, c0, lens, ey, eyH, eyC);

            double dy = MaxAbsDifference(y, ey), dh = MaxAbsDifference(yH, eyH), dc = MaxAbsDifference(yC, eyC);
            Check(Math.Max(dy, Math.Max(dh, dc)) <= ReferenceTolerance,
                $"ONNX LSTM (bidirectional, peepholes, initial h/c, sequence_lens {string.Join(", ", lens)}) == scalar reference: " +
                $"max |diff| Y = {Format(dy)}, Y_h = {Format(dh)}, Y_c = {Format(dc)} (limit {Format(ReferenceTolerance)})");
        }

        private static void Check(bool passed, string what)
        {
            s_checks++;
            Console.WriteLine((passed ? "ok    " : "FAIL  ") + what);
            if (!passed) s_failures.Add(what);
        }

        private static string Describe(Model model)
        {
            var parts = new List<string>();
            foreach (Layer layer in model.Layers) parts.Add(layer.Describe());
            return string.Join(" -> ", parts);
        }

        /// <summary>Deterministic values in [-scale, scale) from a xorshift generator, independent of the Runtime's.</summary>
        private static float[] Sequence(int n, uint seed, float scale = 1f)
        {
            var values = new float[n];
            uint s = 2463534242u ^ (seed * 0x9E3779B9u);
            for (int i = 0; i < n; i++)
            {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                values[i] = ((s >> 8) * (1f / (1 << 24)) * 2f - 1f) * scale;
            }
            return values;
        }

        private static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            double max = 0;
            for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
            return max;
        }

        private static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
        {
            double max = 0;
            for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
            return max;
        }

        private static string YesNo(bool value) => value ? "yes" : "no";

        private static string Format(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
    }
}
