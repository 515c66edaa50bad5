// A Model's training graph: one trainer per layer, one Parameter per weight (sharing the model's tensors), and the
// activation/gradient buffers of a batch. Forward keeps caches; Backward accumulates into every Parameter.Gradient.
// The loss, optimizer and fit loop live in Trainer; this class only knows layers.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class TrainableModel
    {
        private readonly EmbeddingLayerTrainer? _embedding;
        private readonly LayerTrainer[] _layers;
        private readonly bool[] _inputIsSequence;      // per layer in _layers
        private readonly Parameter[] _parameters;
        private readonly Dictionary<string, Parameter> _byName = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        private float[][] _acts = Array.Empty<float[]>();  // [0] = input features, [i + 1] = output of _layers[i]
        private float[][] _grads = Array.Empty<float[]>();
        private int[] _tokens = Array.Empty<int>();
        internal readonly TrainingContext Context = new TrainingContext();

        public TrainableModel(Model model)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            var parameters = new List<Parameter>();
            Parameter Of(ModelWeight w)
            {
                var p = new Parameter(w.Name, w.Value);
                _byName.Add(w.Name, p);
                parameters.Add(p);
                return p;
            }

            var trainers = new List<LayerTrainer>();
            var sequenceFlags = new List<bool>();
            bool sequence = true;
            for (int i = 0; i < model.Layers.Count; i++)
            {
                var layer = model.Layers[i];
                switch (layer)
                {
                    case EmbeddingLayer e: _embedding = new EmbeddingLayerTrainer(e, Of); break;
                    case RecurrentLayer r: trainers.Add(new RecurrentLayerTrainer(r, Of)); sequenceFlags.Add(sequence); break;
                    case DenseLayer d: trainers.Add(new DenseLayerTrainer(d, Of)); sequenceFlags.Add(sequence); break;
                    case DropoutLayer dropout: trainers.Add(new DropoutLayerTrainer(dropout)); sequenceFlags.Add(sequence); break;
                    case ActivationLayer _:
                    case SoftmaxLayer _:
                        trainers.Add(new ActivationLayerTrainer(layer)); sequenceFlags.Add(sequence); break;
                    default:
                        throw new RecurrentException($"Layer '{layer.Name}' ({layer.Kind}) cannot be trained.");
                }
                if (!layer.ReturnsSequences) sequence = false;
            }
            _layers = trainers.ToArray();
            _inputIsSequence = sequenceFlags.ToArray();
            _parameters = parameters.ToArray();
            OutputIsSequence = sequence;
        }

        public Model Model { get; }

        /// <summary>Every weight of the model, in model order; optimizers update them in place.</summary>
        public IReadOnlyList<Parameter> Parameters => _parameters;

        public bool OutputIsSequence { get; }

        public int OutputSize => Model.OutputSize;

        /// <summary>Elements of Forward's result for a batch: T·B·O or B·O.</summary>
        public int OutputSizeTotal(int time, int batch) => (OutputIsSequence ? time * batch : batch) * OutputSize;

        public Parameter Parameter(string name) =>
            _byName.TryGetValue(name, out var p) ? p : throw new ArgumentException($"No weight named '{name}'.", nameof(name));

        /// <summary>Freezes (or unfreezes) every weight of the named layers, e.g. to fine-tune only the head.</summary>
        public void SetTrainable(bool trainable, params string[] layerNames)
        {
            foreach (var p in _parameters)
                foreach (var name in layerNames)
                    if (p.Name.StartsWith(name + "/", StringComparison.Ordinal)) p.Trainable = trainable;
        }

        /// <summary>Carry recurrent state from batch to batch (truncated BPTT over long streams).</summary>
        public bool Stateful
        {
            get => _layers.Length > 0 && Array.Exists(_layers, l => l is RecurrentLayerTrainer r && r.Stateful);
            set
            {
                foreach (var l in _layers)
                    if (l is RecurrentLayerTrainer r) r.Stateful = value;
            }
        }

        public void ResetStates()
        {
            foreach (var l in _layers)
                if (l is RecurrentLayerTrainer r) r.ResetState();
        }

        /// <summary>
        /// Seed of the dropout masks of the next training forward. The trainer sets a new one per step (from its seed and
        /// the step number); keeping it fixed repeats the same masks (finite-difference checks do that).
        /// </summary>
        public ulong DropoutSeed { get; set; } = 1;

        public void ZeroGradients()
        {
            foreach (var p in _parameters) p.ZeroGradient();
        }

        /// <summary>
        /// Forward over a time-major batch: <paramref name="features"/> [T, B, I] or <paramref name="tokens"/> [T, B];
        /// lengths [B] or null. Returns the output buffer: [T, B, O] (sequence output) or [B, O]; valid until the next call.
        /// </summary>
        public float[] Forward(int time, int batch, int[]? lengths, float[]? features, int[]? tokens, bool training = true)
        {
            var ctx = Context;
            ctx.Time = time;
            ctx.Batch = batch;
            ctx.Lengths = lengths;
            ctx.Training = training;
            ctx.Random.Reset(DropoutSeed);
            EnsureBuffers(time, batch);
            if (_embedding != null)
            {
                if (tokens is null) throw new ArgumentNullException(nameof(tokens), "This model takes token ids.");
                if (_tokens.Length < time * batch) _tokens = new int[time * batch];
                Array.Copy(tokens, _tokens, time * batch);
                _embedding.Forward(ctx, _tokens, _acts[0]);
            }
            else
            {
                if (features is null) throw new ArgumentNullException(nameof(features), "This model takes float features.");
                Array.Copy(features, _acts[0], time * batch * Model.InputSize);
            }
            for (int i = 0; i < _layers.Length; i++)
                _layers[i].Forward(ctx, _inputIsSequence[i], _acts[i], _acts[i + 1]);
            return _acts[_layers.Length];
        }

        /// <summary>Backward from dLoss/dOutput (same layout as Forward's result); accumulates parameter gradients.</summary>
        public void Backward(float[] dOutput)
        {
            var ctx = Context;
            int n = _layers.Length;
            float[] dy = dOutput;
            for (int i = n - 1; i >= 0; i--)
            {
                float[]? dx = i > 0 || _embedding != null ? _grads[i] : null;
                _layers[i].Backward(ctx, _inputIsSequence[i], _acts[i], _acts[i + 1], dy, dx);
                if (dx is null) break;
                dy = dx;
            }
            if (_embedding != null) _embedding.Backward(ctx, _tokens, n > 0 ? _grads[0] : dOutput);
        }

        private void EnsureBuffers(int time, int batch)
        {
            int n = _layers.Length;
            if (_acts.Length != n + 1)
            {
                _acts = new float[n + 1][];
                _grads = new float[n + 1][];
                for (int i = 0; i <= n; i++) { _acts[i] = Array.Empty<float>(); _grads[i] = Array.Empty<float>(); }
            }
            int width = _embedding?.Layer.EmbeddingSize ?? Model.InputSize;
            Grow(ref _acts[0], time * batch * width);
            Grow(ref _grads[0], time * batch * width);
            for (int i = 0; i < n; i++)
            {
                int w = Math.Max(_layers[i].Layer.OutputSize, _layers[i].Layer.InputSize);
                Grow(ref _acts[i + 1], time * batch * w);
                Grow(ref _grads[i + 1], time * batch * w);
            }
        }

        private static void Grow(ref float[] a, int n)
        {
            if (a.Length < n) a = new float[n];
        }
    }
}
