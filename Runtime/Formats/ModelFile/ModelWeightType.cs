// How a model file stores weight values on disk. Memory is always float32; this only trades file size for precision.
namespace Recurrent.Formats
{
    public enum ModelWeightType
    {
        /// <summary>IEEE float32, exact (the default).</summary>
        Float32,
        /// <summary>IEEE float16, rounded to nearest even: half the size, about 3 significant decimal digits, |x| ≤ 65504.</summary>
        Float16,
    }
}
