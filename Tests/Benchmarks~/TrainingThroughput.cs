// Training throughput (--training): one Trainer.TrainOnBatch (forward, loss, backward, Adam step) of the text-sized
// LSTM, in samples/s and GFLOP/s. No ORT counterpart (ORT's training API is not in ort-bench); timing is Harness's.
using System;
using System.Collections.Generic;
using System.Globalization;
using Recurrent.Core;
using Recurrent.Training;

namespace Recurrent.Benchmarks
{
    /// <summary>
    /// One optimizer step on a fixed batch. FLOPs: the forward LSTM is 2·T·B·(I+H)·4H (input projection plus recurrent
    /// GEMMs), the backward about twice that (input and weight gradients), so a step counts 3× the forward; the Dense
    /// head of the char-LM case adds 3·2·T·B·H·V. Elementwise gate math, the loss and Adam are not counted.
    /// </summary>
    internal sealed class TrainingCase : BenchCase
    {
        private readonly Trainer _trainer;
        private readonly SequenceDataset _data;
        private readonly int[] _samples;

        private TrainingCase(string name, double flops, string description, Trainer trainer, SequenceDataset data)
            : base(name, null, flops, description)
        {
            _trainer = trainer;
            _data = data;
            _samples = new int[data.Count];
            for (int i = 0; i < _samples.Length; i++) _samples[i] = i;
        }

        public int Batch => _data.Count;

        public int Time => _data.Time;

        public override void Run() => _trainer.TrainOnBatch(_data, _samples);

        public static double LstmStepFlops(int I, int H, int B, int T) => 3 * 2.0 * T * B * (I + H) * 4 * H;

        /// <summary>Features [B, T, I] → LSTM(H, sequences) with MSE against random targets [B, T, H].</summary>
        public static TrainingCase Lstm(string name, int I, int H, int B, int T)
        {
            var model = new ModelBuilder(inputFeatures: I, seed: 1).Lstm(H, returnSequences: true).Build("lstm");
            var rng = new DeterministicRandom(2);
            var x = new float[B * T * I];
            var y = new float[B * T * H];
            rng.FillUniform(x, -1f, 1f);
            rng.FillUniform(y, -0.5f, 0.5f);
            var data = SequenceDataset.FromFeatures(x, B, T, I, y, H, targetsPerStep: true);
            var trainer = model.Compile(new Adam(1e-4f), new MeanSquaredError());
            return new TrainingCase(name, LstmStepFlops(I, H, B, T), $"LSTM I={I} H={H} B={B} T={T}, MSE, Adam: TrainOnBatch",
                trainer, data);
        }

        /// <summary>The char-LM of Samples~/TextPrediction: Embedding(V, I) → LSTM(H) → Dense(V), sparse CE from logits.</summary>
        public static TrainingCase CharLm(string name, int V, int I, int H, int B, int T)
        {
            var model = ModelBuilder.ForTokens(V, I, seed: 1).Lstm(H, returnSequences: true).Dense(V).Build("char_lm");
            var rng = new DeterministicRandom(3);
            var tokens = new int[B * T];
            var targets = new float[B * T];
            for (int i = 0; i < tokens.Length; i++)
            {
                tokens[i] = rng.NextInt(V);
                targets[i] = rng.NextInt(V);
            }
            var data = SequenceDataset.FromTokens(tokens, B, T, targets, 1, targetsPerStep: true);
            var trainer = model.Compile(new Adam(1e-4f), new SparseCategoricalCrossEntropy(fromLogits: true));
            double flops = LstmStepFlops(I, H, B, T) + 3 * 2.0 * T * B * H * V;
            return new TrainingCase(name, flops, $"Embedding({V},{I}) → LSTM H={H} → Dense({V}), B={B} T={T}, sparse CE, Adam",
                trainer, data);
        }
    }

    internal static class TrainingThroughput
    {
        public static readonly (string Name, Func<TrainingCase> Create)[] Cases =
        {
            ("train_lstm_i64_h256_b32_t64", () => TrainingCase.Lstm("train_lstm_i64_h256_b32_t64", I: 64, H: 256, B: 32, T: 64)),
            ("train_charlm_v65_e64_h256_b32_t64", () => TrainingCase.CharLm("train_charlm_v65_e64_h256_b32_t64", V: 65, I: 64, H: 256, B: 32, T: 64)),
        };

        /// <summary>Runs every training case once (one round) and prints the table; returns the exit code.</summary>
        public static int Run(HarnessOptions harness, string pinning)
        {
            Console.WriteLine("Recurrent training throughput (Trainer.TrainOnBatch: forward + loss + backward + Adam step)");
            foreach (var (key, value) in MachineInfo.Facts(pinning)) Console.WriteLine($"  {key}: {value}");
            Console.WriteLine($"  Load average before: {MachineInfo.LoadAverage()}");
            Console.WriteLine();
            var table = new TextTable("case", ">median", ">p10–p90", ">samples/s", ">tokens/s", ">GFLOP/s (% of 1 core)", ">bytes/op", "what");
            foreach (var (name, create) in Cases)
            {
                Console.Error.WriteLine($"training case {name}");
                var bench = create();
                var m = Harness.Measure(bench, harness);
                double gflops = bench.FlopsPerOp / m.Median / 1e9;
                table.Add(name, Ms(m.Median), $"{Ms(m.P10)}–{Ms(m.P90)}",
                    (bench.Batch / m.Median).ToString("F0", CultureInfo.InvariantCulture),
                    (bench.Batch * bench.Time / m.Median).ToString("F0", CultureInfo.InvariantCulture),
                    $"{gflops:F1} ({gflops / MachineInfo.PeakGflopsPerCore * 100:F1}%)",
                    m.BytesPerOp.ToString("F0", CultureInfo.InvariantCulture), bench.Description);
            }
            Console.WriteLine(table.ToText());
            Console.WriteLine("FLOPs per step = 3 × forward GEMM FLOPs (forward 2·T·B·(I+H)·4H for the LSTM, + 2·T·B·H·V for the");
            Console.WriteLine("char-LM head; backward ≈ 2 × forward). Training runs on one thread, so the % is of one core's");
            Console.WriteLine($"~{MachineInfo.PeakGflopsPerCore:0} GFLOP/s AVX-512 FMA peak estimate. samples/s = sequences of T steps per second.");
            Console.WriteLine($"Load average after: {MachineInfo.LoadAverage()}");
            return 0;
        }

        private static string Ms(double seconds) => (seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture) + " ms";
    }
}
