// Everything a model file holds once read: the validated Model (carrying its preprocessing) plus metadata and optimizer
// state. A plain result object; reading and validation live in ModelFile.
using System;
using System.Collections.Generic;
using Recurrent.Data;

namespace Recurrent.Formats
{
    /// <summary>The contents of a model file (see docs/model-format.md).</summary>
    public sealed class ModelFileContents
    {
        public ModelFileContents(Model model, IReadOnlyDictionary<string, string> metadata, OptimizerState? optimizer, int version)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
            Optimizer = optimizer;
            Version = version;
        }

        /// <summary>The model (its <see cref="Model.Metadata"/> is <see cref="Metadata"/>).</summary>
        public Model Model { get; }

        /// <summary>The model's preprocessing (<see cref="Model.Preprocessing"/>), or null when the file has none.</summary>
        public PreprocessingSettings? Preprocessing => Model.Preprocessing;

        /// <summary>The file's metadata (producer, created, training summary, ...).</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>Optimizer state for resuming training, or null when the file has none.</summary>
        public OptimizerState? Optimizer { get; }

        /// <summary>The file's schema version.</summary>
        public int Version { get; }
    }
}
