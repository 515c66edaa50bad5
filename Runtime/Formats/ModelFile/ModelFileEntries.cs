// What ModelFile's reader collects from the document before it builds anything: one entry per layer map and per
// tensor map, with the byte offsets that error messages need. Tensor data stays in the input until decoded.
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    /// <summary>A layer map as read, not yet validated against its weights.</summary>
    internal sealed class LayerEntry
    {
        public int Index;
        public int Offset;
        public LayerKind? Kind;
        public string? Name;
        public RecurrentCellKind? Cell;
        public int? HiddenSize;
        public RecurrentDirection Direction = RecurrentDirection.Forward;
        public string[]? Activations;
        public float[]? ActivationAlpha;
        public float[]? ActivationBeta;
        public float? Clip;
        public bool InputForget;
        public bool LinearBeforeReset;
        public bool ReturnSequences = true;
        public BidirectionalMerge Merge = BidirectionalMerge.Concat;
        public Activation? Activation;
        public int? Size;
        public float? Rate;
        public float Dropout, RecurrentDropout;
        public bool ReturnState, SingleBias;
        public bool Log;
    }

    /// <summary>A tensor map (weight or optimizer slot) as read; its data is a range of the input.</summary>
    internal sealed class TensorEntry
    {
        public int Index;
        public int Offset;
        public string? Name;
        public bool? Float16;
        public int[]? Shape;
        public int DataOffset = -1;
        public int DataLength;
        public string? Weight;
        public bool Used;
    }
}
