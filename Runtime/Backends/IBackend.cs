// The backend contract: allocate, upload, download, "do you support this op", execute. Small enough for an OpenCL
// or GPU backend to implement; the CPU backend implements all of it and is the fallback for whatever another lacks.
using System;

namespace Recurrent.Backends
{
    public interface IBackend : IDisposable
    {
        /// <summary>A name for logs and inspectors, e.g. "CPU (AVX-512)".</summary>
        string Name { get; }

        /// <summary>Allocates an uninitialised buffer of <paramref name="length"/> floats.</summary>
        IBackendBuffer Allocate(int length);

        /// <summary>Uploads read-only Dense weights [K, N] row-major (a backend may pack or convert them).</summary>
        IBackendBuffer CreateWeights(ReadOnlySpan<float> weights, int k, int n);

        void Upload(ReadOnlySpan<float> source, IBackendBuffer destination, int offset = 0);

        void Download(IBackendBuffer source, int offset, Span<float> destination);

        /// <summary>Whether <see cref="Execute"/> can run this op (kind, sizes, options).</summary>
        bool Supports(in BackendOp op);

        /// <summary>Runs the op; synchronous from the caller's point of view once results are downloaded.</summary>
        void Execute(in BackendOp op);
    }
}
