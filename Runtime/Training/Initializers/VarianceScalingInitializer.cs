// keras.initializers.VarianceScaling and its named forms: glorot (Glorot & Bengio 2010), he (He et al. 2015) and
// lecun (LeCun et al. 1998), uniform or (truncated) normal, with Keras' fan conventions.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// n = fan_in, fan_out or (fan_in + fan_out)/2 (at least 1); uniform in ±√(3·scale/n), or normal with variance
    /// scale/n (truncated at ±2σ, σ corrected by 0.87962566103423978 as Keras does). glorot_uniform = (1, FanAvg,
    /// Uniform), glorot_normal = (1, FanAvg, TruncatedNormal), he_* = (2, FanIn, …), lecun_* = (1, FanIn, …).
    /// </summary>
    public sealed class VarianceScalingInitializer : Initializer
    {
        /// <summary>Standard deviation of a unit normal truncated to [−2, 2] (Keras' constant).</summary>
        internal const double TruncatedStddev = 0.87962566103423978;

        public VarianceScalingInitializer(float scale = 1f, VarianceScalingMode mode = VarianceScalingMode.FanIn,
            VarianceScalingDistribution distribution = VarianceScalingDistribution.TruncatedNormal, string name = "variance_scaling")
        {
            if (!(scale > 0f) || float.IsInfinity(scale)) ThrowHelper.ThrowArgumentOutOfRange(nameof(scale), $"Scale must be positive and finite (got {scale}).");
            Scale = scale;
            Mode = mode;
            Distribution = distribution;
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public float Scale { get; }

        public VarianceScalingMode Mode { get; }

        public VarianceScalingDistribution Distribution { get; }

        public override string Name { get; }

        public static VarianceScalingInitializer GlorotUniform() =>
            new VarianceScalingInitializer(1f, VarianceScalingMode.FanAvg, VarianceScalingDistribution.Uniform, "glorot_uniform");

        public static VarianceScalingInitializer GlorotNormal() =>
            new VarianceScalingInitializer(1f, VarianceScalingMode.FanAvg, VarianceScalingDistribution.TruncatedNormal, "glorot_normal");

        public static VarianceScalingInitializer HeUniform() =>
            new VarianceScalingInitializer(2f, VarianceScalingMode.FanIn, VarianceScalingDistribution.Uniform, "he_uniform");

        public static VarianceScalingInitializer HeNormal() =>
            new VarianceScalingInitializer(2f, VarianceScalingMode.FanIn, VarianceScalingDistribution.TruncatedNormal, "he_normal");

        public static VarianceScalingInitializer LecunUniform() =>
            new VarianceScalingInitializer(1f, VarianceScalingMode.FanIn, VarianceScalingDistribution.Uniform, "lecun_uniform");

        public static VarianceScalingInitializer LecunNormal() =>
            new VarianceScalingInitializer(1f, VarianceScalingMode.FanIn, VarianceScalingDistribution.TruncatedNormal, "lecun_normal");

        /// <summary>The uniform bound √(3·scale/n) or the normal's target standard deviation √(scale/n).</summary>
        public double Spread(int fanIn, int fanOut, out bool uniform)
        {
            double n = Mode == VarianceScalingMode.FanIn ? fanIn : Mode == VarianceScalingMode.FanOut ? fanOut : (fanIn + fanOut) / 2.0;
            double variance = Scale / Math.Max(1.0, n);
            uniform = Distribution == VarianceScalingDistribution.Uniform;
            return uniform ? Math.Sqrt(3.0 * variance) : Math.Sqrt(variance);
        }

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            double spread = Spread(shape.FanIn, shape.FanOut, out bool uniform);
            if (uniform)
            {
                float limit = (float)spread;
                rng.FillUniform(values, -limit, limit);
            }
            else if (Distribution == VarianceScalingDistribution.TruncatedNormal)
            {
                float sigma = (float)(spread / TruncatedStddev);
                for (int i = 0; i < values.Length; i++) values[i] = sigma * TruncatedNormalInitializer.NextTruncated(rng);
            }
            else
            {
                float sigma = (float)spread;
                for (int i = 0; i < values.Length; i++) values[i] = sigma * rng.NextGaussian();
            }
        }
    }
}
