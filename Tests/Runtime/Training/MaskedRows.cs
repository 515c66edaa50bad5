// Test data for masking: N rows given by their valid steps only, laid out into [N, T] batches in any padding pattern
// (post with lengths, post/pre/holes with a mask). Padded positions hold values that would change the results or
// throw if anything read them (feature 9, token id −1 outside every vocabulary, class id −1), so a test that passes
// also proves they are never read. C# 9 / NUnit 3.5-safe.
#nullable enable
using System;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    internal sealed class MaskedRows
    {
        public const float PadFeature = 9f;
        public const int PadToken = -1;
        public const float PadClass = -1f;

        private MaskedRows(int[] lengths, int features, int vocabulary, int classes, ulong seed)
        {
            Lengths = lengths;
            Features = features;
            int n = lengths.Length;
            Values = new float[n][];
            Ids = new int[n][];
            StepTargets = new float[n][];
            SampleTargets = new float[n];
            var rng = new Recurrent.Core.DeterministicRandom(seed);
            for (int r = 0; r < n; r++)
            {
                int len = lengths[r];
                Values[r] = TestData.Uniform(seed * 31 + (ulong)r, len * Math.Max(features, 1), -1.2f, 1.2f);
                Ids[r] = new int[len];
                StepTargets[r] = new float[len];
                for (int j = 0; j < len; j++)
                {
                    Ids[r][j] = rng.NextInt(vocabulary);
                    StepTargets[r][j] = rng.NextInt(classes);
                }
                SampleTargets[r] = (r + (int)seed) % classes;
            }
        }

        /// <summary>Valid steps per row.</summary>
        public int[] Lengths { get; }

        /// <summary>Features per step (0 = token rows).</summary>
        public int Features { get; }

        public int Count => Lengths.Length;

        /// <summary>Per row: its valid steps' features [len, I].</summary>
        public float[][] Values { get; }

        /// <summary>Per row: its valid steps' token ids [len].</summary>
        public int[][] Ids { get; }

        /// <summary>Per row: class ids of its valid steps [len].</summary>
        public float[][] StepTargets { get; }

        /// <summary>[N] class ids.</summary>
        public float[] SampleTargets { get; }

        public static MaskedRows OfFeatures(int[] lengths, int features, int classes, ulong seed) =>
            new MaskedRows(lengths, features, 1, classes, seed);

        public static MaskedRows OfTokens(int[] lengths, int vocabulary, int classes, ulong seed) =>
            new MaskedRows(lengths, 0, vocabulary, classes, seed);

        /// <summary>Valid steps first: [0, len).</summary>
        public static int[][] Post(int[] lengths) => Positions(lengths, (len, j) => j);

        /// <summary>Valid steps last: [T − len, T).</summary>
        public static int[][] Pre(int[] lengths, int time) => Positions(lengths, (len, j) => time - len + j);

        /// <summary>Valid steps spread out: step j of a row at ⌊j·T/len⌋ + (row-dependent shift), so there are holes.</summary>
        public static int[][] Holes(int[] lengths, int time)
        {
            var p = new int[lengths.Length][];
            for (int r = 0; r < lengths.Length; r++)
            {
                int len = lengths[r];
                p[r] = new int[len];
                if (len == 0) continue;
                int gap = time / len;                           // ≥ 1
                int shift = (time - 1 - (len - 1) * gap) * (r % 2);
                for (int j = 0; j < len; j++) p[r][j] = shift + j * gap;
            }
            return p;
        }

        private static int[][] Positions(int[] lengths, Func<int, int, int> at)
        {
            var p = new int[lengths.Length][];
            for (int r = 0; r < lengths.Length; r++)
            {
                p[r] = new int[lengths[r]];
                for (int j = 0; j < lengths[r]; j++) p[r][j] = at(lengths[r], j);
            }
            return p;
        }

        /// <summary>[N, T] mask with 1 at the given positions.</summary>
        public float[] Mask(int[][] positions, int time)
        {
            var mask = new float[Count * time];
            for (int r = 0; r < Count; r++)
                foreach (int t in positions[r]) mask[r * time + t] = 1f;
            return mask;
        }

        /// <summary>Batch-major features [N, T, I] with the rows at their positions, padding elsewhere.</summary>
        public float[] LaidOutFeatures(int[][] positions, int time)
        {
            int I = Features;
            var x = new float[Count * time * I];
            for (int i = 0; i < x.Length; i++) x[i] = PadFeature;
            for (int r = 0; r < Count; r++)
                for (int j = 0; j < positions[r].Length; j++)
                    Array.Copy(Values[r], j * I, x, (r * time + positions[r][j]) * I, I);
            return x;
        }

        /// <summary>Batch-major ids [N, T] with the rows at their positions, <see cref="PadToken"/> elsewhere.</summary>
        public int[] LaidOutTokens(int[][] positions, int time)
        {
            var ids = new int[Count * time];
            for (int i = 0; i < ids.Length; i++) ids[i] = PadToken;
            for (int r = 0; r < Count; r++)
                for (int j = 0; j < positions[r].Length; j++) ids[r * time + positions[r][j]] = Ids[r][j];
            return ids;
        }

        /// <summary>Per-step class ids [N, T] at the positions, <see cref="PadClass"/> elsewhere.</summary>
        public float[] LaidOutStepTargets(int[][] positions, int time)
        {
            var y = new float[Count * time];
            for (int i = 0; i < y.Length; i++) y[i] = PadClass;
            for (int r = 0; r < Count; r++)
                for (int j = 0; j < positions[r].Length; j++) y[r * time + positions[r][j]] = StepTargets[r][j];
            return y;
        }

        /// <summary>
        /// The rows laid out in <paramref name="time"/> steps at <paramref name="positions"/>: described by lengths
        /// (<paramref name="useLengths"/>, positions must be a prefix) or by a mask.
        /// </summary>
        public SequenceDataset Dataset(int[][] positions, int time, bool useLengths, bool perStep, float[]? sampleWeights = null)
        {
            int[]? lengths = useLengths ? (int[])Lengths.Clone() : null;
            float[]? mask = useLengths ? null : Mask(positions, time);
            float[] targets = perStep ? LaidOutStepTargets(positions, time) : (float[])SampleTargets.Clone();
            return Features > 0
                ? SequenceDataset.FromFeatures(LaidOutFeatures(positions, time), Count, time, Features, targets, 1, perStep, lengths, sampleWeights, mask)
                : SequenceDataset.FromTokens(LaidOutTokens(positions, time), Count, time, targets, 1, perStep, lengths, sampleWeights, mask);
        }

        /// <summary>Row <paramref name="r"/> alone, unpadded (T = its length, no lengths, no mask).</summary>
        public SequenceDataset Unpadded(int r, bool perStep)
        {
            int len = Lengths[r];
            float[] targets = perStep ? (float[])StepTargets[r].Clone() : new[] { SampleTargets[r] };
            return Features > 0
                ? SequenceDataset.FromFeatures((float[])Values[r].Clone(), 1, len, Features, targets, 1, perStep)
                : SequenceDataset.FromTokens((int[])Ids[r].Clone(), 1, len, targets, 1, perStep);
        }

        /// <summary>This data reduced to one row (for single-row comparisons).</summary>
        public MaskedRows Row(int r) => Subset(r);

        /// <summary>The given rows, in the given order, with their data unchanged.</summary>
        public MaskedRows Subset(params int[] rows)
        {
            var lengths = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) lengths[i] = Lengths[rows[i]];
            var subset = new MaskedRows(lengths, Features, 1, 1, 0);
            for (int i = 0; i < rows.Length; i++)
            {
                subset.Values[i] = Values[rows[i]];
                subset.Ids[i] = Ids[rows[i]];
                subset.StepTargets[i] = StepTargets[rows[i]];
                subset.SampleTargets[i] = SampleTargets[rows[i]];
            }
            return subset;
        }
    }
}
