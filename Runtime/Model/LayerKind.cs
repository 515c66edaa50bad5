// The kinds of layer a Model can hold. Serializers and inspectors switch on this; nothing is discovered by reflection.
namespace Recurrent
{
    public enum LayerKind
    {
        Embedding,
        Recurrent,
        Dense,
        Activation,
        Softmax,
        /// <summary>Training-time dropout; the identity at inference.</summary>
        Dropout,
    }
}
