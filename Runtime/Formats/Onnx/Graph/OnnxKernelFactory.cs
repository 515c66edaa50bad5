// The hook signature of OnnxExecutorOptions.KernelFactory: given a node, return a replacement kernel or null.
// Recognising patterns and building the fast kernels is left to the caller.
namespace Recurrent.Formats.Onnx
{
    /// <summary>Returns a kernel for <paramref name="request"/>'s node, or null to use the built-in one.</summary>
    public delegate IOnnxKernel? OnnxKernelFactory(OnnxKernelRequest request);
}
