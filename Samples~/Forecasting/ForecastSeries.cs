// One data draw of the task: x_t = sin(0.1 t) + 0.5 cos(0.05 t) + 0.1·N(0, 1), cut into 50-step windows with
// Runtime/Data Windowing and split 80/20 by time. Which noise seed and how "1000 samples" is read are the caller's.
using System;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Samples.Forecasting
{
    /// <summary>How the "1000 samples" is read.</summary>
    internal enum SampleCounting
    {
        /// <summary>1000 windows (a series of 1050 points): 800 train, 200 test. The default.</summary>
        Windows,

        /// <summary>A series of 1000 points (950 windows): 760 train, 190 test.</summary>
        SeriesLength,
    }

    internal sealed class ForecastSeries
    {
        public const int Samples = 1000;
        public const int Window = 50;             // T: lags per window
        public const double TrainFraction = 0.8;  // first 80 % of the windows train, the rest test (time order)
        public const float NoiseStd = 0.1f;       // noise floor of the one-step MSE = 0.01

        private ForecastSeries(ulong noiseSeed, SampleCounting counting, float[] series, float[] clean, float[] noise)
        {
            NoiseSeed = noiseSeed;
            Counting = counting;
            Series = series;
            Clean = clean;
            Noise = noise;
            WindowedSeries windows = Windowing.Create(series, featureCount: 1, windowLength: Window, horizon: 1);
            TrainCount = (int)(windows.SampleCount * TrainFraction);
            TestCount = windows.SampleCount - TrainCount;
            var all = SequenceDataset.FromFeatures(windows.Inputs, windows.SampleCount, Window, 1, windows.Targets, 1);
            Train = all.Slice(0, TrainCount);
            Test = all.Slice(TrainCount, TestCount);
        }

        public ulong NoiseSeed { get; }
        public SampleCounting Counting { get; }

        /// <summary>The observed series [N].</summary>
        public float[] Series { get; }

        /// <summary>The noise-free signal [N] (what the clean-signal oracle predicts).</summary>
        public float[] Clean { get; }

        /// <summary>The noise [N] that was added.</summary>
        public float[] Noise { get; }

        public int TrainCount { get; }
        public int TestCount { get; }

        /// <summary>Windows [TrainCount, 50, 1] → next value, targets t = 50 … 50 + TrainCount − 1.</summary>
        public SequenceDataset Train { get; }

        /// <summary>The last windows by time; every test target lies after every training target.</summary>
        public SequenceDataset Test { get; }

        /// <summary>Index in the series of the first test target.</summary>
        public int FirstTestTarget => Window + TrainCount;

        /// <summary>The generating signal, in double.</summary>
        public static double Signal(double t) => Math.Sin(0.1 * t) + 0.5 * Math.Cos(0.05 * t);

        /// <summary>The draw with noise from <c>DeterministicRandom(noiseSeed)</c> (seed 1 is the original single draw).</summary>
        public static ForecastSeries Generate(ulong noiseSeed, SampleCounting counting = SampleCounting.Windows)
        {
            int n = counting == SampleCounting.Windows ? Samples + Window : Samples;
            var series = new float[n];
            var clean = new float[n];
            var noise = new float[n];
            var random = new DeterministicRandom(noiseSeed);
            for (int t = 0; t < n; t++)
            {
                noise[t] = NoiseStd * random.NextGaussian();
                clean[t] = (float)Signal(t);
                series[t] = clean[t] + noise[t];
            }
            return new ForecastSeries(noiseSeed, counting, series, clean, noise);
        }

        /// <summary>
        /// MSE of predicting the clean signal exactly: the mean squared noise of this draw's test targets. No forecaster
        /// beats it in expectation; its expectation is σ² = 0.01 and its spread over draws is σ²·√(2/n) ≈ 0.001.
        /// </summary>
        public double OracleMse()
        {
            double sum = 0;
            for (int t = FirstTestTarget; t < Series.Length; t++)
            {
                double e = (double)Clean[t] - Series[t];
                sum += e * e;
            }
            return sum / TestCount;
        }
    }
}
