// CPU backend memory: a managed float array, so the CPU backend executes directly on spans without copies.
using System;

namespace Recurrent.Backends
{
    public sealed class CpuBuffer : IBackendBuffer
    {
        internal CpuBuffer(IBackend owner, float[] data)
        {
            Owner = owner;
            Data = data;
        }

        public IBackend Owner { get; }

        public int Length => Data.Length;

        internal float[] Data { get; }

        public Span<float> Span => Data;

        public void Dispose() { }
    }
}
