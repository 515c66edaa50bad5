// What a KernelFactory hook sees of a node while the executor is built: the node, the opset, the model path and the
// inputs that are build-time constants (initializers, Constant nodes and what was folded from them).
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxKernelRequest
    {
        private readonly OnnxNodeContext _context;

        internal OnnxKernelRequest(OnnxNodeContext context)
        {
            _context = context;
        }

        public OnnxNode Node => _context.Node;

        /// <summary>The model's default-domain opset.</summary>
        public long Opset => _context.Opset;

        /// <summary>The model file, or null when it was read from memory.</summary>
        public string? ModelPath => _context.Environment.ModelPath;

        /// <summary>The constant feeding input <paramref name="index"/>, or null when it is absent or computed at run time.</summary>
        public OnnxValue? ConstantInput(int index)
        {
            if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
            return _context.ConstantInput(index);
        }

        /// <summary>An exception that names this node, its opset and the model (for a hook that rejects the node).</summary>
        public OnnxFormatException Error(string message) => _context.Error(message);
    }
}
