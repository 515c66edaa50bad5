// Memory owned by a backend: device memory for a GPU backend, a managed array for the CPU backend.
using System;

namespace Recurrent.Backends
{
    public interface IBackendBuffer : IDisposable
    {
        /// <summary>Length in float32 elements.</summary>
        int Length { get; }

        /// <summary>The backend that allocated this buffer; buffers never cross backends.</summary>
        IBackend Owner { get; }
    }
}
