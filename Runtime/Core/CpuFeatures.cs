// Names the SIMD instruction set the CPU kernels run with, for logs, inspectors and benchmark reports.
// The net8.0 build asks the hardware intrinsics (CpuFeatures.Net8.cs); netstandard2.1 only knows Vector<T>.
using System.Numerics;

namespace Recurrent.Core
{
    public static partial class CpuFeatures
    {
        /// <summary>E.g. "AVX-512", "AVX2+FMA", "NEON", "Vector<float> x8", "scalar".</summary>
        public static string InstructionSet => s_instructionSet ??= Detect();

        private static string? s_instructionSet;

        private static string DetectPortable() =>
            Vector.IsHardwareAccelerated ? $"Vector<float> x{Vector<float>.Count}" : "scalar";

#if !NET8_0_OR_GREATER
        private static string Detect() => DetectPortable();
#endif
    }
}
