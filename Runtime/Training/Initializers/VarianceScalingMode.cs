// Which fan keras.initializers.VarianceScaling divides its scale by.
namespace Recurrent.Training
{
    public enum VarianceScalingMode
    {
        FanIn = 0,
        FanOut = 1,

        /// <summary>(fan_in + fan_out) / 2.</summary>
        FanAvg = 2,
    }
}
