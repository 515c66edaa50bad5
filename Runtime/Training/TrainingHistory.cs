// What Fit returns: per-epoch logs ("loss", "val_loss", metric names, "lr"), like Keras' History, plus counters.
using System.Collections.Generic;

namespace Recurrent.Training
{
    public sealed class TrainingHistory
    {
        private readonly List<IReadOnlyDictionary<string, double>> _epochs = new List<IReadOnlyDictionary<string, double>>();

        public IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs => _epochs;

        /// <summary>Optimizer steps that were skipped because the loss or a gradient was NaN or infinite.</summary>
        public int NonFiniteSteps { get; internal set; }

        /// <summary>Whether a callback stopped training early.</summary>
        public bool StoppedEarly { get; internal set; }

        internal void Add(IReadOnlyDictionary<string, double> logs) => _epochs.Add(logs);

        /// <summary>The values of one log key over the epochs (e.g. "val_loss").</summary>
        public double[] Values(string key)
        {
            var result = new double[_epochs.Count];
            for (int i = 0; i < result.Length; i++)
                result[i] = _epochs[i].TryGetValue(key, out double v) ? v : double.NaN;
            return result;
        }
    }
}
