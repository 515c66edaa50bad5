// The timing loop: warm-up past JIT tiering, then timed samples with Stopwatch until a time and a count are reached,
// with the managed bytes allocated on this thread over the timed runs. What to run lives in BenchCase subclasses.
using System;
using System.Diagnostics;

namespace Recurrent.Benchmarks
{
    /// <summary>One benchmark: <see cref="Run"/> is one timed operation. Setup happens in the constructor.</summary>
    internal abstract class BenchCase
    {
        protected BenchCase(string name, string? ortCase, double flopsPerOp, string description)
        {
            Name = name;
            OrtCase = ortCase;
            FlopsPerOp = flopsPerOp;
            Description = description;
        }

        /// <summary>The name printed and accepted by --cases.</summary>
        public string Name { get; }

        /// <summary>The ort-bench case it is compared with, or null for none.</summary>
        public string? OrtCase { get; }

        /// <summary>2·M·N·K summed over every GEMM of one operation; 0 where a FLOP rate means nothing.</summary>
        public double FlopsPerOp { get; }

        public string Description { get; }

        public abstract void Run();
    }

    /// <summary>Timing settings shared by every case.</summary>
    internal sealed class HarnessOptions
    {
        public double WarmupSeconds { get; init; } = 0.5;
        public double MinSeconds { get; init; } = 1.0;
        public int MinRuns { get; init; } = 200;

        /// <summary>A case stops here even if it has fewer than MinRuns operations (ORT's script caps its cases too).</summary>
        public double MaxSeconds { get; init; } = 4.0;

        /// <summary>Operations that take less than this are timed in groups and the group time divided, so the
        /// Stopwatch's own cost (~20-30 ns) stays below ~1 % of a sample.</summary>
        public double MinSampleSeconds { get; init; } = 10e-6;
    }

    /// <summary>Per-operation statistics of one measurement (seconds).</summary>
    internal sealed class Measurement
    {
        public double Median { get; init; }
        public double P10 { get; init; }
        public double P90 { get; init; }
        public long Operations { get; init; }
        public int Samples { get; init; }
        public int OpsPerSample { get; init; }
        public double BytesPerOp { get; init; }
        public double WallSeconds { get; init; }
    }

    internal static class Harness
    {
        private const int MaxSamples = 1 << 20;
        private static readonly double[] s_samples = new double[MaxSamples]; // preallocated: the timed loop must not allocate

        public static Measurement Measure(BenchCase bench, HarnessOptions options)
        {
            // Warm-up: long enough for tier-0 -> OSR -> tier-1 (call-counting delay is 100 ms) and for caches.
            long warmOps = 0;
            long start = Stopwatch.GetTimestamp();
            double warmElapsed;
            do
            {
                bench.Run();
                warmOps++;
                warmElapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            } while (warmElapsed < options.WarmupSeconds || warmOps < 10);

            // Group tiny operations; estimate the op time from the tail of the warm-up.
            long probeOps = 0;
            long probeStart = Stopwatch.GetTimestamp();
            do { bench.Run(); probeOps++; } while (Stopwatch.GetElapsedTime(probeStart).TotalSeconds < 0.02);
            double perOp = Stopwatch.GetElapsedTime(probeStart).TotalSeconds / probeOps;
            int opsPerSample = (int)Math.Max(1, Math.Ceiling(options.MinSampleSeconds / perOp));

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            // Touch the sample buffer before the allocation counter starts: its lazy static initialiser (8 MB) would
            // otherwise be charged to the first case measured.
            double[] buffer = s_samples;
            int samples = 0;
            long ops = 0;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long timedStart = Stopwatch.GetTimestamp();
            double elapsed;
            while (true)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < opsPerSample; i++) bench.Run();
                long t1 = Stopwatch.GetTimestamp();
                buffer[samples++] = (t1 - t0) / (double)Stopwatch.Frequency / opsPerSample;
                ops += opsPerSample;
                elapsed = (t1 - timedStart) / (double)Stopwatch.Frequency;
                if (samples == MaxSamples) break;
                if (elapsed >= options.MinSeconds && ops >= options.MinRuns) break;
                if (elapsed >= options.MaxSeconds && samples >= 10) break;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            var sorted = buffer.AsSpan(0, samples);
            sorted.Sort();
            return new Measurement
            {
                Median = Percentile(sorted, 0.5),
                P10 = Percentile(sorted, 0.1),
                P90 = Percentile(sorted, 0.9),
                Operations = ops,
                Samples = samples,
                OpsPerSample = opsPerSample,
                BytesPerOp = (double)allocated / ops,
                WallSeconds = elapsed,
            };
        }

        /// <summary>Linear interpolation between closest ranks (what ort-bench's p10/p90 use).</summary>
        public static double Percentile(ReadOnlySpan<double> sorted, double q)
        {
            if (sorted.Length == 0) return double.NaN;
            double pos = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
    }
}
