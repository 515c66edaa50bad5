// Runs one hostile-input property: FsCheck drives the cases on a worker thread with a 1 MiB stack (what a game thread
// has), a watchdog fails any case that runs too long, and every case is classified and counted. The formats are elsewhere.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    /// <summary>A case that broke the contract: the message names the seed, the mutations and what went wrong.</summary>
    internal sealed class HostileInputFailure : Exception
    {
        public HostileInputFailure(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>Counts for one target, printed at the end of the fixture.</summary>
    internal sealed class HostileTargetStats
    {
        public HostileTargetStats(string name) => Name = name;

        public string Name { get; }
        public long Inputs;
        public long Accepted;
        public long Rejected;
        public long MaxAllocated;
        public double MaxCaseMilliseconds;
        public string? SlowestCase;
        public string? MostAllocatingCase;
        public TimeSpan Elapsed;

        /// <summary>Named sub-outcomes (e.g. "rejected at build", "ran"); also documented exceptions that wrap a runtime crash type.</summary>
        public readonly ConcurrentDictionary<string, long> Notes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

        /// <summary>The first description seen for each note, so a report can show an example.</summary>
        public readonly ConcurrentDictionary<string, string> Examples = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public void Note(string what, string? example = null)
        {
            Notes.AddOrUpdate(what, 1, (_, n) => n + 1);
            if (example != null) Examples.TryAdd(what, example);
        }

        public override string ToString()
        {
            string notes = string.Join(", ", Notes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
            return string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} inputs ({2} accepted, {3} rejected with the documented exception) in {4:F1} s; slowest case {5:F0} ms; " +
                "most allocated by one case {6:F1} MB{7}",
                Name, Inputs, Accepted, Rejected, Elapsed.TotalSeconds, MaxCaseMilliseconds, MaxAllocated / 1048576.0,
                notes.Length == 0 ? string.Empty : "; " + notes);
        }
    }

    /// <summary>
    /// Executes the guarded part of a case (the parse), measuring its allocations and duration and classifying its
    /// exception. The watchdog reads <see cref="CurrentCase"/> and <see cref="CaseStartTimestamp"/> from another thread.
    /// </summary>
    internal sealed class HostileRunner
    {
        private long _caseStart;
        private string? _currentCase;

        public HostileRunner(HostileTargetStats stats) => Stats = stats;

        public HostileTargetStats Stats { get; }

        public string? CurrentCase => Volatile.Read(ref _currentCase);

        /// <summary>Stopwatch timestamp at which the running case started, or 0 between cases.</summary>
        public long CaseStartTimestamp => Interlocked.Read(ref _caseStart);

        /// <summary>
        /// Runs <paramref name="parse"/> for the input described by <paramref name="description"/>. Returns the documented
        /// exception it threw (null when it accepted the input); throws <see cref="HostileInputFailure"/> for any other
        /// exception or for allocating more than <paramref name="allocationBound"/> bytes.
        /// </summary>
        public Exception? Run(string description, long allocationBound, Action parse, Func<Exception, bool> documented) =>
            Run(description, () => allocationBound, parse, documented);

        /// <summary>
        /// As <see cref="Run(string, long, Action, Func{Exception, bool})"/>, with a bound evaluated after the parse (it may
        /// depend on what the parse made, e.g. the size of the inputs it synthesized).
        /// </summary>
        public Exception? Run(string description, Func<long> allocationBound, Action parse, Func<Exception, bool> documented)
        {
            Volatile.Write(ref _currentCase, description);
            long start = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref _caseStart, start);
            long before = AllocationCounter.Now();
            Exception? error = null;
            try
            {
                parse();
            }
            catch (Exception e)
            {
                error = e;
            }

            long allocated = AllocationCounter.Now() - before;
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Interlocked.Exchange(ref _caseStart, 0);
            if (allocated > Stats.MaxAllocated)
            {
                Stats.MaxAllocated = allocated;
                Stats.MostAllocatingCase = description;
            }
            if (ms > Stats.MaxCaseMilliseconds)
            {
                Stats.MaxCaseMilliseconds = ms;
                Stats.SlowestCase = description;
            }

            if (error != null && !documented(error))
            {
                throw new HostileInputFailure(
                    $"{Stats.Name}: {description}\n=> {error.GetType().FullName} escaped (not a documented exception): {error.Message}\n{Trim(error.StackTrace)}",
                    error);
            }

            long bound = allocationBound();
            if (allocated > bound)
            {
                throw new HostileInputFailure(
                    $"{Stats.Name}: {description}\n=> allocated {allocated} bytes, above the bound of {bound} " +
                    $"({(error is null ? "accepted" : "then rejected: " + error.Message)})");
            }

            return error;
        }

        private static string Trim(string? stack) =>
            stack is null ? string.Empty : string.Join("\n", stack.Split('\n').Take(12));
    }

    internal static class HostileInputHarness
    {
        /// <summary>The FsCheck seed of a CI run, so every run tries the same inputs and a failure reproduces.</summary>
        public const ulong DefaultSeed = 20_250_611;

        /// <summary>Set to a number to try other inputs locally (the failure message prints the seed to reproduce).</summary>
        public const string SeedVariable = "RECURRENT_FUZZ_SEED";

        /// <summary>Set to a factor (e.g. 10) to run more or fewer cases per target locally.</summary>
        public const string ScaleVariable = "RECURRENT_FUZZ_SCALE";

        /// <summary>Managed heap size at which the watchdog ends the test host (see <see cref="Check"/>).</summary>
        public const long MemoryFailFastBytes = 6L << 30;

        /// <summary>Stack of the thread the cases run on: the smallest a Unity / NativeAOT secondary thread gets.</summary>
        public const int WorkerStackBytes = 1 << 20;

        public static ulong Seed
        {
            get
            {
                string? text = Environment.GetEnvironmentVariable(SeedVariable);
                if (string.IsNullOrWhiteSpace(text)) return DefaultSeed;
                text = text.Trim();
                return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? ulong.Parse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : ulong.Parse(text, CultureInfo.InvariantCulture);
            }
        }

        public static int Scaled(int count)
        {
            string? text = Environment.GetEnvironmentVariable(ScaleVariable);
            if (string.IsNullOrWhiteSpace(text)) return count;
            double factor = double.Parse(text, CultureInfo.InvariantCulture);
            return Math.Max(1, (int)(count * factor));
        }

        /// <summary>
        /// Checks <paramref name="property"/> on <paramref name="count"/> cases from <paramref name="cases"/> (FsCheck seed
        /// derived from <see cref="Seed"/> and the target name), on a worker thread, failing the test if a case throws, if
        /// one runs longer than <paramref name="caseTimeout"/> (a hang), or if the run as a whole does not finish.
        /// </summary>
        public static void Check(HostileRunner runner, int count, Arbitrary<HostileCase> cases, Action<HostileCase> property, TimeSpan caseTimeout)
        {
            ulong seed = Seed ^ Fnv(runner.Stats.Name);
            ulong gamma = (Seed * 0x9E3779B97F4A7C15UL) | 1UL;
            Config config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true).WithReplay(seed, gamma)
                .WithStartSize(1).WithEndSize(100);
            Property prop = Prop.ForAll(cases, property);

            Exception? failure = null;
            var clock = Stopwatch.StartNew();
            var worker = new Thread(() =>
            {
                try
                {
                    prop.Check(config);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }, WorkerStackBytes)
            {
                IsBackground = true,
                Name = "hostile-input " + runner.Stats.Name,
            };
            worker.Start();

            string? hung = null;
            double hungSeconds = 0;
            while (!worker.Join(50))
            {
                // Last resort: a case that makes the process hold gigabytes would take the machine down with it, and no
                // thread can be stopped from outside in .NET; end the test host with the case named instead.
                if (GC.GetTotalMemory(false) > MemoryFailFastBytes)
                {
                    Environment.FailFast($"{runner.Stats.Name}: the managed heap passed {MemoryFailFastBytes >> 30} GiB while running {runner.CurrentCase}");
                }

                long start = runner.CaseStartTimestamp;
                if (start == 0) continue;
                TimeSpan running = Stopwatch.GetElapsedTime(start);
                if (running > caseTimeout)
                {
                    hung = runner.CurrentCase;
                    hungSeconds = running.TotalSeconds;
                    break;
                }
            }

            runner.Stats.Elapsed = clock.Elapsed;
            HostileInputTotals.Record(runner.Stats);
            TestContext.Out.WriteLine(runner.Stats.ToString());
            TestContext.Out.WriteLine($"  (FsCheck replay: {SeedVariable}={Seed}; target seed {seed}, gamma {gamma})");
            TestContext.Out.WriteLine($"  slowest case: {runner.Stats.SlowestCase}");
            TestContext.Out.WriteLine($"  most allocating case: {runner.Stats.MostAllocatingCase}");
            foreach (var example in runner.Stats.Examples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                TestContext.Out.WriteLine($"  first '{example.Key}': {example.Value}");
            Assert.That(hung, Is.Null,
                $"{runner.Stats.Name}: a case ran {hungSeconds:F1} s, over the {caseTimeout.TotalSeconds:F0} s budget (a hang): {hung}");
            Assert.That(failure, Is.Null, () => $"{runner.Stats.Name}: {failure?.Message}\n(replay with {SeedVariable}={Seed})");
        }

        /// <summary>FNV-1a, so each target's FsCheck seed differs but never changes between runs.</summary>
        private static ulong Fnv(string text)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in text)
            {
                h ^= c;
                h *= 1099511628211UL;
            }

            return h;
        }
    }

    /// <summary>The counts of every target run in this process, for the closing summary.</summary>
    internal static class HostileInputTotals
    {
        private static readonly ConcurrentDictionary<string, HostileTargetStats> s_targets =
            new ConcurrentDictionary<string, HostileTargetStats>(StringComparer.Ordinal);

        public static void Record(HostileTargetStats stats) => s_targets[stats.Name] = stats;

        public static IReadOnlyList<HostileTargetStats> All => s_targets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }
}
