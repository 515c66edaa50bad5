// Entry point: parses the command line, measures our cases and ONNX Runtime's in interleaved rounds
// (ours, ORT, ours, ORT, ...), then the kernel microbenchmarks, and prints the report. See README.md.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Recurrent.Benchmarks
{
    internal sealed class Options
    {
        public HashSet<string>? Cases;
        public double Seconds = 1.0;
        public double Warmup = 0.5;
        public int Rounds = 2;
        public bool Ort = true;
        public bool Kernels = true;
        public string Node = "node";
        public string? OrtScript;
        public int? Cpu;
        public bool Pin = true;
        public string? Markdown;
        public bool Training;
    }

    internal static class Program
    {
        private const string Usage =
@"Recurrent.Benchmarks: Recurrent vs ONNX Runtime, measured side by side in one run.

  dotnet run -c Release --project Tests/Benchmarks~/Recurrent.Benchmarks.csproj -- [options]

Options:
  --cases a,b        cases to run (default: all). Recurrent: gesture_lstm_seq, gesture_lstm_seq_runner,
                     gesture_lstm_step, gesture_gru_seq, text_lstm_b1, text_lstm_b32. Kernels: gemm_m1_k64_n256,
                     gemm_m1_k256_n1024, gemm_m32_k256_n1024, sigmoid_1024, tanh_1024, sigmoid_1024_scalar,
                     tanh_1024_scalar, or 'kernels' for all of them.
  --seconds S        timed seconds per case and round, ours and ORT's (default 1; at least 200 runs, at most 4 s)
  --warmup S         warm-up seconds per case and round (default 0.5)
  --rounds N         interleaved rounds ours, ORT, ours, ORT... (default 2); each side reports its best round
  --no-ort           skip ONNX Runtime
  --no-kernels       skip the kernel microbenchmarks
  --node PATH        the node executable (default: node on PATH)
  --ort-script PATH  bench.mjs (default: Tests/Tools~/ort-bench/bench.mjs)
  --cpu N            pin the timing thread (and ORT's) to CPU N (default: the last allowed CPU)
  --no-pin           do not pin
  --markdown FILE    also write the report as Markdown
  --training         instead: training throughput (Trainer.TrainOnBatch), see TrainingThroughput.cs";

        private static int Main(string[] args)
        {
            Options? options;
            try
            {
                options = Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine();
                Console.Error.WriteLine(Usage);
                return 2;
            }
            if (options == null) return 0;

            var recurrent = Cases.Recurrent.Where(c => Selected(options, c.Name)).ToList();
            var kernels = options.Kernels ? Cases.Kernels.Where(c => Selected(options, c.Name)).ToList() : new();
            var known = new HashSet<string>(Cases.Recurrent.Select(c => c.Name).Concat(Cases.Kernels.Select(c => c.Name))) { "kernels" };
            if (options.Cases != null && options.Cases.FirstOrDefault(c => !known.Contains(c)) is string unknown)
            {
                Console.Error.WriteLine($"Unknown case '{unknown}'.\n\n{Usage}");
                return 2;
            }

            // Pinning.
            string pinning = "none (--no-pin)";
            int? cpu = null;
            if (options.Pin)
            {
                int[] allowed = Affinity.AllowedCpus();
                int wanted = options.Cpu ?? (allowed.Length > 0 ? allowed[^1] : 0);
                if (Affinity.TryPin(wanted, out string? pinError))
                {
                    cpu = wanted;
                    pinning = $"timing thread and ORT's main thread pinned to CPU {wanted}";
                }
                else
                {
                    pinning = $"not pinned ({pinError})";
                }
            }

            if (options.Training)
                return TrainingThroughput.Run(new HarnessOptions { WarmupSeconds = options.Warmup, MinSeconds = options.Seconds }, pinning);

            var report = new Report(options, pinning, MachineInfo.LoadAverage());
            Console.WriteLine(report.Header());

            // ORT availability.
            string? ortError = null;
            string? script = null;
            if (!options.Ort) ortError = "skipped (--no-ort)";
            else if ((script = OrtBench.FindScript(options.OrtScript)) == null)
                ortError = $"bench.mjs not found ({options.OrtScript ?? OrtBench.ScriptRelative}); pass --ort-script PATH";

            // Build every case once (setup is not timed); the same instances are reused in every round.
            var built = new List<BenchCase>();
            foreach (var (name, create) in recurrent)
            {
                Console.Error.WriteLine($"setting up {name}");
                built.Add(create());
            }
            var ortNames = built.Select(b => b.OrtCase).OfType<string>().Distinct().ToList();
            if (ortNames.Count == 0 && ortError == null) ortError = "no selected case has an ORT counterpart";

            var harness = new HarnessOptions { WarmupSeconds = options.Warmup, MinSeconds = options.Seconds };
            for (int round = 1; round <= options.Rounds && built.Count > 0; round++)
            {
                foreach (var bench in built)
                {
                    Console.Error.WriteLine($"round {round}/{options.Rounds}: ours {bench.Name}");
                    report.AddOurs(bench, Harness.Measure(bench, harness));
                }
                if (ortError != null) continue;
                Console.Error.WriteLine($"round {round}/{options.Rounds}: ONNX Runtime {string.Join(",", ortNames)}");
                if (cpu != null) Affinity.Unpin();            // node must not inherit our one-CPU mask
                var ort = OrtBench.Run(options.Node, script!, ortNames, options.Seconds, cpu, TimeSpan.FromSeconds(150), out ortError);
                if (cpu is int c) Affinity.TryPin(c, out _);
                if (ort != null) report.AddOrt(ort);
                else Console.Error.WriteLine($"ONNX Runtime: {ortError}; continuing with our numbers only");
            }
            if (options.Ort && ortError != null) report.OrtUnavailable = ortError;

            foreach (var (name, create) in kernels)
            {
                Console.Error.WriteLine($"kernel {name}");
                var bench = create();
                report.AddKernel(bench, Harness.Measure(bench, harness));
            }

            report.LoadAfter = MachineInfo.LoadAverage();
            Console.WriteLine(report.Body());
            if (options.Markdown != null)
            {
                File.WriteAllText(options.Markdown, report.ToMarkdown());
                Console.Error.WriteLine($"wrote {options.Markdown}");
            }
            return 0;
        }

        private static bool Selected(Options options, string name) =>
            options.Cases == null || options.Cases.Contains(name) || (options.Cases.Contains("kernels") && Cases.Kernels.Any(k => k.Name == name));

        /// <summary>The options, or null after --help.</summary>
        private static Options? Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
                double Number(double min)
                {
                    string v = Value();
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d < min)
                        throw new ArgumentException($"{arg}: '{v}' is not a number >= {min}.");
                    return d;
                }
                switch (arg)
                {
                    case "--cases": o.Cases = new HashSet<string>(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                    case "--seconds": o.Seconds = Number(0.01); break;
                    case "--warmup": o.Warmup = Number(0); break;
                    case "--rounds": o.Rounds = (int)Number(1); break;
                    case "--no-ort": o.Ort = false; break;
                    case "--no-kernels": o.Kernels = false; break;
                    case "--node": o.Node = Value(); break;
                    case "--ort-script": o.OrtScript = Value(); break;
                    case "--cpu": o.Cpu = (int)Number(0); break;
                    case "--no-pin": o.Pin = false; break;
                    case "--markdown": o.Markdown = Value(); break;
                    case "--training": o.Training = true; break;
                    case "-h":
                    case "--help":
                        Console.WriteLine(Usage);
                        return null;
                    default: throw new ArgumentException($"Unknown option '{arg}'.");
                }
            }
            return o;
        }
    }
}
