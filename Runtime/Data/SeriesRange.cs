// A contiguous run of time steps [Start, Start + Length) of a series, as produced by TimeSplit.
// It only names rows; slicing copies nothing and windowing is Windowing's job.
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Rows <c>[Start, Start + Length)</c> of a time series.</summary>
    public readonly struct SeriesRange : IEquatable<SeriesRange>
    {
        public SeriesRange(int start, int length)
        {
            if (start < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(start), "The start row must not be negative.");
            if (length < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(length), "The length must not be negative.");
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }

        /// <summary>One past the last row.</summary>
        public int End => Start + Length;

        /// <summary>The rows of this range in a row-major series [N, F] (no copy).</summary>
        public ReadOnlySpan<float> Slice(ReadOnlySpan<float> series, int featureCount)
        {
            if (featureCount <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(featureCount), "The feature count must be positive.");
            ThrowHelper.CheckLength(series.Length, End * featureCount, nameof(series));
            return series.Slice(Start * featureCount, Length * featureCount);
        }

        public bool Equals(SeriesRange other) => Start == other.Start && Length == other.Length;

        public override bool Equals(object? obj) => obj is SeriesRange other && Equals(other);

        public override int GetHashCode() => (Start * 397) ^ Length;

        public override string ToString() => $"[{Start}, {End})";
    }
}
