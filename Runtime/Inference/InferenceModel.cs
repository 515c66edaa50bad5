// A Model compiled for execution: weights packed (CPU) or uploaded (other backends) once, shared read-only by any
// number of streaming sessions and batch runners on any threads.
using System;
using Recurrent.Backends;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent
{
    public sealed class InferenceModel
    {
        private readonly PackedMatrix?[] _denseCpu;       // per layer: Dense kernel packed for the CPU (streaming + fallback)
        private readonly IBackendBuffer?[] _denseWeights;  // per layer: Dense kernel on the backend
        private readonly IBackendBuffer?[] _denseBias;     // per layer: Dense bias on the backend
        private readonly IBackendBuffer?[] _denseCpuWeights;
        private readonly IBackendBuffer?[] _denseCpuBias;
        private readonly RecurrentOp?[] _recurrentOps;      // per layer: packed snapshot of the recurrent weights
        private readonly float[] _embeddingTable;           // [V, E] snapshot of the Embedding table (empty without one)

        /// <summary>
        /// Compiles <paramref name="model"/>: packs a snapshot of its current weights (later changes to the model's tensors,
        /// e.g. by training, do not affect this instance; compile again to publish them).
        /// </summary>
        public InferenceModel(Model model, IBackend? backend = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Backend = backend ?? CpuBackend.Instance;
            int n = model.Layers.Count;
            _denseCpu = new PackedMatrix?[n];
            _denseWeights = new IBackendBuffer?[n];
            _denseBias = new IBackendBuffer?[n];
            _denseCpuWeights = new IBackendBuffer?[n];
            _denseCpuBias = new IBackendBuffer?[n];
            _recurrentOps = new RecurrentOp?[n];
            _embeddingTable = model.Layers[0] is EmbeddingLayer embedding ? (float[])embedding.Table.Data.Clone() : Array.Empty<float>();
            var cpu = CpuBackend.Instance;
            for (int i = 0; i < n; i++)
            {
                if (model.Layers[i] is RecurrentLayer recurrent) _recurrentOps[i] = recurrent.CreateOp();
                if (!(model.Layers[i] is DenseLayer dense)) continue;
                int k = dense.InputSize, o = dense.OutputSize;
                var cpuWeights = (CpuWeights)cpu.CreateWeights(dense.Kernel.Data, k, o);
                _denseCpu[i] = cpuWeights.Packed;
                _denseCpuWeights[i] = cpuWeights;
                if (dense.Bias != null)
                {
                    _denseCpuBias[i] = cpu.Allocate(o);
                    cpu.Upload(dense.Bias.Data, _denseCpuBias[i]!);
                }
                if (ReferenceEquals(Backend, cpu))
                {
                    _denseWeights[i] = _denseCpuWeights[i];
                    _denseBias[i] = _denseCpuBias[i];
                }
                else
                {
                    _denseWeights[i] = Backend.CreateWeights(dense.Kernel.Data, k, o);
                    if (dense.Bias != null)
                    {
                        _denseBias[i] = Backend.Allocate(o);
                        Backend.Upload(dense.Bias.Data, _denseBias[i]!);
                    }
                }
            }
        }

        public Model Model { get; }

        /// <summary>The backend batch runs use; ops it does not support run on the CPU backend.</summary>
        public IBackend Backend { get; }

        public int InputSize => Model.InputSize;

        public int OutputSize => Model.OutputSize;

        public ModelInputKind InputKind => Model.InputKind;

        /// <summary>Whether batch output is [B, T, O] (true) or [B, O].</summary>
        public bool OutputIsSequence => Model.OutputIsSequence;

        /// <summary>Whether every recurrent layer runs forward in time, which streaming needs.</summary>
        public bool CanStream
        {
            get
            {
                foreach (var l in Model.Layers)
                    if (l is RecurrentLayer r && r.Direction != RecurrentDirection.Forward) return false;
                return true;
            }
        }

        /// <summary>
        /// A session that takes one time step per call and keeps the recurrent state between calls. Each session owns its
        /// buffers; use one per touch, player or text field, and one per thread.
        /// </summary>
        public StreamingSession CreateSession(int batchSize = 1) => new StreamingSession(this, batchSize);

        /// <summary>A runner for whole batches of sequences; owns its buffers (use one per thread).</summary>
        public BatchRunner CreateBatchRunner() => new BatchRunner(this);

        /// <summary>
        /// Convenience: runs a batch and returns a new array ([B, T, O] or [B, O]). Allocates; use a
        /// <see cref="BatchRunner"/> in steady state.
        /// </summary>
        public float[] Predict(float[] input, int batch, int time, int[]? lengths = null)
        {
            var runner = CreateBatchRunner();
            var output = new float[runner.OutputLength(batch, time)];
            runner.Run(input, batch, time, lengths, output);
            return output;
        }

        internal PackedMatrix DenseCpu(int layer) => _denseCpu[layer]!;

        internal RecurrentOp RecurrentOp(int layer) => _recurrentOps[layer]!;

        internal IBackendBuffer DenseWeights(int layer, bool cpu) => (cpu ? _denseCpuWeights[layer] : _denseWeights[layer])!;

        internal IBackendBuffer? DenseBias(int layer, bool cpu) => cpu ? _denseCpuBias[layer] : _denseBias[layer];

        /// <summary>The Embedding table [V, E] as snapshotted (runners and sessions read it, never the model's live tensor).</summary>
        internal ReadOnlySpan<float> EmbeddingTable => _embeddingTable;

        /// <summary>A Dense layer's bias as snapshotted on the CPU (streaming reads it, never the model's live tensor).</summary>
        internal ReadOnlySpan<float> DenseBiasCpu(int layer) => ((CpuBuffer)_denseCpuBias[layer]!).Span;
    }
}
