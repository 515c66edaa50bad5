// What a model consumes at each time step.
namespace Recurrent
{
    public enum ModelInputKind
    {
        /// <summary>A float feature vector per step (strokes, sensor readings, series values).</summary>
        Features,
        /// <summary>An integer token id per step (characters, words); the first layer is an Embedding.</summary>
        Tokens,
    }
}
