// The Keras-shaped fit loop: Compile (this constructor), Fit, Evaluate, Predict, plus what games need: RunFor(budget)
// time-slicing on the same state machine as Fit, non-finite protection (a bad step is skipped and the last good
// weights kept), and Publish() snapshots for streaming sessions (swap without tearing).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed partial class Trainer
    {
        private readonly TrainableModel _graph;
        private readonly Metric[] _metrics;
        private readonly float[][] _lastGood;
        private float[] _x = Array.Empty<float>(), _targets = Array.Empty<float>(), _weights = Array.Empty<float>();
        private float[] _dOut = Array.Empty<float>();
        private int[] _tokens = Array.Empty<int>(), _lengths = Array.Empty<int>();
        private InferenceModel? _published;
        private readonly object _weightsLock = new object();   // weight updates vs Publish() from another thread

        public Trainer(Model model, Optimizer optimizer, Loss loss, IEnumerable<Metric>? metrics = null, TrainerOptions? options = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            Loss = loss ?? throw new ArgumentNullException(nameof(loss));
            _metrics = metrics is null ? Array.Empty<Metric>() : new List<Metric>(metrics).ToArray();
            Options = options ?? new TrainerOptions();
            _graph = new TrainableModel(model);
            _graph.Stateful = Options.Stateful;
            _lastGood = new float[_graph.Parameters.Count][];
            for (int i = 0; i < _lastGood.Length; i++) _lastGood[i] = (float[])_graph.Parameters[i].Value.Data.Clone();
        }

        public Model Model { get; }

        /// <summary>The layer graph and its Parameters (freeze layers with <see cref="TrainableModel.SetTrainable"/>).</summary>
        public TrainableModel Graph => _graph;

        public Optimizer Optimizer { get; }

        public Loss Loss { get; }

        public IReadOnlyList<Metric> Metrics => _metrics;

        public TrainerOptions Options { get; }

        /// <summary>Set by a callback (or the game) to end Fit / RunFor after the current unit of work.</summary>
        public bool StopTraining { get; set; }

        /// <summary>Optimizer steps skipped because the loss or a gradient was not finite.</summary>
        public int NonFiniteSteps { get; private set; }

        /// <summary>The latest published snapshot (null before the first <see cref="Publish"/>).</summary>
        public InferenceModel? Published => Volatile.Read(ref _published);

        /// <summary>
        /// Compiles the current weights into a new read-only <see cref="InferenceModel"/> and makes it the published one.
        /// Sessions move to it with <see cref="StreamingSession.UseModel"/>; the previous snapshot stays valid, so a
        /// predicting thread never sees half-updated weights.
        /// </summary>
        /// <remarks>
        /// Safe to call from any thread, also while <see cref="FitAsync"/> trains on a worker: the snapshot is taken
        /// between optimizer steps (weight updates and Publish exclude each other), never in the middle of one.
        /// </remarks>
        public InferenceModel Publish()
        {
            InferenceModel snapshot;
            lock (_weightsLock) snapshot = new InferenceModel(Model);
            Volatile.Write(ref _published, snapshot);
            return snapshot;
        }

        /// <summary>One optimizer step on the given samples of <paramref name="data"/>; returns the batch loss.</summary>
        public double TrainOnBatch(SequenceDataset data, ReadOnlySpan<int> samples)
        {
            // Dropout masks: a fresh, reproducible stream per optimizer step.
            _graph.DropoutSeed = Options.Seed * 0x9E3779B97F4A7C15UL + (ulong)Optimizer.Iterations + 1;
            var y = ForwardBatch(data, samples, training: true, out int rows);
            int O = _graph.OutputSize;
            double loss = Loss.Forward(y.AsSpan(0, rows * O), _targets.AsSpan(0, rows * data.TargetWidth), rows, O,
                _weights.AsSpan(0, rows), _dOut.AsSpan(0, rows * O));
            var parameters = _graph.Parameters;
            _graph.ZeroGradients();
            _graph.Backward(_dOut);
            if (double.IsNaN(loss) || double.IsInfinity(loss) || !GradientClipping.AllFinite(parameters))
            {
                NonFiniteSteps++;
                return loss;
            }
            if (Options.ClipNorm.HasValue) GradientClipping.ClipByGlobalNorm(parameters, Options.ClipNorm.Value);
            if (Options.ClipValue.HasValue) GradientClipping.ClipByValue(parameters, Options.ClipValue.Value);
            if (Options.Schedule != null) Optimizer.LearningRate = Options.Schedule.LearningRateAt(Optimizer.Iterations);
            bool finite;
            lock (_weightsLock)   // a step is atomic for Publish() on another thread
            {
                Optimizer.Step(parameters);
                finite = WeightsFinite();
                if (!finite) RestoreLastGood();
            }
            if (!finite)
            {
                NonFiniteSteps++;
                return double.NaN;
            }
            SaveLastGood();
            foreach (var m in _metrics)
                m.Update(y.AsSpan(0, rows * O), _targets.AsSpan(0, rows * data.TargetWidth), rows, O, _weights.AsSpan(0, rows));
            return loss;
        }

        /// <summary>Loss and metrics over a dataset (no training, no dropout).</summary>
        public IReadOnlyDictionary<string, double> Evaluate(SequenceDataset data, int batchSize = 32)
        {
            CheckData(data);
            foreach (var m in _metrics) m.Reset();
            bool stateful = _graph.Stateful;
            _graph.Stateful = false;
            double total = 0, weight = 0;
            var indices = new int[Math.Min(batchSize, Math.Max(1, data.Count))];
            for (int start = 0; start < data.Count; start += batchSize)
            {
                int n = Math.Min(batchSize, data.Count - start);
                for (int i = 0; i < n; i++) indices[i] = start + i;
                var (loss, w) = EvaluateBatch(data, indices.AsSpan(0, n));
                total += loss * w;
                weight += w;
            }
            _graph.Stateful = stateful;
            var logs = new Dictionary<string, double> { ["loss"] = weight > 0 ? total / weight : 0 };
            foreach (var m in _metrics) logs[m.Name] = m.Result;
            return logs;
        }

        /// <summary>
        /// Predictions of the current weights ([N, T, O] or [N, O]) through a fresh inference snapshot. Sequence outputs
        /// are 0 at padded steps (past a length, or where the mask is 0), as <see cref="BatchRunner.RunMasked(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float})"/>.
        /// </summary>
        public float[] Predict(SequenceDataset data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            var inference = new InferenceModel(Model);
            var runner = inference.CreateBatchRunner();
            var output = new float[runner.OutputLength(data.Count, data.Time)];
            if (data.Count == 0) return output;
            if (data.Mask != null)
            {
                if (data.Tokens != null) runner.RunMasked(data.Tokens, data.Count, data.Time, data.Mask, output);
                else runner.RunMasked(data.Inputs!, data.Count, data.Time, data.Mask, output);
            }
            else if (data.Tokens != null) runner.Run(data.Tokens, data.Count, data.Time, data.Lengths, output);
            else runner.Run(data.Inputs!, data.Count, data.Time, data.Lengths, output);
            return output;
        }

        /// <summary>Copies of every weight (e.g. the best epoch's, for early stopping).</summary>
        public float[][] SnapshotWeights()
        {
            var p = _graph.Parameters;
            var copy = new float[p.Count][];
            for (int i = 0; i < copy.Length; i++) copy[i] = (float[])p[i].Value.Data.Clone();
            return copy;
        }

        public void RestoreWeights(float[][] weights)
        {
            var p = _graph.Parameters;
            if (weights.Length != p.Count) throw new ArgumentException("Snapshot of another model.", nameof(weights));
            lock (_weightsLock)
                for (int i = 0; i < weights.Length; i++) Array.Copy(weights[i], p[i].Value.Data, weights[i].Length);
            SaveLastGood();
        }

        private (double loss, double weight) EvaluateBatch(SequenceDataset data, ReadOnlySpan<int> samples)
        {
            var y = ForwardBatch(data, samples, training: false, out int rows);
            int O = _graph.OutputSize;
            var w = _weights.AsSpan(0, rows);
            double sumW = 0;
            foreach (float v in w) sumW += v;
            double loss = Loss.Forward(y.AsSpan(0, rows * O), _targets.AsSpan(0, rows * data.TargetWidth), rows, O, w, _dOut.AsSpan(0, rows * O));
            foreach (var m in _metrics) m.Update(y.AsSpan(0, rows * O), _targets.AsSpan(0, rows * data.TargetWidth), rows, O, w);
            return (loss, sumW);
        }

        /// <summary>
        /// Gathers the samples into time-major buffers, runs the forward pass and lines targets and weights up with the
        /// output rows ([T·B] per-step rows, zero weight past each length; or [B] rows). A masked dataset is compacted
        /// on the way (Keras mask semantics): each row's valid steps move to the front in order, so the model sees
        /// lengths, and per-step targets move with their steps. Masked steps therefore update no state and carry no
        /// loss or gradient, and a pre-padded row trains exactly like the same row post-padded.
        /// </summary>
        private float[] ForwardBatch(SequenceDataset data, ReadOnlySpan<int> samples, bool training, out int rows)
        {
            CheckData(data);
            int B = samples.Length, T = data.Time, I = data.Features, tw = data.TargetWidth, O = _graph.OutputSize;
            bool perStep = _graph.OutputIsSequence;
            float[]? mask = data.Mask;   // [N, T]
            rows = perStep ? T * B : B;
            int[]? lengths = null;
            if (data.Lengths != null || mask != null)
            {
                // Exactly B long: the layers read every entry (TrainingContext.MaxLength).
                lengths = _lengths.Length == B ? _lengths : (_lengths = new int[B]);
                for (int b = 0; b < B; b++) lengths[b] = data.Length(samples[b]);
            }
            Grow(ref _targets, rows * tw);
            Grow(ref _weights, rows);
            Grow(ref _dOut, rows * O);
            if (data.Tokens != null) Grow(ref _tokens, T * B);
            else Grow(ref _x, T * B * I);

            for (int b = 0; b < B; b++)
            {
                int s = samples[b];
                float sw = data.SampleWeights?[s] ?? 1f;
                int len = data.Length(s);
                // Step t of sample s goes to compacted step j: j = t without a mask; masked steps are skipped.
                int j = 0;
                for (int t = 0; t < T; t++)
                {
                    if (mask != null && mask[s * T + t] == 0f) continue;
                    if (data.Tokens != null) _tokens[j * B + b] = data.Tokens[s * T + t];
                    else Array.Copy(data.Inputs!, (s * T + t) * I, _x, (j * B + b) * I, I);
                    if (perStep)
                    {
                        int row = j * B + b;
                        Array.Copy(data.Targets, (s * T + t) * tw, _targets, row * tw, tw);
                        _weights[row] = j < len ? sw : 0f;
                    }
                    j++;
                }
                for (; j < T; j++)   // the compacted tail (mask only): padding, never read as valid
                {
                    if (data.Tokens != null) _tokens[j * B + b] = 0;
                    else Array.Clear(_x, (j * B + b) * I, I);
                    if (perStep)
                    {
                        int row = j * B + b;
                        Array.Clear(_targets, row * tw, tw);
                        _weights[row] = 0f;
                    }
                }
                if (!perStep)
                {
                    Array.Copy(data.Targets, s * tw, _targets, b * tw, tw);
                    _weights[b] = len > 0 ? sw : 0f;
                }
            }
            if (Options.ClassWeights != null)
            {
                var w = _weights.AsSpan(0, rows);
                if (tw == 1 && _graph.OutputSize > 1)
                    ClassWeights.FromClassIds(_targets.AsSpan(0, rows), Options.ClassWeights, w, w);
                else
                    ClassWeights.FromTargets(_targets.AsSpan(0, rows * tw), rows, tw, Options.ClassWeights, w, w);
            }
            return _graph.Forward(T, B, lengths, data.Tokens != null ? null : _x, data.Tokens != null ? _tokens : null, training);
        }

        private void CheckData(SequenceDataset data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            bool tokens = Model.InputKind == ModelInputKind.Tokens;
            if (tokens != (data.Tokens != null))
                throw new ArgumentException(tokens ? "This model takes token ids." : "This model takes float features.", nameof(data));
            if (!tokens && data.Features != Model.InputSize)
                throw new ArgumentException($"The data has {data.Features} features per step; the model takes {Model.InputSize}.", nameof(data));
            if (data.TargetsPerStep != _graph.OutputIsSequence)
                throw new ArgumentException(_graph.OutputIsSequence
                    ? "The model outputs a sequence; give per-step targets (or set returnSequences: false on the last recurrent layer)."
                    : "The model outputs one vector per sample; give per-sample targets.", nameof(data));
        }

        private bool WeightsFinite()
        {
            var parameters = _graph.Parameters;
            for (int i = 0; i < parameters.Count; i++)   // indexed: foreach over the interface would box an enumerator
                if (!GradientClipping.AllFinite(parameters[i].Value.Data)) return false;
            return true;
        }

        private void SaveLastGood()
        {
            var p = _graph.Parameters;
            for (int i = 0; i < _lastGood.Length; i++) Array.Copy(p[i].Value.Data, _lastGood[i], _lastGood[i].Length);
        }

        private void RestoreLastGood()
        {
            var p = _graph.Parameters;
            for (int i = 0; i < _lastGood.Length; i++) Array.Copy(_lastGood[i], p[i].Value.Data, _lastGood[i].Length);
        }

        private static void Grow<T>(ref T[] a, int n)
        {
            if (a.Length < n) a = new T[n];
        }
    }
}
