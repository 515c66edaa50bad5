// Runs whole batches of variable-length sequences (lengths, or any step mask compacted into lengths) through an
// InferenceModel on its backend, layer by layer, falling back to the CPU backend for ops the backend does not support.
// Buffers grow to the largest batch seen and are then reused, so steady-state runs allocate nothing.
using System;
using Recurrent.Backends;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent
{
    /// <summary>Batch inference. Not thread-safe: create one runner per thread (they share the model).</summary>
    public sealed class BatchRunner
    {
        private readonly InferenceModel _model;
        private readonly IBackend _backend;
        private float[] _host = Array.Empty<float>();        // time-major staging [T, B, F]
        private IBackendBuffer? _ping, _pong;                  // layer activations on the backend
        private IBackendBuffer? _cpuPing, _cpuPong;            // CPU fallback buffers
        private int[] _lengths = Array.Empty<int>();
        private readonly int _width;                           // widest per-step activation of any layer

        internal BatchRunner(InferenceModel model)
        {
            _model = model;
            _backend = model.Backend;
            var layers = model.Model.Layers;
            int width = model.InputSize;
            for (int i = 0; i < layers.Count; i++)
                width = Math.Max(width, Math.Max(layers[i].InputSize, layers[i].OutputSize));
            if (layers[0] is EmbeddingLayer e) width = Math.Max(width, e.EmbeddingSize);
            _width = width;
        }

        public InferenceModel Model => _model;

        /// <summary>Elements of the output for a batch: B·T·O when the output is a sequence, else B·O.</summary>
        public int OutputLength(int batch, int time) =>
            _model.OutputIsSequence ? batch * time * _model.OutputSize : batch * _model.OutputSize;

        /// <summary>
        /// Runs float features. <paramref name="input"/>: [B, T, I] batch-major; <paramref name="lengths"/>: [B] valid steps
        /// per row (each 0..T) or empty for all T; <paramref name="output"/>: [B, T, O] (zero past each length) or [B, O]
        /// (the output after each row's last valid step).
        /// </summary>
        public void Run(ReadOnlySpan<float> input, int batch, int time, ReadOnlySpan<int> lengths, Span<float> output)
        {
            if (_model.InputKind != ModelInputKind.Features)
                ThrowHelper.ThrowInvalidOperation("This model takes token ids; call the Run overload with ReadOnlySpan<int>.");
            int I = _model.InputSize;
            Prepare(batch, time, lengths, output);
            ThrowHelper.CheckExactLength(input.Length, batch * time * I, nameof(input));
            EnsureHost(Math.Max(time * batch * _width, batch * time * _model.OutputSize));
            var host = _host.AsSpan();
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < time; t++)
                    input.Slice((b * time + t) * I, I).CopyTo(host.Slice((t * batch + b) * I, I));
            Execute(batch, time, lengths, output, default);
        }

        /// <summary>Runs token ids [B, T] through a model whose first layer is an Embedding.</summary>
        public void Run(ReadOnlySpan<int> tokens, int batch, int time, ReadOnlySpan<int> lengths, Span<float> output)
        {
            if (!(_model.Model.Layers[0] is EmbeddingLayer embedding))
            {
                ThrowHelper.ThrowInvalidOperation("This model takes float features; call the Run overload with ReadOnlySpan<float>.");
                return;
            }
            Prepare(batch, time, lengths, output);
            ThrowHelper.CheckExactLength(tokens.Length, batch * time, nameof(tokens));
            int E = embedding.EmbeddingSize, V = embedding.VocabularySize;
            EnsureHost(Math.Max(time * batch * _width, batch * time * _model.OutputSize));
            var host = _host.AsSpan();
            var table = _model.EmbeddingTable;   // the snapshot, not the live tensor
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < time; t++)
                {
                    int id = tokens[b * time + t];
                    var dst = host.Slice((t * batch + b) * E, E);
                    bool padded = !lengths.IsEmpty && t >= lengths[b];
                    if (padded) { dst.Clear(); continue; }
                    if ((uint)id >= (uint)V)
                        ThrowHelper.ThrowArgumentOutOfRange(nameof(tokens), $"Token id {id} at [{b}, {t}] is outside the vocabulary [0, {V}).");
                    table.Slice(id * E, E).CopyTo(dst);
                }
            Execute(batch, time, lengths, output, default);
        }

        /// <summary>
        /// Runs float features with a step mask (Keras semantics). <paramref name="input"/>: [B, T, I] batch-major;
        /// <paramref name="mask"/>: [B, T], nonzero = valid, any pattern (pre-padding, post-padding, holes). A masked step
        /// does not update the recurrent state, so each row runs as its valid steps back to back, and a bidirectional
        /// layer's backward direction starts at the row's last valid step. <paramref name="output"/>: [B, O] (the output
        /// after each row's last valid step; a row with no valid step gets the output of a zero state), or [B, T, O]
        /// with the outputs at the valid steps and <b>0 at masked steps</b> (the ONNX convention; Keras instead repeats
        /// the previous step's output there).
        /// </summary>
        /// <remarks>
        /// Implemented by compacting each row's valid steps to the front, running with lengths and scattering the outputs
        /// back; a prefix mask gives exactly <see cref="Run(ReadOnlySpan{float}, int, int, ReadOnlySpan{int}, Span{float})"/>
        /// with lengths. Steady state allocates nothing. Values at masked steps are never read.
        /// </remarks>
        public void RunMasked(ReadOnlySpan<float> input, int batch, int time, ReadOnlySpan<float> mask, Span<float> output)
        {
            if (_model.InputKind != ModelInputKind.Features)
                ThrowHelper.ThrowInvalidOperation("This model takes token ids; call the RunMasked overload with ReadOnlySpan<int>.");
            int I = _model.InputSize;
            PrepareMasked(batch, time, mask, output);
            ThrowHelper.CheckExactLength(input.Length, batch * time * I, nameof(input));
            EnsureHost(Math.Max(time * batch * _width, batch * time * _model.OutputSize));
            var host = _host.AsSpan();
            for (int b = 0; b < batch; b++)
            {
                int j = 0;
                for (int t = 0; t < time; t++)
                    if (mask[b * time + t] != 0f)
                        input.Slice((b * time + t) * I, I).CopyTo(host.Slice((j++ * batch + b) * I, I));
                for (; j < time; j++) host.Slice((j * batch + b) * I, I).Clear();
            }
            Execute(batch, time, new ReadOnlySpan<int>(_lengths, 0, batch), output, mask);
        }

        /// <summary>
        /// Runs token ids [B, T] with a step mask [B, T] through a model whose first layer is an Embedding; semantics and
        /// output as for the feature overload. Ids at masked steps are not looked up (any value, e.g. a padding id
        /// outside the vocabulary, is fine there).
        /// </summary>
        public void RunMasked(ReadOnlySpan<int> tokens, int batch, int time, ReadOnlySpan<float> mask, Span<float> output)
        {
            if (!(_model.Model.Layers[0] is EmbeddingLayer embedding))
            {
                ThrowHelper.ThrowInvalidOperation("This model takes float features; call the RunMasked overload with ReadOnlySpan<float>.");
                return;
            }
            PrepareMasked(batch, time, mask, output);
            ThrowHelper.CheckExactLength(tokens.Length, batch * time, nameof(tokens));
            int E = embedding.EmbeddingSize, V = embedding.VocabularySize;
            EnsureHost(Math.Max(time * batch * _width, batch * time * _model.OutputSize));
            var host = _host.AsSpan();
            var table = _model.EmbeddingTable;   // the snapshot, not the live tensor
            for (int b = 0; b < batch; b++)
            {
                int j = 0;
                for (int t = 0; t < time; t++)
                {
                    if (mask[b * time + t] == 0f) continue;
                    int id = tokens[b * time + t];
                    if ((uint)id >= (uint)V)
                        ThrowHelper.ThrowArgumentOutOfRange(nameof(tokens), $"Token id {id} at [{b}, {t}] is outside the vocabulary [0, {V}).");
                    table.Slice(id * E, E).CopyTo(host.Slice((j++ * batch + b) * E, E));
                }
                for (; j < time; j++) host.Slice((j * batch + b) * E, E).Clear();
            }
            Execute(batch, time, new ReadOnlySpan<int>(_lengths, 0, batch), output, mask);
        }

        /// <summary>Validates a mask run and writes each row's count of valid steps into _lengths.</summary>
        private void PrepareMasked(int batch, int time, ReadOnlySpan<float> mask, Span<float> output)
        {
            Prepare(batch, time, default, output);
            ThrowHelper.CheckExactLength(mask.Length, batch * time, nameof(mask));
            EnsureLengths(batch);
            for (int b = 0; b < batch; b++)
            {
                int valid = 0;
                for (int t = 0; t < time; t++)
                {
                    float m = mask[b * time + t];
                    if (m != 0f)
                    {
                        if (float.IsNaN(m)) ThrowNaNMask(b, t);
                        valid++;
                    }
                }
                _lengths[b] = valid;
            }
        }

        private static void ThrowNaNMask(int row, int step) =>
            ThrowHelper.ThrowArgument("mask", $"mask[{row}, {step}] is NaN; use 1 for valid steps and 0 for padding.");

        private void Prepare(int batch, int time, ReadOnlySpan<int> lengths, Span<float> output)
        {
            if (batch <= 0 || time <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(batch), "Batch size and time must be positive.");
            ThrowHelper.CheckExactLength(output.Length, OutputLength(batch, time), nameof(output));
            if (!lengths.IsEmpty)
            {
                ThrowHelper.CheckExactLength(lengths.Length, batch, nameof(lengths));
                for (int b = 0; b < batch; b++)
                    if ((uint)lengths[b] > (uint)time)
                        ThrowHelper.ThrowArgumentOutOfRange(nameof(lengths), $"lengths[{b}] = {lengths[b]} is outside [0, {time}].");
            }
        }

        /// <param name="mask">
        /// [B, T] or empty. When given, the host input holds each row's valid steps compacted to the front and
        /// <paramref name="lengths"/> their counts; sequence outputs are scattered back to the valid steps.
        /// </param>
        private void Execute(int batch, int time, ReadOnlySpan<int> lengths, Span<float> output, ReadOnlySpan<float> mask)
        {
            var layers = _model.Model.Layers;
            int capacity = EnsureBuffers(batch, time);
            int[]? lens = null;
            if (!lengths.IsEmpty)
            {
                EnsureLengths(batch);
                if (!lengths.Overlaps(_lengths)) lengths.CopyTo(_lengths);
                lens = _lengths;
            }

            int first = layers[0] is EmbeddingLayer ? 1 : 0;
            int features = first == 1 ? ((EmbeddingLayer)layers[0]).EmbeddingSize : _model.InputSize;
            var current = _ping!;
            var next = _pong!;
            _backend.Upload(_host.AsSpan(0, time * batch * features), current);

            bool sequence = true;
            for (int i = first; i < layers.Count; i++)
            {
                var layer = layers[i];
                if (layer is DropoutLayer) continue;   // the identity at inference
                int rows = sequence ? time * batch : batch;
                BackendOp op;
                switch (layer)
                {
                    case RecurrentLayer rec:
                        op = BackendOp.RecurrentLayer(current, next, rec, _model.RecurrentOp(i), time, batch, lens);
                        break;
                    case DenseLayer dense:
                        op = BackendOp.Dense(current, next, _model.DenseWeights(i, cpu: false), _model.DenseBias(i, cpu: false),
                            rows, dense.InputSize, dense.OutputSize, dense.Activation);
                        break;
                    case ActivationLayer act:
                        op = BackendOp.Elementwise(BackendOpKind.Activation, current, next, rows, act.OutputSize, act.Activation);
                        break;
                    case SoftmaxLayer sm:
                        op = BackendOp.Elementwise(sm.Log ? BackendOpKind.LogSoftmax : BackendOpKind.Softmax, current, next, rows, sm.OutputSize);
                        break;
                    default:
                        throw new RecurrentException($"Layer '{layer.Name}' ({layer.Kind}) cannot run here.");
                }

                if (_backend.Supports(op)) _backend.Execute(op);
                else ExecuteOnCpu(op, i, capacity);

                var swap = current; current = next; next = swap;
                if (!layer.ReturnsSequences) sequence = false;
            }

            // Back to the host, batch-major, zero past each length (or at each masked step).
            int O = _model.OutputSize;
            if (!sequence)
            {
                _backend.Download(current, 0, output.Slice(0, batch * O));
                return;
            }
            var host = _host.AsSpan(0, time * batch * O);
            _backend.Download(current, 0, host);
            if (!mask.IsEmpty)
            {
                for (int b = 0; b < batch; b++)
                {
                    int j = 0;   // compacted step of the next valid step
                    for (int t = 0; t < time; t++)
                    {
                        var dst = output.Slice((b * time + t) * O, O);
                        if (mask[b * time + t] != 0f) host.Slice((j++ * batch + b) * O, O).CopyTo(dst);
                        else dst.Clear();
                    }
                }
                return;
            }
            for (int b = 0; b < batch; b++)
            {
                int len = lens is null ? time : lens[b];
                for (int t = 0; t < time; t++)
                {
                    var dst = output.Slice((b * time + t) * O, O);
                    if (t < len) host.Slice((t * batch + b) * O, O).CopyTo(dst);
                    else dst.Clear();
                }
            }
        }

        /// <summary>Runs an op the backend lacks on the CPU: download, execute, upload.</summary>
        private void ExecuteOnCpu(in BackendOp op, int layerIndex, int capacity)
        {
            var cpu = CpuBackend.Instance;
            if (_cpuPing is null || _cpuPing.Length < capacity)
            {
                _cpuPing = cpu.Allocate(capacity);
                _cpuPong = cpu.Allocate(capacity);
            }
            var inSpan = ((CpuBuffer)_cpuPing).Span;
            _backend.Download(op.Input, 0, inSpan.Slice(0, Math.Min(op.Input.Length, capacity)));
            BackendOp cpuOp;
            switch (op.Kind)
            {
                case BackendOpKind.Dense:
                    cpuOp = BackendOp.Dense(_cpuPing, _cpuPong!, _model.DenseWeights(layerIndex, cpu: true),
                        _model.DenseBias(layerIndex, cpu: true), op.Rows, op.K, op.N, op.Activation);
                    break;
                case BackendOpKind.Recurrent:
                    cpuOp = BackendOp.RecurrentLayer(_cpuPing, _cpuPong!, op.Recurrent!, op.RecurrentOp!, op.SeqLength, op.Batch, op.Lengths);
                    break;
                default:
                    cpuOp = BackendOp.Elementwise(op.Kind, _cpuPing, _cpuPong!, op.Rows, op.N, op.Activation);
                    break;
            }
            cpu.Execute(cpuOp);
            _backend.Upload(((CpuBuffer)_cpuPong!).Span.Slice(0, Math.Min(op.Output.Length, capacity)), op.Output);
        }

        private int EnsureBuffers(int batch, int time)
        {
            long need = (long)batch * time * _width;
            if (need > int.MaxValue) ThrowHelper.ThrowArgumentOutOfRange(nameof(batch), "Batch too large for one run; split it.");
            if (_ping is null || _ping.Length < need)
            {
                _ping?.Dispose();
                _pong?.Dispose();
                _ping = _backend.Allocate((int)need);
                _pong = _backend.Allocate((int)need);
            }
            return _ping.Length;
        }

        private void EnsureHost(int n)
        {
            if (_host.Length < n) _host = new float[n];
        }

        private void EnsureLengths(int batch)
        {
            if (_lengths.Length != batch) _lengths = new int[batch];
        }
    }
}
