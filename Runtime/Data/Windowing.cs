// Cuts a series [N] or [N, F] into supervised windows: T input rows, then the next H rows of chosen target features.
// Splitting by time (TimeSplit) and scaling (StandardScaler, MinMaxScaler) come before; batching after.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Sliding windows over a time series.</summary>
    /// <remarks>
    /// Window s starts at row <c>r = s · stride</c>: inputs are rows <c>[r, r + T)</c> (all F features), targets are
    /// rows <c>[r + T, r + T + H)</c> restricted to <c>targetFeatures</c> (all features when null). The window count is
    /// <c>S = floor((N − T − H) / stride) + 1</c>, so a trailing part shorter than a stride is unused.
    /// </remarks>
    public static class Windowing
    {
        /// <summary>Windows of a row-major series [N, F] (F = 1 for a univariate series [N]).</summary>
        public static WindowedSeries Create(ReadOnlySpan<float> series, int featureCount, int windowLength, int horizon = 1,
            int stride = 1, int[]? targetFeatures = null)
        {
            if (featureCount <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(featureCount), "The feature count must be positive.");
            if (windowLength <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(windowLength), "The window length must be positive.");
            if (horizon <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(horizon), "The horizon must be positive.");
            if (stride <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(stride), "The stride must be positive.");
            if (series.Length % featureCount != 0)
                ThrowHelper.ThrowArgument(nameof(series), $"A series of {series.Length} values is not a whole number of rows of {featureCount} features.");
            int[] targets = targetFeatures ?? AllFeatures(featureCount);
            if (targets.Length == 0) ThrowHelper.ThrowArgument(nameof(targetFeatures), "At least one target feature is required.");
            for (int j = 0; j < targets.Length; j++)
            {
                if ((uint)targets[j] >= (uint)featureCount)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(targetFeatures), $"Target feature {targets[j]} is not in [0, {featureCount}).");
            }

            int n = series.Length / featureCount;
            if (n < windowLength + horizon)
                ThrowHelper.ThrowArgument(nameof(series), $"A series of {n} rows is shorter than one window of {windowLength} input and {horizon} target rows.");
            int s = (n - windowLength - horizon) / stride + 1;
            int ft = targets.Length;
            if ((long)s * windowLength * featureCount > int.MaxValue)
                ThrowHelper.ThrowArgument(nameof(series), "The windows would hold more than 2^31 values; use a larger stride or fewer rows.");
            var inputs = new float[s * windowLength * featureCount];
            var outputs = new float[s * horizon * ft];
            int rowValues = windowLength * featureCount;
            for (int w = 0; w < s; w++)
            {
                int start = w * stride;
                series.Slice(start * featureCount, rowValues).CopyTo(inputs.AsSpan(w * rowValues, rowValues));
                int o = w * horizon * ft;
                for (int h = 0; h < horizon; h++)
                {
                    int row = (start + windowLength + h) * featureCount;
                    for (int j = 0; j < ft; j++) outputs[o++] = series[row + targets[j]];
                }
            }
            return new WindowedSeries(inputs, outputs, s, windowLength, featureCount, horizon, (int[])targets.Clone(), stride);
        }

        /// <summary>
        /// Windows described by <paramref name="settings"/> (Length, Horizon, TargetFeatures), the same object a model file
        /// stores so that inference cuts its input identically. Length must be positive here.
        /// </summary>
        public static WindowedSeries Create(ReadOnlySpan<float> series, int featureCount, WindowSettings settings, int stride = 1)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            return Create(series, featureCount, settings.Length, settings.Horizon, stride, settings.TargetFeatures);
        }

        /// <summary>Windows of a tensor of shape [N] or [N, F].</summary>
        public static WindowedSeries Create(Tensor series, int windowLength, int horizon = 1, int stride = 1, int[]? targetFeatures = null)
        {
            if (series is null) throw new ArgumentNullException(nameof(series));
            int rank = series.Shape.Rank;
            if (rank != 1 && rank != 2)
                ThrowHelper.ThrowArgument(nameof(series), $"A series tensor must have shape [N] or [N, F], not {series.Shape}.");
            int features = rank == 1 ? 1 : series.Shape[1];
            return Create(series.ReadOnlySpan, features, windowLength, horizon, stride, targetFeatures);
        }

        private static int[] AllFeatures(int featureCount)
        {
            var all = new int[featureCount];
            for (int j = 0; j < featureCount; j++) all[j] = j;
            return all;
        }
    }
}
