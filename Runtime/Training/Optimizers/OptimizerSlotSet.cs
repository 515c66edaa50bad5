// The per-parameter state of an optimizer (its slot arrays, keyed by parameter name in Optimizer). Internal storage
// only; the public, file-facing form is Recurrent.Formats.OptimizerState / OptimizerSlot.
using Recurrent.Core;

namespace Recurrent.Training
{
    internal sealed class OptimizerSlotSet
    {
        public OptimizerSlotSet(int slotCount, TensorShape shape, int length)
        {
            Values = new float[]?[slotCount];
            Shape = shape;
            Length = length;
        }

        /// <summary>One array per slot index, null while the slot is unused (e.g. momentum 0).</summary>
        public float[]?[] Values { get; }

        public TensorShape Shape { get; set; }

        public int Length { get; }

        /// <summary>Updates this parameter has received (PyTorch SGD initialises its buffer on the first).</summary>
        public long Updates { get; set; }
    }
}
