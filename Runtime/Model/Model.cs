// The one model representation: a validated chain of layers with named weights, plus free-form metadata.
// The ONNX importer, the model file and the builder all produce it; InferenceModel compiles it for execution.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent
{
    /// <summary>
    /// A sequence model: layers applied in order to a [B, T, F] (or [B, T] token) input. Immutable once built.
    /// </summary>
    public sealed class Model
    {
        private readonly Layer[] _layers;

        public Model(IEnumerable<Layer> layers, string? name = null, IReadOnlyDictionary<string, string>? metadata = null)
        {
            if (layers is null) throw new ArgumentNullException(nameof(layers));
            _layers = new List<Layer>(layers).ToArray();
            Name = name ?? "model";
            Metadata = metadata ?? new Dictionary<string, string>();
            Validate();
        }

        public string Name { get; }

        public IReadOnlyList<Layer> Layers => _layers;

        public IReadOnlyDictionary<string, string> Metadata { get; }

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
                    ThrowHelper.ThrowModel(
                        $"Recurrent layer '{l.Name}' needs a sequence, but an earlier recurrent layer returns only its last step (set returnSequences).");
                if (!l.ReturnsSequences) sequence = false;
            }
        }

        public override string ToString() => $"{Name}: {_layers.Length} layers, {ParameterCount} parameters";
    }
}
