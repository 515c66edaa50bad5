// Forward-with-cache and backward of one layer during training. Forward keeps what backward needs; backward
// accumulates (+=) into the layer's Parameter gradients and writes the gradient of its input.
using System.Collections.Generic;

namespace Recurrent.Training
{
    internal abstract class LayerTrainer
    {
        public abstract Layer Layer { get; }

        public abstract IReadOnlyList<Parameter> Parameters { get; }

        /// <summary>
        /// x: [T, B, In] time-major when the input is a sequence, else [B, In]; y: the layer's output
        /// ([T, B, Out] or [B, Out]). Buffers may be longer than needed.
        /// </summary>
        public abstract void Forward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y);

        /// <summary>
        /// dy: gradient of the output (same layout as y); dx: gradient of the input, overwritten, or null when the input
        /// is data that needs no gradient.
        /// </summary>
        public abstract void Backward(TrainingContext ctx, bool inputIsSequence, float[] x, float[] y, float[] dy, float[]? dx);
    }
}
