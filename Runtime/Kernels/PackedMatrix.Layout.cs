// Packed layout of PackedMatrix, read only by Gemm: column panels of 16 floats (one 64-byte line, whole vectors of every
// width), K-major inside a panel, the last panel zero-padded; on net8 pinned and 64-byte aligned.
using System;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#endif

namespace Recurrent.Kernels
{
    public sealed partial class PackedMatrix
    {
        /// <summary>Columns per panel: one 64-byte line of floats, a whole number of vectors of every width.</summary>
        internal const int PanelWidth = 16;

        private float[] _panels = Array.Empty<float>();

        /// <summary>
        /// The packed data: B[k, n] lives at <c>Panels[PanelStart + (n / 16) * PanelStride + k * 16 + n % 16]</c>;
        /// columns N..16·PanelCount-1 of the last panel are zero.
        /// </summary>
        internal float[] Panels
        {
            get => _panels;
            private set
            {
                _panels = value;
                PanelStart = AlignedStart(value);
            }
        }

        /// <summary>Index of B[0, 0] in <see cref="Panels"/> (0..15, chosen for 64-byte alignment).</summary>
        internal int PanelStart { get; private set; }

        /// <summary>Floats from one panel to the next: K · 16.</summary>
        internal int PanelStride => K * PanelWidth;

        internal int PanelCount => (N + PanelWidth - 1) / PanelWidth;

        private static float[] Pack(float[] rowMajor, int k, int n)
        {
            int panels = (n + PanelWidth - 1) / PanelWidth;
            int length = panels * k * PanelWidth;
            if (length == 0) return Array.Empty<float>();
            float[] packed = Allocate(length);
            WritePanels(rowMajor, k, n, packed, AlignedStart(packed));
            return packed;
        }

        /// <summary>
        /// Copies a row-major [K, N] matrix into panels starting at <paramref name="start"/>. Only real columns are
        /// written, so the zero padding of the last panel survives a repack.
        /// </summary>
        internal static void WritePanels(float[] rowMajor, int k, int n, float[] packed, int start)
        {
            int panels = (n + PanelWidth - 1) / PanelWidth;
            for (int p = 0; p < panels; p++)
            {
                int col0 = p * PanelWidth;
                int width = Math.Min(PanelWidth, n - col0);
                int panel = start + p * k * PanelWidth;
                for (int row = 0; row < k; row++)
                    Array.Copy(rowMajor, row * n + col0, packed, panel + row * PanelWidth, width);
            }
        }

#if NET8_0_OR_GREATER
        // Pinned (never moved by the GC), so the aligned start computed from its address stays valid.
        private static float[] Allocate(int length) => GC.AllocateArray<float>(length + PanelWidth - 1, pinned: true);

        private static unsafe int AlignedStart(float[] packed)
        {
            if (packed.Length == 0) return 0;
            nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(packed));
            return (int)((64 - (address & 63)) & 63) / sizeof(float);
        }
#else
        // Unaligned loads are correct everywhere; without a pinned heap the start stays at 0.
        private static float[] Allocate(int length) => new float[length];

        private static int AlignedStart(float[] packed) => 0;
#endif
    }
}
