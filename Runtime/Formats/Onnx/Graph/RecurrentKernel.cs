// ONNX RNN / GRU / LSTM nodes mapped onto Recurrent.Ops.RecurrentOp (the exact-semantics batch path). The op is
// built once when W, R, B and P are constants (initializers or folded), else per distinct set of weight arrays.
using System;
using System.Threading;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats.Onnx
{
    internal sealed class RecurrentKernel : OnnxKernel
    {
        // Node input slots (ONNX operator pages; P exists for LSTM only).
        private const int SlotX = 0, SlotW = 1, SlotR = 2, SlotB = 3, SlotLens = 4, SlotH0 = 5, SlotC0 = 6, SlotP = 7;

        private sealed class OpEntry
        {
            public OpEntry(float[] w, float[] r, float[]? b, float[]? p, RecurrentOp op)
            {
                W = w;
                R = r;
                B = b;
                P = p;
                Op = op;
            }

            public float[] W { get; }
            public float[] R { get; }
            public float[]? B { get; }
            public float[]? P { get; }
            public RecurrentOp Op { get; }
        }

        private readonly RecurrentOpAttributes _attributes;
        private readonly RecurrentOp? _constantOp;
        private readonly bool[] _wanted;
        private OpEntry? _last;

        private RecurrentKernel(RecurrentOpAttributes attributes, RecurrentOp? constantOp, bool[] wanted)
        {
            _attributes = attributes;
            _constantOp = constantOp;
            _wanted = wanted;
        }

        public static OnnxKernel Create(OnnxNodeContext c, RecurrentCellKind cell)
        {
            bool lstm = cell == RecurrentCellKind.Lstm;
            c.ExpectInputs(3, lstm ? 8 : 6);
            c.ExpectOutputs(0, lstm ? 3 : 2);
            var a = new RecurrentOpAttributes { Cell = cell };
            long? hidden = c.OptionalInt("hidden_size");
            if (hidden.HasValue && (hidden.Value <= 0 || hidden.Value > int.MaxValue)) throw c.Error($"attribute 'hidden_size' = {hidden.Value} must be positive.");
            a.HiddenSize = (int)(hidden ?? 0);
            try
            {
                a.Direction = RecurrentOpAttributes.ParseDirection(c.String("direction", "forward"));
            }
            catch (RecurrentException e)
            {
                throw c.Error(e.Message, e);
            }
            a.Activations = c.Strings("activations");
            a.ActivationAlpha = c.Floats("activation_alpha");
            a.ActivationBeta = c.Floats("activation_beta");
            a.Clip = c.OptionalFloat("clip");
            if (a.Clip.HasValue && !(a.Clip.Value > 0f)) throw c.Error($"attribute 'clip' = {a.Clip.Value} must be positive.");
            a.InputForget = c.Flag("input_forget", false);
            if (a.InputForget && !lstm) throw c.Error("attribute 'input_forget' applies to LSTM only.");
            a.LinearBeforeReset = c.Flag("linear_before_reset", false);
            if (a.LinearBeforeReset && cell != RecurrentCellKind.Gru) throw c.Error("attribute 'linear_before_reset' applies to GRU only.");
            a.Layout = (int)c.IntInRange("layout", 0, 0, 1);
            CheckActivations(c, a);

            OnnxValue? w = c.ConstantInput(SlotW), r = c.ConstantInput(SlotR);
            OnnxValue? b = c.ConstantInput(SlotB), p = lstm ? c.ConstantInput(SlotP) : null;
            bool constantWeights = w != null && r != null && (!c.HasInput(SlotB) || b != null) && (!c.HasInput(SlotP) || p != null);
            RecurrentOp? op = null;
            try
            {
                if (constantWeights) op = BuildOp(a, w!, r!, b, p);
                else CheckWeightRanks(w, r, b, p);
            }
            catch (Exception e) when (e is OnnxKernelException || e is RecurrentException || e is ArgumentException)
            {
                throw c.Error(e.Message, e);
            }
            var wanted = new bool[3];
            for (int i = 0; i < wanted.Length; i++) wanted[i] = c.HasOutput(i);
            return new RecurrentKernel(a, op, wanted);
        }

        /// <summary>The activation list must name known functions and hold f[,g[,h]] per direction (or one direction's list).</summary>
        private static void CheckActivations(OnnxNodeContext c, RecurrentOpAttributes a)
        {
            if (a.Activations is null || a.Activations.Length == 0) return;
            int perDir = a.Cell == RecurrentCellKind.Rnn ? 1 : a.Cell == RecurrentCellKind.Gru ? 2 : 3;
            int n = a.Activations.Length;
            if (n != perDir * a.NumDirections && !(a.NumDirections == 2 && n == perDir))
                throw c.Error($"{n} activations given; {perDir * a.NumDirections} expected ({perDir} per direction).");
            try
            {
                Activation.FromOnnx(a.Activations, a.ActivationAlpha, a.ActivationBeta);
            }
            catch (RecurrentException e)
            {
                throw c.Error(e.Message, e);
            }
        }

        private static void CheckWeightRanks(params OnnxValue?[] weights)
        {
            string[] names = { "W", "R", "B", "P" };
            int[] ranks = { 3, 3, 2, 2 };
            for (int i = 0; i < weights.Length; i++)
            {
                var v = weights[i];
                if (v != null && (v.F is null || v.Rank != ranks[i]))
                    throw new OnnxKernelException($"{names[i]} must be a rank-{ranks[i]} float tensor, got {v.Describe()}.");
            }
        }

        private static RecurrentOp BuildOp(RecurrentOpAttributes attributes, OnnxValue w, OnnxValue r, OnnxValue? b, OnnxValue? p)
        {
            CheckWeightRanks(w, r, b, p);
            var a = attributes.Clone();
            int D = a.NumDirections, G = a.GateCount;
            if (a.HiddenSize == 0) a.HiddenSize = r.Dims[2]; // hidden_size is optional; R is [D, G*H, H]
            int H = a.HiddenSize, I = w.Dims[2];
            Expect("W", w, D, G * H, I);
            Expect("R", r, D, G * H, H);
            if (b != null) Expect("B", b, D, 2 * G * H);
            if (p != null) Expect("P", p, D, 3 * H);
            return new RecurrentOp(a, I, w.F, r.F, b != null ? b.F : default(ReadOnlySpan<float>), p != null ? p.F : default(ReadOnlySpan<float>));
        }

        private static void Expect(string name, OnnxValue v, params int[] dims)
        {
            if (!OnnxShapes.SameShape(v.Dims, dims))
                throw new OnnxKernelException($"{name} is {OnnxShapes.Format(v.Dims)} but {OnnxShapes.Format(dims)} is expected.");
        }

        private RecurrentOp OpFor(OnnxValue?[] inputs, OnnxRunBudget budget)
        {
            if (_constantOp != null) return _constantOp;
            OnnxValue w = inputs[SlotW]!, r = inputs[SlotR]!;
            OnnxValue? b = At(inputs, SlotB), p = _attributes.Cell == RecurrentCellKind.Lstm ? At(inputs, SlotP) : null;
            CheckWeightRanks(w, r, b, p);
            OpEntry? e = Volatile.Read(ref _last);
            if (e != null && ReferenceEquals(e.W, w.F) && ReferenceEquals(e.R, r.F) && ReferenceEquals(e.B, b?.F) && ReferenceEquals(e.P, p?.F))
                return e.Op;
            budget.Allocate(w.ElementCount + (long)r.ElementCount + (b?.ElementCount ?? 0) + (p?.ElementCount ?? 0), sizeof(float)); // packed copies
            RecurrentOp op = BuildOp(_attributes, w, r, b, p);
            Volatile.Write(ref _last, new OpEntry(w.F!, r.F!, b?.F, p?.F, op));
            return op;
        }

        private static OnnxValue? At(OnnxValue?[] inputs, int slot) => slot < inputs.Length ? inputs[slot] : null;

        public override void Run(OnnxRunContext context, OnnxValue?[] inputs, OnnxValue?[] outputs)
        {
            OnnxValue x = inputs[SlotX]!;
            bool batchMajor = _attributes.Layout == 1;
            if (x.F is null || x.Rank != 3)
                throw new OnnxKernelException(
                    $"X must be a rank-3 float tensor {(batchMajor ? "[batch_size, seq_length, input_size]" : "[seq_length, batch_size, input_size]")}, got {x.Describe()}.");
            OnnxRunBudget budget = context.Budget;
            RecurrentOp op = OpFor(inputs, budget);
            int T = batchMajor ? x.Dims[1] : x.Dims[0], B = batchMajor ? x.Dims[0] : x.Dims[1];
            int D = op.NumDirections, H = op.HiddenSize;
            if (x.Dims[2] != op.InputSize)
                throw new OnnxKernelException($"X has input size {x.Dims[2]} ({x.Describe()}) but W expects {op.InputSize}.");

            int[] stateDims = batchMajor ? new[] { B, D, H } : new[] { D, B, H };
            OnnxValue? lens = At(inputs, SlotLens), h0 = At(inputs, SlotH0), c0 = At(inputs, SlotC0);
            int[]? lengths = null;
            if (lens != null)
            {
                long[] l = OnnxShapes.Longs(lens, "sequence_lens");
                if (l.Length != B) throw new OnnxKernelException($"sequence_lens holds {l.Length} values for batch size {B}.");
                lengths = new int[B];
                for (int i = 0; i < B; i++)
                {
                    if (l[i] < 0 || l[i] > T) throw new OnnxKernelException($"sequence_lens[{i}] = {l[i]} is outside [0, {T}].");
                    lengths[i] = (int)l[i];
                }
            }
            CheckState("initial_h", h0, stateDims);
            CheckState("initial_c", c0, stateDims);

            // Multiply-adds: per step, batch row and direction, the input projection (G·H·I) and the recurrent GEMM (G·H·H).
            int G = _attributes.GateCount;
            budget.Charge(OnnxShapes.Product(OnnxShapes.Product(OnnxShapes.Product(T, B), (long)D * G * H), (long)op.InputSize + H));
            long yCount = OnnxShapes.Product(OnnxShapes.Product(T, B), (long)D * H), stateCount = OnnxShapes.Product(B, (long)D * H);
            if ((Wanted(outputs, 0) && yCount > OnnxShapes.MaxElements) || stateCount > OnnxShapes.MaxElements)
                throw new OnnxKernelException($"Y of {_attributes.Cell} [{T} steps, batch {B}, {D} directions, hidden {H}] would hold more than the 2^28 elements a tensor may hold.");
            float[]? y = Wanted(outputs, 0) ? budget.Floats((int)yCount) : null;
            float[]? yH = Wanted(outputs, 1) ? budget.Floats((int)stateCount) : null;
            float[]? yC = Wanted(outputs, 2) ? budget.Floats((int)stateCount) : null;
            int workspace = op.WorkspaceLength(T, B);
            budget.Allocate(workspace, sizeof(float));
            op.Run(x.F, T, B, lengths, h0 != null ? h0.F : default(ReadOnlySpan<float>), c0 != null ? c0.F : default(ReadOnlySpan<float>),
                y, yH, yC, new Workspace(workspace));
            if (y != null) outputs[0] = OnnxValue.Floats(y, batchMajor ? new[] { B, T, D, H } : new[] { T, D, B, H });
            if (yH != null) outputs[1] = OnnxValue.Floats(yH, stateDims);
            if (yC != null) outputs[2] = OnnxValue.Floats(yC, (int[])stateDims.Clone());
        }

        private bool Wanted(OnnxValue?[] outputs, int slot) => slot < outputs.Length && _wanted[slot];

        private static void CheckState(string name, OnnxValue? v, int[] dims)
        {
            if (v is null) return;
            if (v.F is null || !OnnxShapes.SameShape(v.Dims, dims))
                throw new OnnxKernelException($"{name} must be a float tensor {OnnxShapes.Format(dims)}, got {v.Describe()}.");
        }
    }
}
