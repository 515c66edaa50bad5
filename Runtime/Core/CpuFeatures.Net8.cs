// net8.0 part of CpuFeatures: reads the x86 / ARM intrinsic support flags.
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Core
{
    public static partial class CpuFeatures
    {
        private static string Detect()
        {
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported) return "AVX-512";
            if (Avx2.IsSupported && Fma.IsSupported) return "AVX2+FMA";
            if (AdvSimd.IsSupported) return "NEON";
            if (Vector128.IsHardwareAccelerated) return "SSE";
            return DetectPortable();
        }
    }
}
#endif
