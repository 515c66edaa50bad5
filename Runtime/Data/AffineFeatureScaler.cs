// The shared arithmetic of StandardScaler and MinMaxScaler: x' = (x − offset[j]) / scale[j] on rows of F features.
// Each subclass only decides offset and scale (and how to describe them).
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Base class of the per-feature affine scalers.</summary>
    public abstract class AffineFeatureScaler : IFeatureScaler
    {
        private readonly float[] _offset; // [F]
        private readonly float[] _scale;  // [F], never 0

        private protected AffineFeatureScaler(float[] offset, float[] scale)
        {
            _offset = offset;
            _scale = scale;
        }

        public int FeatureCount => _offset.Length;

        public void Transform(ReadOnlySpan<float> source, Span<float> destination)
        {
            int f = CheckRows(source, destination, FeatureCount);
            for (int i = 0; i < source.Length; i++)
            {
                int j = i % f;
                destination[i] = (source[i] - _offset[j]) / _scale[j];
            }
        }

        public void InverseTransform(ReadOnlySpan<float> source, Span<float> destination)
        {
            int f = CheckRows(source, destination, FeatureCount);
            for (int i = 0; i < source.Length; i++)
            {
                int j = i % f;
                destination[i] = source[i] * _scale[j] + _offset[j];
            }
        }

        public void TransformColumns(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> features)
        {
            int f = CheckColumns(source, destination, features);
            for (int i = 0; i < source.Length; i++)
            {
                int j = features[i % f];
                destination[i] = (source[i] - _offset[j]) / _scale[j];
            }
        }

        public void InverseTransformColumns(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> features)
        {
            int f = CheckColumns(source, destination, features);
            for (int i = 0; i < source.Length; i++)
            {
                int j = features[i % f];
                destination[i] = source[i] * _scale[j] + _offset[j];
            }
        }

        /// <summary>Transforms a copy of <paramref name="data"/>.</summary>
        public float[] Transform(ReadOnlySpan<float> data)
        {
            var result = new float[data.Length];
            Transform(data, result);
            return result;
        }

        /// <summary>Inverse-transforms a copy of <paramref name="data"/>.</summary>
        public float[] InverseTransform(ReadOnlySpan<float> data)
        {
            var result = new float[data.Length];
            InverseTransform(data, result);
            return result;
        }

        public abstract ScalerSettings Describe();

        private protected float[] Offset => _offset;

        private protected float[] ScaleValues => _scale;

        private static int CheckRows(ReadOnlySpan<float> source, Span<float> destination, int featureCount)
        {
            if (source.Length % featureCount != 0)
                ThrowHelper.ThrowArgument(nameof(source), $"{source.Length} values are not whole rows of {featureCount} features.");
            ThrowHelper.CheckLength(destination.Length, source.Length, nameof(destination));
            return featureCount;
        }

        private int CheckColumns(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> features)
        {
            if (features.Length == 0) ThrowHelper.ThrowArgument(nameof(features), "At least one feature index is required.");
            for (int k = 0; k < features.Length; k++)
            {
                if ((uint)features[k] >= (uint)FeatureCount)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(features), $"Feature {features[k]} is not in [0, {FeatureCount}).");
            }
            return CheckRows(source, destination, features.Length);
        }

        /// <summary>Fitting needs at least one whole row.</summary>
        private protected static void CheckData(ReadOnlySpan<float> data, int featureCount)
        {
            if (featureCount <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(featureCount), "The feature count must be positive.");
            if (data.Length == 0 || data.Length % featureCount != 0)
                ThrowHelper.ThrowArgument(nameof(data), $"Fitting needs at least one whole row of {featureCount} features; got {data.Length} values.");
        }

        private protected static float[] CheckParameter(float[]? values, string name, int featureCount)
        {
            if (values is null) { ThrowHelper.ThrowArgument(name, $"The scaler needs '{name}'."); }
            if (values.Length == 0) ThrowHelper.ThrowArgument(name, $"'{name}' must hold at least one feature.");
            if (featureCount >= 0 && values.Length != featureCount)
                ThrowHelper.ThrowArgument(name, $"'{name}' holds {values.Length} features but {featureCount} are expected.");
            for (int j = 0; j < values.Length; j++)
            {
                if (float.IsNaN(values[j]) || float.IsInfinity(values[j]))
                    ThrowHelper.ThrowArgument(name, $"'{name}'[{j}] is {values[j]}; scaler parameters must be finite.");
            }
            return (float[])values.Clone();
        }
    }
}
