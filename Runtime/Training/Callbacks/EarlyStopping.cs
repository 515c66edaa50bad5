// Keras EarlyStopping: stop when the monitored value has not improved by min_delta for `patience` epochs, optionally
// restoring the weights of the best epoch.
using System;
using System.Collections.Generic;

namespace Recurrent.Training
{
    public sealed class EarlyStopping : TrainingCallback
    {
        private double _best;
        private int _wait;
        private float[][]? _bestWeights;

        public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, PlateauMode mode = PlateauMode.Min,
            bool restoreBestWeights = false)
        {
            Monitor = monitor;
            Patience = patience;
            MinDelta = Math.Abs(minDelta);
            Mode = mode;
            RestoreBestWeights = restoreBestWeights;
        }

        public string Monitor { get; }
        public int Patience { get; }
        public double MinDelta { get; }
        public PlateauMode Mode { get; }
        public bool RestoreBestWeights { get; }

        /// <summary>0-based epoch with the best value so far (-1 before any).</summary>
        public int BestEpoch { get; private set; } = -1;

        /// <summary>0-based epoch after which training stopped (-1 if it did not stop).</summary>
        public int StoppedEpoch { get; private set; } = -1;

        public override void OnTrainBegin(Trainer trainer)
        {
            _best = Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
            _wait = 0;
            _bestWeights = null;
            BestEpoch = -1;
            StoppedEpoch = -1;
        }

        public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (!logs.TryGetValue(Monitor, out double value) || double.IsNaN(value)) return;
            bool better = Mode == PlateauMode.Min ? value < _best - MinDelta : value > _best + MinDelta;
            if (better)
            {
                _best = value;
                _wait = 0;
                BestEpoch = epoch;
                if (RestoreBestWeights) _bestWeights = trainer.SnapshotWeights();
                return;
            }
            _wait++;
            if (_wait > Patience)
            {
                StoppedEpoch = epoch;
                trainer.StopTraining = true;
            }
        }

        public override void OnTrainEnd(Trainer trainer)
        {
            if (RestoreBestWeights && _bestWeights != null) trainer.RestoreWeights(_bestWeights);
        }
    }
}
