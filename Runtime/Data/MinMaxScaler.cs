// Per-feature min-max scaling x' = (x − min) / (max − min) into [0, 1] over the fitting rows (scikit-learn's
// MinMaxScaler with feature_range (0, 1)); a constant feature uses divisor 1. Arithmetic lives in AffineFeatureScaler.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Maps each feature's fitted range onto [0, 1] (values outside it map outside [0, 1]).</summary>
    public sealed class MinMaxScaler : AffineFeatureScaler
    {
        private readonly float[] _max;

        public MinMaxScaler(float[] min, float[] max)
            : base(CheckParameter(min, nameof(min), -1), Range(min, max))
        {
            _max = CheckParameter(max, nameof(max), min.Length);
        }

        /// <summary>Per-feature minimum (a copy).</summary>
        public float[] Min => (float[])Offset.Clone();

        /// <summary>Per-feature maximum (a copy).</summary>
        public float[] Max => (float[])_max.Clone();

        /// <summary>Fits on row-major data [rows, F].</summary>
        public static MinMaxScaler Fit(ReadOnlySpan<float> data, int featureCount)
        {
            CheckData(data, featureCount);
            var min = new float[featureCount];
            var max = new float[featureCount];
            for (int j = 0; j < featureCount; j++)
            {
                min[j] = float.PositiveInfinity;
                max[j] = float.NegativeInfinity;
            }
            for (int i = 0; i < data.Length; i++)
            {
                int j = i % featureCount;
                float v = data[i];
                if (v < min[j]) min[j] = v;
                if (v > max[j]) max[j] = v;
            }
            return new MinMaxScaler(min, max);
        }

        public override ScalerSettings Describe() => new ScalerSettings
        {
            Kind = FeatureScalerKind.MinMax,
            Min = Min,
            Max = Max,
        };

        public static MinMaxScaler FromDescription(ScalerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            if (settings.Kind != FeatureScalerKind.MinMax)
                ThrowHelper.ThrowArgument(nameof(settings), $"A {settings.Kind} description is not a min-max scaler.");
            return new MinMaxScaler(settings.Min!, settings.Max!);
        }

        // The divisor max − min in float, exactly as Transform uses it; 1 where the feature was constant.
        private static float[] Range(float[] min, float[] max)
        {
            float[] lo = CheckParameter(min, nameof(min), -1);
            float[] hi = CheckParameter(max, nameof(max), lo.Length);
            var range = new float[lo.Length];
            for (int j = 0; j < lo.Length; j++)
            {
                if (hi[j] < lo[j]) ThrowHelper.ThrowArgument(nameof(max), $"max[{j}] = {hi[j]} is below min[{j}] = {lo[j]}.");
                float r = hi[j] - lo[j];
                range[j] = r > 0f ? r : 1f;
            }
            return range;
        }
    }
}
