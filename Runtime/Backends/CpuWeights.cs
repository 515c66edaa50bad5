// Dense weights on the CPU backend, pre-packed once for the GEMM micro-kernel.
using System;
using Recurrent.Kernels;

namespace Recurrent.Backends
{
    internal sealed class CpuWeights : IBackendBuffer
    {
        public CpuWeights(IBackend owner, PackedMatrix packed)
        {
            Owner = owner;
            Packed = packed;
        }

        public IBackend Owner { get; }

        public PackedMatrix Packed { get; }

        public int Length => Packed.K * Packed.N;

        public void Dispose() { }
    }
}
