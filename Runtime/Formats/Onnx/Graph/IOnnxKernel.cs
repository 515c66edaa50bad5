// A caller-supplied implementation of one ONNX node, plugged in through OnnxExecutorOptions.KernelFactory.
// It must be stateless between calls (the executor may run on several threads at once).
namespace Recurrent.Formats.Onnx
{
    public interface IOnnxKernel
    {
        /// <summary>
        /// Computes the node: <paramref name="inputs"/>[i] is null where the node omits input i; set every
        /// <paramref name="outputs"/>[i] whose output name is not empty. Never modify an input's data.
        /// </summary>
        void Run(OnnxValue?[] inputs, OnnxValue?[] outputs);

        /// <summary>Whether the executor may evaluate the node once at build time when all its inputs are constants.</summary>
        bool Foldable { get; }
    }
}
