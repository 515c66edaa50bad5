// Per-feature standardisation x' = (x − mean) / std, fitted on training rows only (as scikit-learn's StandardScaler:
// population std, and 1 for a constant feature). The arithmetic lives in AffineFeatureScaler.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Standardises each feature to zero mean and unit variance over the fitting data.</summary>
    public sealed class StandardScaler : AffineFeatureScaler
    {
        public StandardScaler(float[] mean, float[] scale)
            : base(CheckParameter(mean, nameof(mean), -1), CheckScale(scale, mean is null ? -1 : mean.Length))
        {
        }

        /// <summary>Per-feature mean (a copy).</summary>
        public float[] Mean => (float[])Offset.Clone();

        /// <summary>Per-feature divisor (a copy): the population standard deviation, or 1 where it is 0.</summary>
        public float[] Scale => (float[])ScaleValues.Clone();

        /// <summary>Fits on row-major data [rows, F]. Mean and variance are summed in double, row by row.</summary>
        public static StandardScaler Fit(ReadOnlySpan<float> data, int featureCount)
        {
            CheckData(data, featureCount);
            int rows = data.Length / featureCount;
            var sum = new double[featureCount];
            for (int i = 0; i < data.Length; i++) sum[i % featureCount] += data[i];
            var mean = new double[featureCount];
            for (int j = 0; j < featureCount; j++) mean[j] = sum[j] / rows;
            var squares = new double[featureCount];
            for (int i = 0; i < data.Length; i++)
            {
                double d = data[i] - mean[i % featureCount];
                squares[i % featureCount] += d * d;
            }
            var m = new float[featureCount];
            var s = new float[featureCount];
            for (int j = 0; j < featureCount; j++)
            {
                m[j] = (float)mean[j];
                float std = (float)Math.Sqrt(squares[j] / rows);
                s[j] = std > 0f ? std : 1f;
            }
            return new StandardScaler(m, s);
        }

        public override ScalerSettings Describe() => new ScalerSettings
        {
            Kind = FeatureScalerKind.Standard,
            Mean = Mean,
            Scale = Scale,
        };

        public static StandardScaler FromDescription(ScalerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.Kind != FeatureScalerKind.Standard)
                ThrowHelper.ThrowArgument(nameof(settings), $"A {settings.Kind} description is not a standard scaler.");
            return new StandardScaler(settings.Mean!, settings.Scale!);
        }

        private static float[] CheckScale(float[] scale, int featureCount)
        {
            float[] s = CheckParameter(scale, nameof(scale), featureCount);
            for (int j = 0; j < s.Length; j++)
            {
                if (!(s[j] > 0f)) ThrowHelper.ThrowArgument(nameof(scale), $"scale[{j}] is {s[j]}; it must be positive.");
            }
            return s;
        }
    }
}
