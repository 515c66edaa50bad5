// Pins the benchmarking thread to one CPU so it does not migrate mid-sample. On Linux, Process.ProcessorAffinity calls
// sched_setaffinity(pid), which moves only the thread whose id is the pid: the main thread, where Main and every
// timed loop run. A child process inherits the mask of the thread that forks it, so we unpin around Process.Start
// and then pin only the child's main thread.
using System;
using System.ComponentModel;
using System.Diagnostics;

namespace Recurrent.Benchmarks
{
    internal static class Affinity
    {
        private static IntPtr? s_original;

        [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
        [System.Runtime.Versioning.SupportedOSPlatformGuard("windows")]
        private static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

        /// <summary>The CPUs this process may use, lowest first (empty where the OS does not say).</summary>
        public static int[] AllowedCpus()
        {
            if (!Supported) return Array.Empty<int>();
            try
            {
                long mask = (long)Process.GetCurrentProcess().ProcessorAffinity;
                var cpus = new System.Collections.Generic.List<int>();
                for (int i = 0; i < 64; i++)
                    if ((mask & (1L << i)) != 0) cpus.Add(i);
                return cpus.ToArray();
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is Win32Exception || e is InvalidOperationException)
            {
                return Array.Empty<int>();
            }
        }

        /// <summary>Pins the main thread to <paramref name="cpu"/>; false (with the reason) where that is not possible.</summary>
        public static bool TryPin(int cpu, out string? error)
        {
            if (!Supported)
            {
                error = "processor affinity is settable on Linux and Windows only";
                return false;
            }
            try
            {
                var self = Process.GetCurrentProcess();
                s_original ??= self.ProcessorAffinity;
                self.ProcessorAffinity = (IntPtr)(1L << cpu);
                error = null;
                return true;
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is Win32Exception || e is InvalidOperationException)
            {
                error = e.Message;
                return false;
            }
        }

        /// <summary>Restores the mask the process started with (before starting a child).</summary>
        public static void Unpin()
        {
            if (Supported && s_original is IntPtr original)
                Process.GetCurrentProcess().ProcessorAffinity = original;
        }

        /// <summary>
        /// Pins the main thread of a child we just started (on Linux, where ORT computes with one intra-op thread) and
        /// not its helper threads. Threads inherit the mask of their creator, so on Linux this first waits (up to 1 s)
        /// for node's thread count to settle: its V8 and libuv helpers then stay unpinned, like our runtime's helpers.
        /// </summary>
        public static void TryPinProcessMainThread(Process process, int cpu)
        {
            if (!Supported) return;
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    WaitForThreadsToSettle(process.Id);
                    if (!process.HasExited) process.ProcessorAffinity = (IntPtr)(1L << cpu);
                }
                else if (OperatingSystem.IsWindows())
                {
                    process.ProcessorAffinity = (IntPtr)(1L << cpu);
                }
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is Win32Exception || e is InvalidOperationException) { }
        }

        private static void WaitForThreadsToSettle(int pid)
        {
            string tasks = $"/proc/{pid}/task";
            int previous = -1, stable = 0;
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < 1000 && stable < 3)
            {
                int count;
                try { count = System.IO.Directory.GetDirectories(tasks).Length; }
                catch (System.IO.IOException) { return; }
                catch (UnauthorizedAccessException) { return; }
                stable = count > 1 && count == previous ? stable + 1 : 0;
                previous = count;
                System.Threading.Thread.Sleep(30);
            }
        }
    }
}
