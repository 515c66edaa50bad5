// Supervised windows cut from a time series by Windowing: flat row-major inputs and targets with their shapes.
// Plain result data; scaling and batching are left to the scalers and the trainer.
namespace Recurrent.Data
{
    /// <summary>Inputs [S, T, F] and targets [S, H · Ft] (that is [S, H, Ft] flattened) of S windows.</summary>
    public sealed class WindowedSeries
    {
        private readonly int[] _targetFeatures;

        internal WindowedSeries(float[] inputs, float[] targets, int sampleCount, int windowLength, int featureCount,
            int horizon, int[] targetFeatures, int stride)
        {
            Inputs = inputs;
            Targets = targets;
            SampleCount = sampleCount;
            WindowLength = windowLength;
            FeatureCount = featureCount;
            Horizon = horizon;
            _targetFeatures = targetFeatures;
            Stride = stride;
        }

        /// <summary>[S, T, F] row-major.</summary>
        public float[] Inputs { get; }

        /// <summary>[S, H · Ft] row-major: horizon step h of target feature j is at column h · Ft + j.</summary>
        public float[] Targets { get; }

        /// <summary>S.</summary>
        public int SampleCount { get; }

        /// <summary>T.</summary>
        public int WindowLength { get; }

        /// <summary>F.</summary>
        public int FeatureCount { get; }

        /// <summary>H: how many future steps each target holds.</summary>
        public int Horizon { get; }

        /// <summary>Ft: features per target step.</summary>
        public int TargetFeatureCount => _targetFeatures.Length;

        /// <summary>The series features each target step holds, in order (a copy).</summary>
        public int[] TargetFeatures => (int[])_targetFeatures.Clone();

        public int Stride { get; }

        /// <summary>{ S, T, F }.</summary>
        public int[] InputShape => new[] { SampleCount, WindowLength, FeatureCount };

        /// <summary>{ S, H · Ft }.</summary>
        public int[] TargetShape => new[] { SampleCount, Horizon * TargetFeatureCount };

        /// <summary>
        /// The windowing as plain data, to store with a trained model (<see cref="PreprocessingSettings.Window"/>) so that
        /// forecasting at inference uses the same length, horizon and targets.
        /// </summary>
        public WindowSettings Describe() => new WindowSettings
        {
            Length = WindowLength,
            Horizon = Horizon,
            TargetFeatures = TargetFeatures,
        };

        /// <summary>The series row where window <paramref name="sample"/> starts; its targets start at that row + T.</summary>
        public int WindowStart(int sample) => sample * Stride;
    }
}
