// The one model representation: a validated chain of layers with named weights, free-form metadata and the
// preprocessing it was trained with (plain Data settings, checked against the layers; applying them is Pipelines').
// The ONNX importer, the model file and the builder all produce it; InferenceModel compiles it for execution.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent
{
    /// <summary>
    /// A sequence model: layers applied in order to a [B, T, F] (or [B, T] token) input. Immutable once built.
    /// </summary>
    public sealed class Model
    {
        private readonly Layer[] _layers;

        /// <param name="layers">The layers in order; each layer's input must match the previous layer's output.</param>
        /// <param name="name">The model's name ("model" when null).</param>
        /// <param name="metadata">Free-form text entries (producer, training summary, …).</param>
        /// <param name="preprocessing">
        /// The tokenizer, scaler, stroke, window and label settings the model was trained with, or null. A deep copy is kept.
        /// </param>
        /// <exception cref="ArgumentException">The preprocessing does not fit the layers (e.g. a vocabulary of 70 tokens
        /// for an embedding of 65 rows) or one of its parts is malformed.</exception>
        public Model(IEnumerable<Layer> layers, string? name = null, IReadOnlyDictionary<string, string>? metadata = null,
            PreprocessingSettings? preprocessing = null)
            : this(layers, name, metadata, preprocessing?.Clone(), check: true)
        {
        }

        /// <summary>For the model file reader, which has checked (and owns) <paramref name="preprocessing"/> already.</summary>
        internal Model(IEnumerable<Layer> layers, string? name, IReadOnlyDictionary<string, string>? metadata,
            PreprocessingSettings? preprocessing, bool check)
        {
            if (layers is null) throw new ArgumentNullException(nameof(layers));
            _layers = new List<Layer>(layers).ToArray();
            Name = name ?? "model";
            Metadata = metadata ?? new Dictionary<string, string>();
            Validate();
            Preprocessing = preprocessing is null || preprocessing.IsEmpty ? null : preprocessing;
            if (check && Preprocessing != null)
            {
                string? problem = Preprocessing.FindProblem(InputKind == ModelInputKind.Tokens, InputSize, OutputSize, out string part);
                if (problem != null)
                    throw new ArgumentException($"The preprocessing does not fit model '{Name}': {part}: {problem}.", nameof(preprocessing));
            }
        }

        public string Name { get; }

        public IReadOnlyList<Layer> Layers => _layers;

        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>
        /// The preprocessing the model was trained with (tokenizer, scaler, stroke, window, labels), or null when it has none
        /// (e.g. after ONNX import). Saved and loaded by the model file; applied by the Recurrent.Pipelines helpers.
        /// Treat it as read-only: use <see cref="WithPreprocessing"/> to change it, which checks it against the layers.
        /// </summary>
        public PreprocessingSettings? Preprocessing { get; }

        /// <summary>
        /// This model (same layers and weight tensors, name and metadata) carrying <paramref name="preprocessing"/>
        /// (a deep copy), or none when null.
        /// </summary>
        /// <exception cref="ArgumentException">The preprocessing does not fit the layers or one of its parts is malformed.</exception>
        public Model WithPreprocessing(PreprocessingSettings? preprocessing) => new Model(_layers, Name, Metadata, preprocessing);

        public ModelInputKind InputKind => _layers[0].Kind == LayerKind.Embedding ? ModelInputKind.Tokens : ModelInputKind.Features;

        /// <summary>Features per input step (or the vocabulary size for token models).</summary>
        public int InputSize => _layers[0].InputSize;

        /// <summary>Features of the final output per step (or per sample).</summary>
        public int OutputSize => _layers[_layers.Length - 1].OutputSize;

        /// <summary>Whether the output has a time axis ([B, T, O]) or one vector per sample ([B, O]).</summary>
        public bool OutputIsSequence
        {
            get
            {
                foreach (var l in _layers)
                    if (!l.ReturnsSequences) return false;
                return true;
            }
        }

        public long ParameterCount
        {
            get
            {
                long n = 0;
                foreach (var l in _layers) n += l.ParameterCount;
                return n;
            }
        }

        /// <summary>Every weight of every layer, in layer order.</summary>
        public IEnumerable<ModelWeight> Weights
        {
            get
            {
                foreach (var l in _layers)
                    foreach (var w in l.Weights)
                        yield return w;
            }
        }

        private void Validate()
        {
            if (_layers.Length == 0) ThrowHelper.ThrowModel("A model needs at least one layer.");
            var names = new HashSet<string>(StringComparer.Ordinal);
            bool sequence = true;
            Layer? ender = null;   // the first layer that returns one vector per sequence
            for (int i = 0; i < _layers.Length; i++)
            {
                var l = _layers[i] ?? throw new RecurrentException($"Layer {i} is null.");
                if (!names.Add(l.Name)) ThrowHelper.ThrowModel($"Two layers are named '{l.Name}'.");
                if (l.Kind == LayerKind.Embedding && i != 0)
                    ThrowHelper.ThrowModel($"Embedding '{l.Name}' must be the first layer (it is layer {i}).");
                if (i > 0 && _layers[i - 1].OutputSize != l.InputSize)
                    ThrowHelper.ThrowModel(
                        $"Layer '{l.Name}' expects {l.InputSize} features but '{_layers[i - 1].Name}' produces {_layers[i - 1].OutputSize}.");
                if (l.Kind == LayerKind.Recurrent && !sequence)
                    ThrowHelper.ThrowModel(ender is RecurrentLayer { ReturnState: true }
                        ? $"Recurrent layer '{l.Name}' needs a sequence, but '{ender.Name}' returns its final state (returnState); " +
                          "only the last recurrent layer of a chain can return its state."
                        : $"Recurrent layer '{l.Name}' needs a sequence, but '{ender!.Name}' returns only its last step (set returnSequences).");
                if (!l.ReturnsSequences && sequence)
                {
                    sequence = false;
                    ender = l;
                }
            }
        }

        public override string ToString() => $"{Name}: {_layers.Length} layers, {ParameterCount} parameters";
    }
}
