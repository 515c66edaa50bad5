// The distribution keras.initializers.VarianceScaling draws from.
namespace Recurrent.Training
{
    public enum VarianceScalingDistribution
    {
        /// <summary>Normal truncated at ±2σ, with σ = √(scale/n) / 0.87962566103423978 so the variance is scale/n.</summary>
        TruncatedNormal = 0,

        /// <summary>Normal with σ = √(scale/n).</summary>
        UntruncatedNormal = 1,

        /// <summary>Uniform in ±√(3·scale/n).</summary>
        Uniform = 2,
    }
}
