// One step per call with the recurrent state kept between calls: recognition while a stroke is drawn, next-character
// prediction while typing. Uses the same packed weights and step code as the batch path, on the CPU (a step is too
// small to pay a device round trip). Allocates nothing after construction.
using System;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent
{
    /// <summary>
    /// A streaming inference session over a shared <see cref="InferenceModel"/>. Not thread-safe; sessions are
    /// independent, so use one per touch / player / text field and per thread.
    /// </summary>
    public sealed class StreamingSession
    {
        private InferenceModel _model;
        private readonly Layer[] _layers;
        private readonly float[] _state;          // every recurrent layer's h [B, H] then c [B, H] (LSTM)
        private readonly int[] _stateOffset;      // per layer: offset of h in _state, or -1
        private readonly float[][] _outputs;      // per layer: [B, O] (recurrent layers: only returnState LSTM, [B, h|c])
        private readonly float[] _gates;          // [B, max G*H]
        private readonly float[] _scratch;        // recurrent step scratch
        private readonly int _batch;

        internal StreamingSession(InferenceModel model, int batchSize)
        {
            if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize));
            _model = model;
            _batch = batchSize;
            var layers = model.Model.Layers;
            _layers = new Layer[layers.Count];
            _stateOffset = new int[layers.Count];
            _outputs = new float[layers.Count][];
            int state = 0, gates = 0, scratch = 0;
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                _layers[i] = layer;
                _stateOffset[i] = -1;
                _outputs[i] = Array.Empty<float>();
                if (layer is RecurrentLayer rec)
                {
                    if (rec.Direction != RecurrentDirection.Forward)
                        ThrowHelper.ThrowModel(
                            $"Layer '{rec.Name}' runs {rec.Direction.ToString().ToLowerInvariant()}; streaming needs the future for that. Use a BatchRunner.");
                    var w = model.RecurrentOp(i).Direction(0);
                    _stateOffset[i] = state;
                    state += (rec.Cell == RecurrentCellKind.Lstm ? 2 : 1) * batchSize * rec.HiddenSize;
                    gates = Math.Max(gates, batchSize * w.GateWidth);
                    scratch = Math.Max(scratch, w.StepScratchLength(batchSize));
                    if (rec.ReturnState && rec.StateCount == 2) _outputs[i] = new float[batchSize * rec.OutputSize];
                }
                else
                {
                    _outputs[i] = new float[batchSize * layer.OutputSize];
                }
            }
            _state = new float[state];
            _gates = new float[gates];
            _scratch = new float[scratch];
        }

        public InferenceModel Model => _model;

        public int BatchSize => _batch;

        public int InputSize => _model.InputSize;

        public int OutputSize => _model.OutputSize;

        /// <summary>Steps taken since creation or the last <see cref="Reset"/>.</summary>
        public long StepCount { get; private set; }

        /// <summary>Floats of recurrent state (for <see cref="GetState"/> / <see cref="SetState"/>).</summary>
        public int StateLength => _state.Length;

        /// <summary>
        /// Moves this session to another compiled snapshot of the same architecture (e.g. weights just published by a
        /// trainer), keeping the recurrent state: the next Step uses the new weights, no step ever mixes the two.
        /// </summary>
        public void UseModel(InferenceModel model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            var layers = model.Model.Layers;
            bool same = layers.Count == _layers.Length;
            for (int i = 0; same && i < layers.Count; i++)
                same = layers[i].Kind == _layers[i].Kind && layers[i].Describe() == _layers[i].Describe();
            if (!same) ThrowHelper.ThrowArgument(nameof(model), "The new model's layers differ from this session's model.");
            for (int i = 0; i < layers.Count; i++) _layers[i] = layers[i];
            _model = model;
        }

        /// <summary>Forgets the sequence so far: zero state, as at the start of a new stroke or text.</summary>
        public void Reset()
        {
            Array.Clear(_state, 0, _state.Length);
            StepCount = 0;
        }

        /// <summary>Copies the recurrent state (to save a player's context).</summary>
        public void GetState(Span<float> destination)
        {
            ThrowHelper.CheckExactLength(destination.Length, _state.Length, nameof(destination));
            _state.AsSpan().CopyTo(destination);
        }

        /// <summary>Restores a state saved by <see cref="GetState"/> from a session of the same model and batch size.</summary>
        public void SetState(ReadOnlySpan<float> source)
        {
            ThrowHelper.CheckExactLength(source.Length, _state.Length, nameof(source));
            source.CopyTo(_state);
        }

        /// <summary>
        /// Feeds one time step. <paramref name="input"/>: [B, I] features; <paramref name="output"/>: [B, O], the model's
        /// output as if the sequence ended at this step.
        /// </summary>
        public void Step(ReadOnlySpan<float> input, Span<float> output)
        {
            if (_model.InputKind != ModelInputKind.Features)
                ThrowHelper.ThrowInvalidOperation("This model takes token ids; call Step(ReadOnlySpan<int>, Span<float>).");
            ThrowHelper.CheckExactLength(input.Length, _batch * _model.InputSize, nameof(input));
            ThrowHelper.CheckExactLength(output.Length, _batch * _model.OutputSize, nameof(output));
            Forward(0, input, output);
        }

        /// <summary>Feeds one token id per batch row ([B]) through a model whose first layer is an Embedding.</summary>
        public void Step(ReadOnlySpan<int> tokens, Span<float> output)
        {
            if (!(_layers[0] is EmbeddingLayer embedding))
            {
                ThrowHelper.ThrowInvalidOperation("This model takes float features; call Step(ReadOnlySpan<float>, Span<float>).");
                return;
            }
            ThrowHelper.CheckExactLength(tokens.Length, _batch, nameof(tokens));
            ThrowHelper.CheckExactLength(output.Length, _batch * _model.OutputSize, nameof(output));
            int E = embedding.EmbeddingSize, V = embedding.VocabularySize;
            var embedded = _outputs[0].AsSpan();
            var table = _model.EmbeddingTable;   // the snapshot, not the live tensor
            for (int b = 0; b < _batch; b++)
            {
                int id = tokens[b];
                if ((uint)id >= (uint)V)
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(tokens), $"Token id {id} is outside the vocabulary [0, {V}).");
                table.Slice(id * E, E).CopyTo(embedded.Slice(b * E, E));
            }
            Forward(1, embedded, output);
        }

        /// <summary>Convenience for batch size 1 and a single token.</summary>
        public void Step(int token, Span<float> output)
        {
            Span<int> one = stackalloc int[1];
            one[0] = token;
            Step(one, output);
        }

        private void Forward(int first, ReadOnlySpan<float> input, Span<float> output)
        {
            int B = _batch;
            ReadOnlySpan<float> x = input;
            for (int i = first; i < _layers.Length; i++)
            {
                Span<float> y;
                switch (_layers[i])
                {
                    case RecurrentLayer rec:
                        y = StepRecurrent(rec, _model.RecurrentOp(i), _stateOffset[i], x, _outputs[i]);
                        break;
                    case DenseLayer dense:
                        y = _outputs[i];
                        Gemm.Forward(x, dense.InputSize, _model.DenseCpu(i), y, dense.OutputSize, B, accumulate: false);
                        if (dense.Bias != null)
                        {
                            var bias = _model.DenseBiasCpu(i);   // the snapshot's bias, not the live tensor training updates
                            for (int b = 0; b < B; b++)
                            {
                                var row = y.Slice(b * dense.OutputSize, dense.OutputSize);
                                Elementwise.Add(row, bias, row);
                            }
                        }
                        if (dense.Activation.Kind != ActivationKind.Identity) ActivationKernels.Forward(dense.Activation, y, y);
                        break;
                    case ActivationLayer act:
                        y = _outputs[i];
                        ActivationKernels.Forward(act.Activation, x, y);
                        break;
                    case DropoutLayer _:
                        continue;   // the identity at inference: x flows on unchanged
                    case SoftmaxLayer sm:
                        y = _outputs[i];
                        int n = sm.OutputSize;
                        for (int b = 0; b < B; b++)
                        {
                            if (sm.Log) Elementwise.LogSoftmax(x.Slice(b * n, n), y.Slice(b * n, n));
                            else Elementwise.Softmax(x.Slice(b * n, n), y.Slice(b * n, n));
                        }
                        break;
                    default:
                        throw new RecurrentException($"Layer '{_layers[i].Name}' cannot stream.");
                }
                x = y;
            }
            x.CopyTo(output);
            StepCount++;
        }

        /// <summary>
        /// One step of a forward recurrent layer; returns its new h [B, H] (a view of the state), or for a returnState
        /// LSTM its current states [B, 2H] (each row h then c, in the layer's output buffer).
        /// </summary>
        private Span<float> StepRecurrent(RecurrentLayer rec, RecurrentOp op, int offset, ReadOnlySpan<float> x, Span<float> stateOutput)
        {
            int B = _batch, H = rec.HiddenSize;
            var w = op.Direction(0);
            int GH = w.GateWidth;
            Span<float> h = _state.AsSpan(offset, B * H);
            Span<float> c = rec.Cell == RecurrentCellKind.Lstm ? _state.AsSpan(offset + B * H, B * H) : default;
            Span<float> gates = _gates.AsSpan(0, B * GH);
            // Same arithmetic, in the same order, as the batch path: x·Wᵀ, + bias, then the recurrent step.
            Gemm.Forward(x, w.InputSize, w.InputWeights, gates, GH, B, accumulate: false);
            for (int b = 0; b < B; b++)
            {
                var row = gates.Slice(b * GH, GH);
                Elementwise.Add(row, w.Bias, row);
            }
            RecurrentStep.Forward(w, gates, h, c, B, 0, default, op.ClipValue, rec.Attributes.InputForget, _scratch);
            if (stateOutput.IsEmpty) return h;
            for (int b = 0; b < B; b++)
            {
                h.Slice(b * H, H).CopyTo(stateOutput.Slice(b * 2 * H, H));
                c.Slice(b * H, H).CopyTo(stateOutput.Slice(b * 2 * H + H, H));
            }
            return stateOutput;
        }
    }
}
