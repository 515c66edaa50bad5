// Runs Tests/Tools~/ort-bench/bench.mjs (ONNX Runtime through onnxruntime-node) as a subprocess and parses its JSON.
// Any failure (no node, package not installed, bad output) becomes a message; the caller goes on without ORT.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text.Json;

namespace Recurrent.Benchmarks
{
    /// <summary>One case as ort-bench reports it (milliseconds).</summary>
    internal sealed class OrtCaseResult
    {
        public double MedianMs { get; init; }
        public double P10Ms { get; init; }
        public double P90Ms { get; init; }
        public int Runs { get; init; }

        /// <summary>Step case only: the median Run of an Identity model through the same binding.</summary>
        public double? BindingOverheadMs { get; init; }
    }

    internal sealed class OrtResult
    {
        public string Version { get; init; } = "";
        public Dictionary<string, OrtCaseResult> Cases { get; } = new Dictionary<string, OrtCaseResult>();

        /// <summary>Median Run of a trivial model through onnxruntime-node (present when the step case ran).</summary>
        public double? BindingOverheadMs { get; set; }
    }

    internal static class OrtBench
    {
        public const string ScriptRelative = "Tests/Tools~/ort-bench/bench.mjs";

        /// <summary>bench.mjs: --ort-script, else next to this project's source folder, else searched upward from the working directory.</summary>
        public static string? FindScript(string? explicitPath)
        {
            if (explicitPath != null) return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
            foreach (var attribute in typeof(OrtBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key != "RecurrentBenchmarksProjectDirectory" || attribute.Value is null) continue;
                string candidate = Path.GetFullPath(Path.Combine(attribute.Value, "..", "Tools~", "ort-bench", "bench.mjs"));
                if (File.Exists(candidate)) return candidate;
            }
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ScriptRelative);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>
        /// Runs the script for <paramref name="cases"/>. Returns null and sets <paramref name="error"/> on any failure.
        /// <paramref name="pinCpu"/>, when set, pins the main thread of node (where ORT computes with 1 intra-op thread)
        /// to the same CPU as ours.
        /// </summary>
        public static OrtResult? Run(string node, string script, IReadOnlyList<string> cases, double minSeconds, int? pinCpu,
            TimeSpan timeout, out string? error)
        {
            var info = new ProcessStartInfo(node)
            {
                WorkingDirectory = Path.GetDirectoryName(script)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add("--cases");
            info.ArgumentList.Add(string.Join(",", cases));
            info.ArgumentList.Add("--min-seconds");
            info.ArgumentList.Add(minSeconds.ToString("0.###", CultureInfo.InvariantCulture));

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null.");
            }
            catch (Win32Exception e)
            {
                error = $"could not start '{node}' ({e.Message}); install Node.js 18+ or pass --node PATH";
                return null;
            }

            using (process)
            {
                if (pinCpu is int cpu) Affinity.TryPinProcessMainThread(process, cpu);
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    error = $"bench.mjs did not finish within {timeout.TotalSeconds:0} s; killed it";
                    return null;
                }
                process.WaitForExit();
                string output = stdout.Result, diagnostics = stderr.Result;
                if (process.ExitCode != 0)
                {
                    error = $"bench.mjs exited with code {process.ExitCode}: {LastLines(diagnostics, 4)}";
                    return null;
                }
                try
                {
                    error = null;
                    return Parse(output);
                }
                catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException)
                {
                    error = $"could not parse bench.mjs output ({e.Message}): {LastLines(output, 2)}";
                    return null;
                }
            }
        }

        public static OrtResult Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var result = new OrtResult { Version = root.GetProperty("ort_version").GetString() ?? "?" };
            foreach (var entry in root.GetProperty("cases").EnumerateObject())
            {
                var c = entry.Value;
                result.Cases[entry.Name] = new OrtCaseResult
                {
                    MedianMs = c.GetProperty("median_ms").GetDouble(),
                    P10Ms = c.GetProperty("p10_ms").GetDouble(),
                    P90Ms = c.GetProperty("p90_ms").GetDouble(),
                    Runs = c.GetProperty("runs").GetInt32(),
                    BindingOverheadMs = c.TryGetProperty("binding_overhead_median_ms", out var b) ? b.GetDouble() : null,
                };
            }
            if (root.TryGetProperty("binding_overhead", out var overhead))
                result.BindingOverheadMs = overhead.GetProperty("median_ms").GetDouble();
            return result;
        }

        private static string LastLines(string text, int count)
        {
            var lines = text.Trim().Split('\n');
            int start = Math.Max(0, lines.Length - count);
            return string.Join(" | ", lines, start, lines.Length - start).Trim();
        }
    }
}
