// Measures the bytes a piece of work allocates on the current thread. The window (both counter reads and the work)
// runs inside one non-inlined method, so nothing the calling test method allocates — in Release builds the JIT may
// place e.g. the box of Is.EqualTo(0)'s argument between two reads written around the work — lands inside it.
using System;
using System.Runtime.CompilerServices;

namespace Recurrent.Tests
{
    internal static class AllocationCounter
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Now() => GC.GetAllocatedBytesForCurrentThread();

        /// <summary>Bytes allocated on this thread while <paramref name="work"/> runs.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Measure(Action work)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
