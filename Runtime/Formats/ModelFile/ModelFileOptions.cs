// What ModelFile.Save/Write put in a file besides the model: storage precision, preprocessing, optimizer state and
// metadata. Plain settable properties; nothing here changes the model itself.
using System;
using System.Collections.Generic;
using Recurrent.Data;

namespace Recurrent.Formats
{
    /// <summary>Options for writing a model file (docs/model-format.md).</summary>
    public sealed class ModelFileOptions
    {
        /// <summary>How weights are stored; optimizer slots are always float32.</summary>
        public ModelWeightType WeightType { get; set; } = ModelWeightType.Float32;

        /// <summary>
        /// Preprocessing to store instead of the model's own <see cref="Model.Preprocessing"/>, or null (default) to store
        /// the model's. It must fit the model like the model's own (checked when writing).
        /// </summary>
        public PreprocessingSettings? Preprocessing { get; set; }

        /// <summary>Optimizer state to store so that training can resume, or null.</summary>
        public OptimizerState? Optimizer { get; set; }

        /// <summary>Entries added to (and overriding) the model's own metadata, e.g. "training.epochs".</summary>
        public IReadOnlyDictionary<string, string>? Metadata { get; set; }

        /// <summary>The <c>producer</c> metadata value.</summary>
        public string Producer { get; set; } = "Recurrent";

        /// <summary>The <c>created</c> metadata value (converted to UTC); null means the time of writing.</summary>
        public DateTime? Created { get; set; }
    }
}
