// Time-ordered train/validation/test split of a series by fraction: no shuffling across time, optional gap rows
// between the parts. Windowing each part is left to Windowing (window each range separately).
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Splits N time steps into consecutive train, validation and test ranges.</summary>
    /// <remarks>
    /// Boundaries are <c>b1 = floor(N · train)</c> and <c>b2 = floor(N · (train + validation))</c> (as nanoGPT's
    /// <c>int(0.9 · n)</c>). Train is <c>[0, b1)</c>, validation <c>[b1 + gap, b2)</c>, test <c>[b2 + gap, N)</c>: the
    /// gap rows are taken from the start of the later part, so the earlier part never shrinks. Window each range on
    /// its own (<see cref="SeriesRange.Slice"/> then <see cref="Windowing.Create(ReadOnlySpan{float}, int, int, int, int, int[])"/>)
    /// and no window can straddle a boundary. Use <c>gap = windowLength + horizon - 1</c> when the three parts'
    /// windows must not share any row either (e.g. windows cut from the whole series and assigned by start row).
    /// </remarks>
    public static class TimeSplit
    {
        // Guards floor() against N·fraction landing a rounding error below an integer (e.g. 0.7 · 10).
        private const double FloorSlack = 1e-9;

        public static TimeSplitRanges Split(int length, double trainFraction, double validationFraction, int gap = 0)
        {
            if (length < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(length), "The series length must not be negative.");
            if (!(trainFraction >= 0 && trainFraction <= 1))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(trainFraction), "The train fraction must lie in [0, 1].");
            if (!(validationFraction >= 0 && trainFraction + validationFraction <= 1 + FloorSlack))
                ThrowHelper.ThrowArgumentOutOfRange(nameof(validationFraction), "The validation fraction must lie in [0, 1 - train].");
            if (gap < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(gap), "The gap must not be negative.");

            int b1 = Boundary(length, trainFraction);
            int b2 = Math.Max(b1, Boundary(length, trainFraction + validationFraction));
            return new TimeSplitRanges(
                new SeriesRange(0, b1),
                After(b1, b2, gap),
                After(b2, length, gap));
        }

        private static int Boundary(int length, double fraction) =>
            (int)Math.Min(length, Math.Floor(length * fraction + FloorSlack));

        private static SeriesRange After(int start, int end, int gap)
        {
            int first = (int)Math.Min((long)start + gap, end);
            return new SeriesRange(first, end - first);
        }
    }
}
