// A SimpleRNN / LSTM / GRU layer: ONNX operator attributes plus weights in ONNX layout (gate order iofc / zrh),
// with Keras-style output choices (full sequence or last step, bidirectional merge). Other layouts convert in Formats/.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Ops;

namespace Recurrent
{
    public sealed class RecurrentLayer : Layer
    {
        private readonly ModelWeight[] _weights;

        /// <param name="attributes">Cell, hidden size, direction, activations, clip, input_forget, linear_before_reset
        /// (layout must be 0: models are laid out by the runner, not per layer). Copied.</param>
        /// <param name="w">[D, G*H, I]</param>
        /// <param name="r">[D, G*H, H]</param>
        /// <param name="b">[D, 2*G*H] or null</param>
        /// <param name="p">[D, 3H] or null (LSTM peepholes)</param>
        public RecurrentLayer(string name, RecurrentOpAttributes attributes, Tensor w, Tensor r, Tensor? b = null, Tensor? p = null,
            bool returnSequences = true, BidirectionalMerge merge = BidirectionalMerge.Concat, float dropout = 0f,
            float recurrentDropout = 0f) : base(name)
        {
            if (!(dropout >= 0f && dropout < 1f)) throw new ArgumentOutOfRangeException(nameof(dropout), "Dropout must be in [0, 1).");
            if (!(recurrentDropout >= 0f && recurrentDropout < 1f))
                throw new ArgumentOutOfRangeException(nameof(recurrentDropout), "Recurrent dropout must be in [0, 1).");
            Dropout = dropout;
            RecurrentDropout = recurrentDropout;
            if (attributes is null) throw new ArgumentNullException(nameof(attributes));
            if (w is null) throw new ArgumentNullException(nameof(w));
            if (r is null) throw new ArgumentNullException(nameof(r));
            Attributes = attributes.Clone();
            if (Attributes.Layout != 0)
                ThrowHelper.ThrowModel($"Recurrent layer '{name}': layout must be 0 inside a model (the runner handles batch-major input).");
            int D = Attributes.NumDirections, GH = Attributes.GateCount * Attributes.HiddenSize;
            if (w.Shape.Rank != 3 || w.Shape[0] != D || w.Shape[1] != GH)
                ThrowHelper.ThrowModel($"Recurrent layer '{name}': W must be [{D}, {GH}, I], got {w.Shape}.");
            W = w;
            R = r;
            B = b;
            P = p;
            ReturnSequences = returnSequences;
            Merge = merge;
            // Validates every shape and option once, with the operator's own messages (nothing is packed here).
            Activations = RecurrentOp.Validate(Attributes, w.Shape[2], w.Length, r.Length, b?.Length ?? 0, p?.Length ?? 0);

            var list = new List<ModelWeight> { new ModelWeight(name + "/W", w), new ModelWeight(name + "/R", r) };
            if (b != null) list.Add(new ModelWeight(name + "/B", b));
            if (p != null) list.Add(new ModelWeight(name + "/P", p));
            _weights = list.ToArray();
        }

        public override LayerKind Kind => LayerKind.Recurrent;

        public RecurrentOpAttributes Attributes { get; }

        public RecurrentCellKind Cell => Attributes.Cell;

        public int HiddenSize => Attributes.HiddenSize;

        public RecurrentDirection Direction => Attributes.Direction;

        public int NumDirections => Attributes.NumDirections;

        /// <summary>[D, G*H, I]</summary>
        public Tensor W { get; }

        /// <summary>[D, G*H, H]</summary>
        public Tensor R { get; }

        /// <summary>[D, 2*G*H] or null.</summary>
        public Tensor? B { get; }

        /// <summary>[D, 3H] or null.</summary>
        public Tensor? P { get; }

        public override bool ReturnsSequences => ReturnSequences;

        /// <summary>Keras return_sequences: every step's output, or only the last valid step's.</summary>
        public bool ReturnSequences { get; }

        public BidirectionalMerge Merge { get; }

        /// <summary>Keras `dropout`: training-time dropout of the inputs, one mask per sequence (all steps).</summary>
        public float Dropout { get; }

        /// <summary>Keras `recurrent_dropout`: training-time dropout of the state fed to the recurrent products.</summary>
        public float RecurrentDropout { get; }

        /// <summary>The resolved activations of every direction (f[, g[, h]] per direction).</summary>
        public Kernels.Activation[] Activations { get; }

        /// <summary>
        /// Packs the layer's current weights into a new operator: a snapshot, so training can keep updating the
        /// tensors while inference runs on the weights of the moment the snapshot was taken.
        /// </summary>
        public RecurrentOp CreateOp() => new RecurrentOp(Attributes, InputSize, W.Data, R.Data, B?.Data ?? default, P?.Data ?? default);

        public override int InputSize => W.Shape[2];

        public override int OutputSize => NumDirections == 2 && Merge == BidirectionalMerge.Concat ? 2 * HiddenSize : HiddenSize;

        public override IReadOnlyList<ModelWeight> Weights => _weights;

        public override string Describe()
        {
            string name = Cell == RecurrentCellKind.Rnn ? "SimpleRNN" : Cell.ToString().ToUpperInvariant();
            string dir = Direction == RecurrentDirection.Forward ? "" : ", " + Direction.ToString().ToLowerInvariant();
            string seq = ReturnSequences ? ", sequences" : ", last step";
            return $"{name}({InputSize} -> {HiddenSize}{dir}{seq})";
        }
    }
}
