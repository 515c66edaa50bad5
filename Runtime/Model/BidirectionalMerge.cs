// How a bidirectional recurrent layer combines its two directions (Keras Bidirectional merge_mode).
namespace Recurrent
{
    public enum BidirectionalMerge
    {
        /// <summary>[forward, backward] along features: output size 2H (Keras default, ONNX Transpose + Reshape).</summary>
        Concat,
        /// <summary>forward + backward: output size H.</summary>
        Sum,
    }
}
