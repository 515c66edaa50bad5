// The facts a reader needs to interpret the numbers: CPU, instruction set our kernels use, runtime, cores, load,
// and an estimated FLOP peak so GFLOP/s can be read as a fraction of what one core could do.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent.Benchmarks
{
    internal static class MachineInfo
    {
        /// <summary>Estimated single-core peak, AVX-512: 2 FMA units × 16 lanes × 2 flops × ~3.8 GHz. An estimate, not a measurement.</summary>
        public const double PeakGflopsPerCore = 2 * 16 * 2 * 3.8;

        public static string CpuModel => CpuInfoField("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

        public static string? CpuMhz => CpuInfoField("cpu MHz");

        public static string LoadAverage()
        {
            try { return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a"; }
            catch (IOException) { return "n/a"; }
        }

        /// <summary>(label, value) pairs, in print order.</summary>
        public static List<(string, string)> Facts(string pinning)
        {
            string clock = CpuMhz is string mhz ? $"{mhz} MHz as /proc/cpuinfo reports it (boost clock not visible here)" : "n/a";
            return new List<(string, string)>
            {
                ("CPU", CpuModel),
                ("Clock", clock),
                ("Cores (Environment.ProcessorCount)", Environment.ProcessorCount.ToString()),
                ("Recurrent kernels (CpuFeatures.InstructionSet)", CpuFeatures.InstructionSet + (Gemm.IsFused ? ", fused multiply-add GEMM" : ", separate multiply and add GEMM")),
                (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}), {(IsTieredPgo() ? "tiered PGO on" : "tiered PGO off")}"),
                ("OS", RuntimeInformation.OSDescription),
                ("Pinning", pinning),
                ("Peak estimate", $"~{PeakGflopsPerCore:0} GFLOP/s per core (AVX-512 FMA: 2 units × 16 lanes × 2 flops × ~3.8 GHz; an estimate, "
                                  + "not measured; at the clock above it would be ~" + PeakAtCpuInfoClock() + ")"),
            };
        }

        private static string PeakAtCpuInfoClock()
        {
            if (CpuMhz is string mhz && double.TryParse(mhz, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double m))
                return $"{2 * 16 * 2 * m / 1000:0} GFLOP/s";
            return "n/a";
        }

        private static bool IsTieredPgo() =>
            AppContext.TryGetSwitch("System.Runtime.TieredPGO", out bool on) ? on : Environment.GetEnvironmentVariable("DOTNET_TieredPGO") != "0";

        private static string? CpuInfoField(string name)
        {
            try
            {
                if (!File.Exists("/proc/cpuinfo")) return null;
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    int colon = line.IndexOf(':');
                    if (colon > 0 && line.Substring(0, colon).Trim() == name) return line.Substring(colon + 1).Trim();
                }
            }
            catch (IOException) { }
            return null;
        }
    }
}
