// An ONNX RNN / GRU / LSTM operator (opsets 7-22) with packed weights: the exact-semantics batch path.
// Layers and streaming sessions reuse its per-direction weights and RecurrentStep; ONNX parsing lives in Formats/.
using System;
using Recurrent.Core;
using Recurrent.Kernels;

namespace Recurrent.Ops
{
    /// <summary>
    /// A prepared ONNX recurrent operator. Weights are validated and packed once; <see cref="Run"/> is thread-safe
    /// (the operator is read-only) as long as each thread passes its own <see cref="Workspace"/>.
    /// </summary>
    public sealed class RecurrentOp
    {
        private readonly RecurrentDirectionWeights[] _directions;

        /// <param name="attributes">Operator attributes (copied).</param>
        /// <param name="inputSize">I, the last dimension of X and W.</param>
        /// <param name="w">ONNX W: [D, G*H, I].</param>
        /// <param name="r">ONNX R: [D, G*H, H].</param>
        /// <param name="b">ONNX B: [D, 2*G*H] (Wb then Rb), or empty for zero bias.</param>
        /// <param name="p">ONNX P: [D, 3H] (LSTM peepholes i, o, f), or empty.</param>
        public RecurrentOp(RecurrentOpAttributes attributes, int inputSize, ReadOnlySpan<float> w, ReadOnlySpan<float> r,
            ReadOnlySpan<float> b, ReadOnlySpan<float> p)
        {
            if (attributes is null) throw new ArgumentNullException(nameof(attributes));
            Attributes = attributes.Clone();
            var a = Attributes;
            Activation[] acts = Validate(a, inputSize, w.Length, r.Length, b.Length, p.Length);
            int H = a.HiddenSize, D = a.NumDirections, GH = a.GateCount * H;
            int perDir = a.Cell == RecurrentCellKind.Rnn ? 1 : a.Cell == RecurrentCellKind.Gru ? 2 : 3;
            InputSize = inputSize;
            _directions = new RecurrentDirectionWeights[D];
            for (int d = 0; d < D; d++)
            {
                _directions[d] = new RecurrentDirectionWeights(a.Cell, inputSize, H, a.LinearBeforeReset,
                    w.Slice(d * GH * inputSize, GH * inputSize),
                    r.Slice(d * GH * H, GH * H),
                    b.IsEmpty ? default : b.Slice(d * 2 * GH, 2 * GH),
                    p.IsEmpty ? default : p.Slice(d * 3 * H, 3 * H),
                    acts.AsSpan(d * perDir, perDir).ToArray());
            }
        }

        /// <summary>A copy of the attributes this operator was built with.</summary>
        public RecurrentOpAttributes Attributes { get; }

        public RecurrentCellKind Cell => Attributes.Cell;
        public int InputSize { get; }
        public int HiddenSize => Attributes.HiddenSize;
        public int NumDirections => _directions.Length;

        internal RecurrentDirectionWeights Direction(int d) => _directions[d];

        internal float ClipValue => Attributes.Clip ?? 0f;

        /// <summary>Floats of workspace <see cref="Run"/> needs for these sizes.</summary>
        public int WorkspaceLength(int seqLength, int batchSize)
        {
            int H = HiddenSize, GH = _directions[0].GateWidth, D = NumDirections;
            long n = (long)seqLength * batchSize * GH   // input projection of all steps
                     + (long)batchSize * GH             // gates of one step
                     + 2L * batchSize * H               // h, c
                     + _directions[0].StepScratchLength(batchSize);
            if (Attributes.Layout == 1)
                n += (long)seqLength * batchSize * InputSize + (long)seqLength * D * batchSize * H + 4L * D * batchSize * H; // x, y, h0, c0, y_h, y_c transposed
            if (n > int.MaxValue) ThrowHelper.ThrowModel("Recurrent workspace would exceed 2^31 floats; use smaller batches.");
            return (int)n;
        }

        /// <summary>
        /// Runs the operator. Shapes follow the ONNX <c>layout</c> attribute:
        /// layout 0: x [T, B, I], y [T, D, B, H], yH / yC / initialH / initialC [D, B, H];
        /// layout 1: x [B, T, I], y [B, T, D, H], states [B, D, H].
        /// Empty spans mean "input omitted" or "output not wanted". <paramref name="sequenceLens"/> is [B] or empty;
        /// with lengths, y is zero past each length and yH / yC hold the state after each row's last valid step
        /// (ONNX Runtime semantics; a reverse pass starts at len-1; a row of length 0 gets zero yH / yC).
        /// Allocates nothing when <paramref name="workspace"/> is given and large enough.
        /// </summary>
        public void Run(ReadOnlySpan<float> x, int seqLength, int batchSize, ReadOnlySpan<int> sequenceLens,
            ReadOnlySpan<float> initialH, ReadOnlySpan<float> initialC, Span<float> y, Span<float> yH, Span<float> yC,
            Workspace? workspace = null)
        {
            int T = seqLength, B = batchSize, I = InputSize, H = HiddenSize, D = NumDirections;
            if (T < 0 || B < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(seqLength), "Sequence length and batch size must be non-negative.");
            ThrowHelper.CheckExactLength(x.Length, T * B * I, nameof(x));
            if (!sequenceLens.IsEmpty)
            {
                ThrowHelper.CheckExactLength(sequenceLens.Length, B, nameof(sequenceLens));
                for (int i = 0; i < B; i++)
                    if ((uint)sequenceLens[i] > (uint)T)
                        ThrowHelper.ThrowArgumentOutOfRange(nameof(sequenceLens), $"sequence_lens[{i}] = {sequenceLens[i]} is outside [0, {T}].");
            }
            if (!initialH.IsEmpty) ThrowHelper.CheckExactLength(initialH.Length, D * B * H, nameof(initialH));
            if (!initialC.IsEmpty)
            {
                if (Cell != RecurrentCellKind.Lstm) ThrowHelper.ThrowArgument(nameof(initialC), "initial_c applies to LSTM only.");
                ThrowHelper.CheckExactLength(initialC.Length, D * B * H, nameof(initialC));
            }
            if (!y.IsEmpty) ThrowHelper.CheckExactLength(y.Length, T * D * B * H, nameof(y));
            if (!yH.IsEmpty) ThrowHelper.CheckExactLength(yH.Length, D * B * H, nameof(yH));
            if (!yC.IsEmpty)
            {
                if (Cell != RecurrentCellKind.Lstm) ThrowHelper.ThrowArgument(nameof(yC), "Y_c applies to LSTM only.");
                ThrowHelper.CheckExactLength(yC.Length, D * B * H, nameof(yC));
            }

            var ws = workspace ?? new Workspace();
            ws.Reserve(WorkspaceLength(T, B));

            if (Attributes.Layout == 0)
            {
                RunTimeMajor(x, T, B, sequenceLens, initialH, initialC, y, yH, yC, ws);
                return;
            }

            // layout 1: convert at the boundary to the time-major form the kernels use.
            Span<float> xt = ws.Take(T * B * I);
            Transpose01(x, xt, B, T, I);                        // [B, T, I] -> [T, B, I]
            Span<float> ht0 = initialH.IsEmpty ? default : ws.Take(D * B * H);
            if (!initialH.IsEmpty) Transpose01(initialH, ht0, B, D, H);   // [B, D, H] -> [D, B, H]
            Span<float> ct0 = default;
            if (!initialC.IsEmpty) { ct0 = ws.Take(D * B * H); Transpose01(initialC, ct0, B, D, H); }
            Span<float> yt = y.IsEmpty ? default : ws.Take(T * D * B * H);
            Span<float> yHt = yH.IsEmpty ? default : ws.Take(D * B * H);
            Span<float> yCt = yC.IsEmpty ? default : ws.Take(D * B * H);
            RunTimeMajor(xt, T, B, sequenceLens, ht0, ct0, yt, yHt, yCt, ws);
            if (!y.IsEmpty) TransposeY(yt, y, T, D, B, H);         // [T, D, B, H] -> [B, T, D, H]
            if (!yH.IsEmpty) Transpose01(yHt, yH, D, B, H);        // [D, B, H] -> [B, D, H]
            if (!yC.IsEmpty) Transpose01(yCt, yC, D, B, H);
        }

        private void RunTimeMajor(ReadOnlySpan<float> x, int T, int B, ReadOnlySpan<int> lens,
            ReadOnlySpan<float> initialH, ReadOnlySpan<float> initialC, Span<float> y, Span<float> yH, Span<float> yC,
            Workspace ws)
        {
            int I = InputSize, H = HiddenSize, D = NumDirections;
            int GH = _directions[0].GateWidth;
            Span<float> xw = ws.Take(T * B * GH);           // [T*B, G*H]
            Span<float> gates = ws.Take(B * GH);            // [B, G*H]
            Span<float> h = ws.Take(B * H);                 // [B, H]
            Span<float> c = ws.Take(B * H);                 // [B, H]
            Span<float> scratch = ws.Take(_directions[0].StepScratchLength(B));
            if (!y.IsEmpty) y.Clear();
            bool reverseAll = Attributes.Direction == RecurrentDirection.Reverse;
            float clip = ClipValue;

            int steps = T;
            if (!lens.IsEmpty)
            {
                steps = 0;
                for (int b = 0; b < B; b++) steps = Math.Max(steps, lens[b]);
            }

            for (int d = 0; d < D; d++)
            {
                var w = _directions[d];
                bool reverse = reverseAll || d == 1;
                if (initialH.IsEmpty) h.Clear(); else initialH.Slice(d * B * H, B * H).CopyTo(h);
                if (initialC.IsEmpty) c.Clear(); else initialC.Slice(d * B * H, B * H).CopyTo(c);

                // Input projection of every time step in one GEMM: xw = X · Wᵀ.
                Gemm.Forward(x, I, w.InputWeights, xw, GH, T * B, accumulate: false);

                for (int s = 0; s < steps; s++)
                {
                    for (int b = 0; b < B; b++)
                    {
                        Span<float> g = gates.Slice(b * GH, GH);
                        int len = lens.IsEmpty ? T : lens[b];
                        if (s >= len) { g.Clear(); continue; }
                        int t = reverse ? len - 1 - s : s;
                        Elementwise.Add(xw.Slice((t * B + b) * GH, GH), w.Bias, g);
                    }

                    RecurrentStep.Forward(w, gates, h, c, B, s, lens, clip, Attributes.InputForget, scratch);

                    if (y.IsEmpty) continue;
                    for (int b = 0; b < B; b++)
                    {
                        int len = lens.IsEmpty ? T : lens[b];
                        if (s >= len) continue;
                        int t = reverse ? len - 1 - s : s;
                        h.Slice(b * H, H).CopyTo(y.Slice(((t * D + d) * B + b) * H, H));
                    }
                }

                // ONNX Runtime semantics: a row of length 0 reports zero states, not its initial state.
                if (!lens.IsEmpty)
                    for (int b = 0; b < B; b++)
                        if (lens[b] == 0)
                        {
                            h.Slice(b * H, H).Clear();
                            c.Slice(b * H, H).Clear();
                        }
                if (!yH.IsEmpty) h.CopyTo(yH.Slice(d * B * H, B * H));
                if (!yC.IsEmpty) c.CopyTo(yC.Slice(d * B * H, B * H));
            }
        }

        /// <summary>[A, B, C] -> [B, A, C].</summary>
        private static void Transpose01(ReadOnlySpan<float> src, Span<float> dst, int a, int b, int c)
        {
            for (int i = 0; i < a; i++)
                for (int j = 0; j < b; j++)
                    src.Slice((i * b + j) * c, c).CopyTo(dst.Slice((j * a + i) * c, c));
        }

        /// <summary>[T, D, B, H] -> [B, T, D, H].</summary>
        private static void TransposeY(ReadOnlySpan<float> src, Span<float> dst, int T, int D, int B, int H)
        {
            for (int t = 0; t < T; t++)
                for (int d = 0; d < D; d++)
                    for (int b = 0; b < B; b++)
                        src.Slice(((t * D + d) * B + b) * H, H).CopyTo(dst.Slice(((b * T + t) * D + d) * H, H));
        }

        /// <summary>
        /// Checks attributes and weight lengths (empty B / P = absent) without packing anything; returns the resolved
        /// activations of every direction. Throws <see cref="RecurrentException"/> naming the problem.
        /// </summary>
        public static Activation[] Validate(RecurrentOpAttributes a, int inputSize, int wLength, int rLength, int bLength, int pLength)
        {
            int H = a.HiddenSize;
            if (H <= 0) ThrowHelper.ThrowModel($"{a.Cell}: hidden_size must be positive (got {H}).");
            if (inputSize <= 0) ThrowHelper.ThrowModel($"{a.Cell}: input size must be positive (got {inputSize}).");
            if (a.Layout != 0 && a.Layout != 1) ThrowHelper.ThrowModel($"{a.Cell}: layout must be 0 or 1 (got {a.Layout}).");
            if (a.Clip.HasValue && !(a.Clip.Value > 0f)) ThrowHelper.ThrowModel($"{a.Cell}: clip must be positive (got {a.Clip.Value}).");
            if (a.InputForget && a.Cell != RecurrentCellKind.Lstm) ThrowHelper.ThrowModel("input_forget applies to LSTM only.");
            int D = a.NumDirections, GH = a.GateCount * H;
            CheckWeight(a, "W", wLength, (long)D * GH * inputSize, $"[{D}, {GH}, {inputSize}]");
            CheckWeight(a, "R", rLength, (long)D * GH * H, $"[{D}, {GH}, {H}]");
            if (bLength != 0) CheckWeight(a, "B", bLength, (long)D * 2 * GH, $"[{D}, {2 * GH}]");
            if (pLength != 0)
            {
                if (a.Cell != RecurrentCellKind.Lstm) ThrowHelper.ThrowModel("Peepholes (P) apply to LSTM only.");
                CheckWeight(a, "P", pLength, (long)D * 3 * H, $"[{D}, {3 * H}]");
            }
            return ResolveActivations(a);
        }

        private static void CheckWeight(RecurrentOpAttributes a, string name, int actual, long expected, string shape)
        {
            if (actual != expected)
                ThrowHelper.ThrowModel($"{a.Cell}: {name} holds {actual} values but {shape} = {expected} are expected.");
        }

        /// <summary>
        /// The activations of every direction. ONNX lists f[,g[,h]] per direction; a bidirectional operator given only
        /// one direction's list uses it for both (as ONNX Runtime does).
        /// </summary>
        private static Activation[] ResolveActivations(RecurrentOpAttributes a)
        {
            int perDir = a.Cell == RecurrentCellKind.Rnn ? 1 : a.Cell == RecurrentCellKind.Gru ? 2 : 3;
            int D = a.NumDirections;
            string[] names;
            if (a.Activations is null || a.Activations.Length == 0)
            {
                var one = RecurrentOpAttributes.DefaultActivations(a.Cell);
                names = new string[perDir * D];
                for (int d = 0; d < D; d++) Array.Copy(one, 0, names, d * perDir, perDir);
            }
            else if (a.Activations.Length == perDir * D)
            {
                names = a.Activations;
            }
            else if (D == 2 && a.Activations.Length == perDir)
            {
                names = new string[perDir * 2];
                Array.Copy(a.Activations, 0, names, 0, perDir);
                Array.Copy(a.Activations, 0, names, perDir, perDir);
            }
            else
            {
                throw new RecurrentException(
                    $"{a.Cell}: {a.Activations.Length} activations given but {perDir * D} expected ({perDir} per direction).");
            }
            return Activation.FromOnnx(names, a.ActivationAlpha, a.ActivationBeta);
        }
    }
}
