// Keras ModelCheckpoint: saves the model file after an epoch (every epoch, or only when the monitored value improves),
// atomically (temporary file, flush, rename), with the optimizer state so training can resume from the file.
using System;
using System.Collections.Generic;
using System.Globalization;
using Recurrent.Formats;

namespace Recurrent.Training
{
    public sealed class ModelCheckpoint : TrainingCallback
    {
        private double _best;

        /// <param name="path">Target path; "{epoch}" is replaced by the 1-based epoch number.</param>
        public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = false, PlateauMode mode = PlateauMode.Min,
            bool includeOptimizerState = true, ModelFileOptions? fileOptions = null)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Monitor = monitor;
            SaveBestOnly = saveBestOnly;
            Mode = mode;
            IncludeOptimizerState = includeOptimizerState;
            FileOptions = fileOptions;
        }

        public string Path { get; }
        public string Monitor { get; }
        public bool SaveBestOnly { get; }
        public PlateauMode Mode { get; }
        public bool IncludeOptimizerState { get; }
        public ModelFileOptions? FileOptions { get; }

        /// <summary>The file written last (null before the first save).</summary>
        public string? LastSaved { get; private set; }

        public override void OnTrainBegin(Trainer trainer) =>
            _best = Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

        public override void OnEpochEnd(Trainer trainer, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (SaveBestOnly)
            {
                if (!logs.TryGetValue(Monitor, out double value) || double.IsNaN(value)) return;
                bool better = Mode == PlateauMode.Min ? value < _best : value > _best;
                if (!better) return;
                _best = value;
            }
            var options = new ModelFileOptions
            {
                WeightType = FileOptions?.WeightType ?? ModelWeightType.Float32,
                Preprocessing = FileOptions?.Preprocessing,
                Producer = FileOptions?.Producer ?? "Recurrent",
                Optimizer = IncludeOptimizerState ? trainer.Optimizer.ExportState() : null,
            };
            var metadata = new Dictionary<string, string>();
            if (FileOptions?.Metadata != null)
                foreach (var kv in FileOptions.Metadata) metadata[kv.Key] = kv.Value;
            metadata["training.epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture);
            foreach (var kv in logs) metadata["training." + kv.Key] = kv.Value.ToString("R", CultureInfo.InvariantCulture);
            options.Metadata = metadata;
            string path = Path.Replace("{epoch}", (epoch + 1).ToString(CultureInfo.InvariantCulture));
            ModelFile.Save(trainer.Model, path, options);
            LastSaved = path;
        }
    }
}
