// A SimpleRNN / LSTM / GRU layer: ONNX operator attributes plus weights in ONNX layout (gate order iofc / zrh),
// with Keras-style output choices (full sequence, last step or final states; bidirectional merge) and Keras' single
// bias as a training option. Other layouts convert in Formats/; execution lives in Inference/ and Training/.
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
        /// <param name="returnSequences">Every step's output (true) or one output per sequence (false).</param>
        /// <param name="merge">Bidirectional only: how the two directions' outputs combine.</param>
        /// <param name="dropout">Keras <c>dropout</c> in [0, 1), training only.</param>
        /// <param name="recurrentDropout">Keras <c>recurrent_dropout</c> in [0, 1), training only.</param>
        /// <param name="returnState">
        /// The output per sequence is the final states instead of the last step's output (see <see cref="ReturnState"/>);
        /// needs <paramref name="returnSequences"/> = false.
        /// </param>
        /// <param name="singleBias">
        /// Keras' one bias: Rb is held at exactly 0 and only Wb trains (see <see cref="SingleBias"/>). Needs a bias
        /// <paramref name="b"/> whose Rb half is zero, and is not available for a GRU with linear_before_reset.
        /// </param>
        /// <exception cref="RecurrentException">Shapes or options that do not fit together; the message names the layer.</exception>
        public RecurrentLayer(string name, RecurrentOpAttributes attributes, Tensor w, Tensor r, Tensor? b = null, Tensor? p = null,
            bool returnSequences = true, BidirectionalMerge merge = BidirectionalMerge.Concat, float dropout = 0f,
            float recurrentDropout = 0f, bool returnState = false, bool singleBias = false) : base(name)
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
            ReturnState = returnState;
            SingleBias = singleBias;
            // Validates every shape and option once, with the operator's own messages (nothing is packed here).
            Activations = RecurrentOp.Validate(Attributes, w.Shape[2], w.Length, r.Length, b?.Length ?? 0, p?.Length ?? 0);
            if (returnState && returnSequences)
                ThrowHelper.ThrowModel($"Recurrent layer '{name}': returnState outputs the final states once per sequence, so it " +
                    "needs returnSequences = false (a chain layer has one output; use two layers or a returnSequences layer for steps).");
            if (singleBias) ValidateSingleBias(name, b);

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

        /// <summary>
        /// Keras return_state for a chain: the layer's one output per sequence is its final states, h then (LSTM) c, each
        /// merged across directions like the output (concat: forward then backward; sum: added). Row layout:
        /// [h (M), c (M)] for LSTM and [h (M)] otherwise, with M = 2H for a concatenated bidirectional layer, else H.
        /// "Final" is after each row's last valid step, as ONNX Y_h / Y_c (the backward direction ends at step 0); a row
        /// of length 0 gives zeros. An encoder / embedding head; streaming gives the current states after each step.
        /// </summary>
        public bool ReturnState { get; }

        /// <summary>
        /// Keras' single bias (LSTM, SimpleRNN, GRU reset_after = False): Rb, the second half of B, is held at exactly 0
        /// during training, so only Wb learns and the effective bias Wb + Rb moves as Keras' bias does. Inference is
        /// unchanged (Rb is zero). Off by default, which trains both as PyTorch does.
        /// </summary>
        public bool SingleBias { get; }

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

        public override int OutputSize => (ReturnState ? StateCount : 1) * MergedSize;

        /// <summary>Width of one merged per-direction vector: 2H for a concatenated bidirectional layer, else H.</summary>
        public int MergedSize => NumDirections == 2 && Merge == BidirectionalMerge.Concat ? 2 * HiddenSize : HiddenSize;

        /// <summary>States per direction: 2 (h, c) for LSTM, 1 (h) otherwise.</summary>
        public int StateCount => Cell == RecurrentCellKind.Lstm ? 2 : 1;

        public override IReadOnlyList<ModelWeight> Weights => _weights;

        public override Layer Clone() => With(W.Clone(), R.Clone(), B?.Clone(), P?.Clone(), ReturnSequences);

        /// <summary>
        /// The same layer (every option kept) over the given weights and sequence choice; the weights are shared, not
        /// copied. Importers use it to switch a layer to its last step.
        /// </summary>
        public RecurrentLayer WithReturnSequences(bool returnSequences) => With(W, R, B, P, returnSequences);

        private RecurrentLayer With(Tensor w, Tensor r, Tensor? b, Tensor? p, bool returnSequences) =>
            new RecurrentLayer(Name, Attributes, w, r, b, p, returnSequences, Merge, Dropout, RecurrentDropout, ReturnState, SingleBias);

        public override string Describe()
        {
            string name = Cell == RecurrentCellKind.Rnn ? "SimpleRNN" : Cell.ToString().ToUpperInvariant();
            string dir = Direction == RecurrentDirection.Forward ? "" : ", " + Direction.ToString().ToLowerInvariant();
            string seq = ReturnSequences ? ", sequences" : ReturnState ? (StateCount == 2 ? ", final state h+c" : ", final state h") : ", last step";
            string bias = SingleBias ? ", single bias" : "";
            return $"{name}({InputSize} -> {HiddenSize}{dir}{seq}{bias})";
        }

        private void ValidateSingleBias(string name, Tensor? b)
        {
            if (b is null)
                ThrowHelper.ThrowModel($"Recurrent layer '{name}': singleBias needs a bias B (with Rb = 0); this layer has none.");
            if (Cell == RecurrentCellKind.Gru && Attributes.LinearBeforeReset)
                ThrowHelper.ThrowModel($"Recurrent layer '{name}': a GRU with linear_before_reset (Keras reset_after = True) has an " +
                    "input and a recurrent bias in Keras too, so singleBias does not apply; it is for LSTM, SimpleRNN and GRU with linear_before_reset = false.");
            int GH = Attributes.GateCount * HiddenSize;
            var data = b!.ReadOnlySpan;
            for (int d = 0; d < NumDirections; d++)
                for (int j = 0; j < GH; j++)
                {
                    float rb = data[d * 2 * GH + GH + j];
                    if (rb != 0f)
                        ThrowHelper.ThrowModel($"Recurrent layer '{name}': singleBias holds Rb at 0, but Rb[{d}, {j}] = {rb}. " +
                            "Fold Rb into Wb (Wb + Rb, then Rb = 0) before marking the layer single-bias.");
                }
        }
    }
}
