// The pattern matcher behind OnnxImporter: walks the constant-folded runtime graph from its single input to its single
// output as a chain, turning recognised node groups into layers. Anything it does not recognise ends the attempt with a
// reason naming the node; the graph executor still runs such models.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats.Onnx
{
    internal sealed class OnnxLayerMapper
    {
        private enum Form
        {
            UnknownSequence,   // rank-3 features (or rank-2 tokens) whose time/batch order a later node decides
            TimeMajor,         // [T, B, F]
            BatchMajor,        // [B, T, F]
            Vector,            // [B, F]
            RecurrentY,        // ONNX Y: [T, D, B, H] (layout 0) or [B, T, D, H] (layout 1)
            RecurrentYTransposed, // Y transposed to [T, B, D, H], waiting for a Reshape to [T, B, D·H]
            RecurrentYh,       // ONNX Y_h: [D, B, H]
            RecurrentYhTransposed, // Y_h transposed to [B, D, H], waiting for a Reshape to [B, D·H]
            LastStepSlice,     // a sequence sliced to its last step, keeping a size-1 axis
            FlatSequence,      // a sequence reshaped to [T·B, F] by a computed shape (Keras Tensordot), Dense-able
        }

        private readonly OnnxGraphExecutor _executor;
        private readonly Dictionary<string, List<OnnxNode>> _consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        private readonly List<Layer> _layers = new List<Layer>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);
        // Values computed only from shapes and constants (exporters build zero initial states from Shape(input)).
        private readonly HashSet<string> _shapeDerived = new HashSet<string>(StringComparer.Ordinal);
        private string _inputLayout = "batch-major";
        private Form _form;
        private int _features;
        private bool _tokens;
        private int _lastAxisOfSlice;   // LastStepSlice: the size-1 axis to squeeze (0 time-major, 1 batch-major)
        private Form _flattenedFrom;    // FlatSequence: the sequence form to restore

        // A recurrent node whose output mode (sequence or last step) is known only from its consumers.
        private OnnxNode? _pending;
        private int _pendingLayout, _pendingDirections, _pendingHidden;

        public OnnxLayerMapper(OnnxGraphExecutor executor)
        {
            _executor = executor;
            foreach (var node in executor.RuntimeNodes)
            {
                bool shapeOnly = node.OpType == "Shape" || node.OpType == "Size";
                if (!shapeOnly)
                {
                    shapeOnly = true;
                    foreach (var input in node.Inputs)
                        if (input.Length > 0 && !_shapeDerived.Contains(input) && !executor.TryGetConstant(input, out _)) shapeOnly = false;
                }
                if (shapeOnly)
                {
                    foreach (var output in node.Outputs) _shapeDerived.Add(output);
                    if (node.OpType == "Shape" || node.OpType == "Size") continue;   // reading a shape is not a use of the data
                }
                foreach (var input in node.Inputs)
                {
                    if (input.Length == 0 || _shapeDerived.Contains(input)) continue;
                    if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = new List<OnnxNode>();
                    if (!list.Contains(node)) list.Add(node);
                }
            }
        }

        public bool TryMap(out Model? model, out string reason)
        {
            model = null;
            try
            {
                reason = Walk(out model) ?? string.Empty;
                return reason.Length == 0;
            }
            catch (RecurrentException e)
            {
                reason = "the mapped layers are invalid: " + e.Message;
                return false;
            }
        }

        private string? Walk(out Model? model)
        {
            model = null;
            if (_executor.Inputs.Count != 1) return $"the graph has {_executor.Inputs.Count} inputs (one is needed)";
            if (_executor.Outputs.Count != 1) return $"the graph has {_executor.Outputs.Count} outputs (one is needed)";
            var input = _executor.Inputs[0];
            string output = _executor.Outputs[0].Name;
            if (input.DimValues is null) return "the graph input has no declared shape";
            if (input.ElementType == OnnxDataType.Float && input.Rank == 3 && input.DimValues[2] > 0)
            {
                _features = (int)input.DimValues[2];
            }
            else if ((input.ElementType == OnnxDataType.Int64 || input.ElementType == OnnxDataType.Int32) && input.Rank == 2)
            {
                _tokens = true;
            }
            else
            {
                return $"the graph input {input} is neither float [B, T, I] / [T, B, I] nor integer token ids [B, T] / [T, B]";
            }
            _form = Form.UnknownSequence;

            string cur = input.Name;
            int guard = 0;
            while (cur != output)
            {
                if (++guard > 10_000) return "the chain does not end";
                if (!_consumers.TryGetValue(cur, out var users) || users.Count == 0)
                    return $"value '{cur}' is not used and is not the graph output";
                if (users.Count == 2 && _form == Form.RecurrentY && _pendingDirections == 2 && _pendingLayout == 0)
                {
                    // tf2onnx: Y [T, 2, B, H] → Slice each direction → Squeeze(1) → Concat(axis 2) = [T, B, 2H].
                    string? joined = SplitConcat(users);
                    if (joined is null) return $"value '{cur}' is split in a way that does not map onto a bidirectional layer";
                    cur = joined;
                    continue;
                }
                if (users.Count != 1) return $"value '{cur}' is used by {users.Count} nodes (only chains map onto layers)";
                var node = users[0];
                string? next = Step(node, cur, out string? why);
                if (next is null) return why ?? $"node '{node.Name}' (op {node.OpType}) cannot be mapped onto layers";
                cur = next;
            }

            if (_pending != null) return $"the recurrent node '{_pending.Name}' output is used in a form that is not mapped";
            string outLayout;
            switch (_form)
            {
                case Form.Vector: outLayout = ""; break;
                case Form.TimeMajor: outLayout = "time-major"; break;
                case Form.BatchMajor: outLayout = "batch-major"; break;
                default: return "the graph output is an intermediate recurrent tensor, not a layer output";
            }
            if (_layers.Count == 0 || (_tokens && _layers.Count == 1)) return "no layers were recognised";
            var metadata = new Dictionary<string, string>
            {
                ["source"] = "onnx",
                [OnnxImporter.InputLayoutKey] = _inputLayout,
                [OnnxImporter.InputNameKey] = input.Name,
                [OnnxImporter.OutputNameKey] = output,
            };
            if (outLayout.Length > 0) metadata[OnnxImporter.OutputLayoutKey] = outLayout;
            string name = _executor.Model.Graph.Name.Length > 0 ? _executor.Model.Graph.Name : "onnx";
            model = new Model(_layers, name, metadata);
            return null;
        }

        /// <summary>Consumes <paramref name="node"/> (reading <paramref name="cur"/>); returns its output or null.</summary>
        private string? Step(OnnxNode node, string cur, out string? why)
        {
            why = null;
            if (node.Domain.Length != 0 && node.Domain != "ai.onnx") { why = $"node '{node.Name}' is in domain '{node.Domain}'"; return null; }
            switch (node.OpType)
            {
                case "Identity":
                case "Dropout":
                    return node.Outputs[0];
                case "Transpose": return Transpose(node);
                case "Squeeze": return Squeeze(node);
                case "Reshape": return Reshape(node);
                case "Flatten": return _form == Form.Vector && IntAttr(node, "axis", 1) == 1 ? node.Outputs[0] : null;
                case "Gather": return Gather(node, cur);
                case "Slice": return Slice(node);
                case "RNN":
                case "GRU":
                case "LSTM":
                    return Recurrent(node, cur, out why);
                case "MatMul": return MatMul(node, cur);
                case "Gemm": return GemmNode(node, cur);
                case "Add": return AddBias(node, cur);
                case "Relu": return AddActivation(node, Activation.Relu);
                case "Tanh": return AddActivation(node, Activation.Tanh);
                case "Sigmoid": return AddActivation(node, Activation.Sigmoid);
                case "Softsign": return AddActivation(node, Activation.Default(ActivationKind.Softsign));
                case "Softplus": return AddActivation(node, Activation.Default(ActivationKind.Softplus));
                case "LeakyRelu": return AddActivation(node, new Activation(ActivationKind.LeakyRelu, FloatAttr(node, "alpha", 0.01f), 0f));
                case "Elu": return AddActivation(node, new Activation(ActivationKind.Elu, FloatAttr(node, "alpha", 1f), 0f));
                case "HardSigmoid":
                    return AddActivation(node, new Activation(ActivationKind.HardSigmoid, FloatAttr(node, "alpha", 0.2f), FloatAttr(node, "beta", 0.5f)));
                case "Softmax":
                case "LogSoftmax":
                    return SoftmaxNode(node);
                default:
                    return null;
            }
        }

        private string? Transpose(OnnxNode node)
        {
            long[] perm = node.Attribute("perm")?.Ints ?? Array.Empty<long>();
            if (Is(perm, 1, 0, 2))
            {
                switch (_form)
                {
                    case Form.UnknownSequence: _inputLayout = "batch-major"; _form = Form.TimeMajor; return node.Outputs[0];
                    case Form.TimeMajor: _form = Form.BatchMajor; return node.Outputs[0];
                    case Form.BatchMajor: _form = Form.TimeMajor; return node.Outputs[0];
                    case Form.RecurrentYh: _form = Form.RecurrentYhTransposed; return node.Outputs[0];
                }
            }
            if (Is(perm, 0, 2, 1, 3) && _form == Form.RecurrentY && _pendingLayout == 0)
            {
                _form = Form.RecurrentYTransposed;
                return node.Outputs[0];
            }
            return null;
        }

        private string? Squeeze(OnnxNode node)
        {
            long[]? axes = Axes(node);
            if (axes is null) return null;
            switch (_form)
            {
                case Form.RecurrentY when _pendingDirections == 1 && axes.Length == 1:
                    long want = _pendingLayout == 0 ? 1 : 2;
                    if (axes[0] != want && axes[0] != want - 4) return null;
                    FinishRecurrent(returnSequences: true);
                    _form = _pendingLayoutToForm;
                    return node.Outputs[0];
                case Form.RecurrentYh when _pendingDirections == 1 && axes.Length == 1 && (axes[0] == 0 || axes[0] == -3):
                    FinishRecurrent(returnSequences: false);
                    _form = Form.Vector;
                    return node.Outputs[0];
                case Form.LastStepSlice when axes.Length == 1 && (axes[0] == _lastAxisOfSlice || axes[0] == _lastAxisOfSlice - 3):
                    _form = Form.Vector;
                    return node.Outputs[0];
            }
            return null;
        }

        private Form _pendingLayoutToForm => _pendingLayout == 0 ? Form.TimeMajor : Form.BatchMajor;

        private string? Reshape(OnnxNode node)
        {
            if (!_executor.TryGetConstant(node.Input(1), out var shapeValue) || shapeValue.IsSequence) return ReshapeComputed(node);
            var shape = shapeValue.AsInt64s();
            switch (_form)
            {
                case Form.RecurrentYTransposed when shape.Length == 3 && (shape[2] == -1 || shape[2] == _pendingDirections * _pendingHidden)
                                                   && shape[0] <= 0 && shape[1] <= 0:
                    FinishRecurrent(returnSequences: true);
                    _form = Form.TimeMajor;
                    return node.Outputs[0];
                case Form.RecurrentYhTransposed when shape.Length == 2 && (shape[1] == -1 || shape[1] == _pendingDirections * _pendingHidden):
                    FinishRecurrent(returnSequences: false);
                    _form = Form.Vector;
                    return node.Outputs[0];
                case Form.Vector when shape.Length == 2 && (shape[1] == -1 || shape[1] == CurrentFeatures) && shape[0] <= 0:
                    return node.Outputs[0];
            }
            return null;
        }

        /// <summary>Reshape by a shape computed from the data's shape: Keras' Tensordot flattens [B, T, F] for a Dense.</summary>
        private string? ReshapeComputed(OnnxNode node)
        {
            if (!_shapeDerived.Contains(node.Input(1))) return null;
            if (_form == Form.TimeMajor || _form == Form.BatchMajor)
            {
                _flattenedFrom = _form;
                _form = Form.FlatSequence;
                return node.Outputs[0];
            }
            if (_form == Form.FlatSequence)
            {
                _form = _flattenedFrom;
                return node.Outputs[0];
            }
            return null;
        }

        private string? SplitConcat(List<OnnxNode> slices)
        {
            string?[] squeezed = new string?[2];
            foreach (var slice in slices)
            {
                if (slice.OpType != "Slice") return null;
                long[] starts, ends, axes;
                if (!SliceArgs(slice, out starts, out ends, out axes) || starts.Length != 1 || axes.Length != 1 || axes[0] != 1) return null;
                int dir = (int)starts[0];
                if (dir < 0 || dir > 1 || ends[0] != dir + 1 && ends[0] < int.MaxValue) return null;
                if (!_consumers.TryGetValue(slice.Outputs[0], out var sq) || sq.Count != 1 || sq[0].OpType != "Squeeze") return null;
                var axesSq = Axes(sq[0]);
                if (axesSq is null || axesSq.Length != 1 || axesSq[0] != 1) return null;
                squeezed[dir] = sq[0].Outputs[0];
            }
            if (squeezed[0] is null || squeezed[1] is null) return null;
            if (!_consumers.TryGetValue(squeezed[0]!, out var c0) || c0.Count != 1 || c0[0].OpType != "Concat") return null;
            var concat = c0[0];
            long axis = IntAttr(concat, "axis", 0);
            if ((axis != 2 && axis != -1) || concat.Inputs.Length != 2 || concat.Input(0) != squeezed[0] || concat.Input(1) != squeezed[1]) return null;
            FinishRecurrent(returnSequences: true);
            _form = Form.TimeMajor;
            return concat.Outputs[0];
        }

        private bool SliceArgs(OnnxNode node, out long[] starts, out long[] ends, out long[] axes)
        {
            starts = ends = axes = Array.Empty<long>();
            if (node.Attribute("starts") != null)
            {
                starts = node.Attribute("starts")!.Ints;
                ends = node.Attribute("ends")?.Ints ?? Array.Empty<long>();
                axes = node.Attribute("axes")?.Ints ?? new long[] { 0 };
                return true;
            }
            if (!_executor.TryGetConstant(node.Input(1), out var s) || !_executor.TryGetConstant(node.Input(2), out var e)) return false;
            starts = s.AsInt64s().ToArray();
            ends = e.AsInt64s().ToArray();
            axes = node.Input(3).Length > 0 && _executor.TryGetConstant(node.Input(3), out var a) ? a.AsInt64s().ToArray() : new long[] { 0 };
            return node.Input(4).Length == 0 || (_executor.TryGetConstant(node.Input(4), out var st) && st.AsInt64s()[0] == 1);
        }

        private string? Gather(OnnxNode node, string cur)
        {
            long axis = IntAttr(node, "axis", 0);
            if (_tokens && _layers.Count == 0 && node.Input(1) == cur)
            {
                if (axis != 0 || !_executor.TryGetConstant(node.Input(0), out var table) || table.Rank != 2
                    || table.ElementType != OnnxDataType.Float) return null;
                _layers.Add(new EmbeddingLayer(UniqueName(node, "embedding"),
                    new Tensor(table.ToFloatArray(), table.Dim(0), table.Dim(1))));
                return node.Outputs[0];
            }
            if (node.Input(0) != cur || !_executor.TryGetConstant(node.Input(1), out var index) || index.Rank != 0) return null;
            long i = index.AsInt64s()[0];
            if (i != -1) return null;   // only "the last step" is position-independent
            if (_form == Form.RecurrentY && _pendingLayout == 0 && axis == 0)
            {
                _form = Form.RecurrentYh;   // Y[-1] = [D, B, H] is Y_h when every row runs the full length
                return node.Outputs[0];
            }
            if ((_form == Form.TimeMajor && axis == 0) || (_form == Form.BatchMajor && axis == 1))
            {
                if (!MakeLastStep()) return null;
                _form = Form.Vector;
                return node.Outputs[0];
            }
            return null;
        }

        private string? Slice(OnnxNode node)
        {
            if (!SliceArgs(node, out var starts, out var ends, out var axes)) return null;
            if (starts.Length != 1 || ends.Length != 1 || axes.Length != 1 || starts[0] != -1 || ends[0] < int.MaxValue) return null;
            long axis = axes[0];
            if ((_form == Form.TimeMajor && axis == 0) || (_form == Form.BatchMajor && axis == 1))
            {
                if (!MakeLastStep()) return null;
                _lastAxisOfSlice = (int)axis;
                _form = Form.LastStepSlice;
                return node.Outputs[0];
            }
            return null;
        }

        /// <summary>The last layer must be a recurrent layer returning sequences: switch it to the last step.</summary>
        private bool MakeLastStep()
        {
            if (_layers.Count == 0 || !(_layers[_layers.Count - 1] is RecurrentLayer r) || !r.ReturnSequences) return false;
            _layers[_layers.Count - 1] = r.WithReturnSequences(false);
            return true;
        }

        private string? Recurrent(OnnxNode node, string cur, out string? why)
        {
            why = null;
            if (node.Input(0) != cur || _pending != null) return null;
            int layout = (int)IntAttr(node, "layout", 0);
            if (_form == Form.UnknownSequence) _inputLayout = layout == 0 ? "time-major" : "batch-major";
            else if (!(_form == Form.TimeMajor && layout == 0) && !(_form == Form.BatchMajor && layout == 1)) return null;
            if (node.Input(4).Length > 0) { why = $"node '{node.Name}' ({node.OpType}) takes sequence_lens from the graph"; return null; }
            // Initial states must be zero: constant zeros, or computed from shapes only (the usual export of
            // torch.zeros(D, B, H)); the probe-input verification rejects the mapping if they were not zeros.
            for (int slot = 5; slot <= 6; slot++)
                if (node.Input(slot).Length > 0 && !IsZeroConstant(node.Input(slot)) && !_shapeDerived.Contains(node.Input(slot)))
                {
                    why = $"node '{node.Name}' ({node.OpType}) has a non-zero or computed initial state";
                    return null;
                }
            if (!Const(node.Input(1), out var w) || !Const(node.Input(2), out var r)) { why = $"node '{node.Name}' has computed weights"; return null; }
            var attrs = ReadAttributes(node, r.Dim(2));
            attrs.Layout = 0;
            _pending = node;
            _pendingLayout = layout;
            _pendingDirections = attrs.NumDirections;
            _pendingHidden = attrs.HiddenSize;
            string y = node.Outputs.Length > 0 ? node.Outputs[0] : "", yh = node.Outputs.Length > 1 ? node.Outputs[1] : "";
            bool yUsed = Used(y), yhUsed = Used(yh), ycUsed = node.Outputs.Length > 2 && Used(node.Outputs[2]);
            if (ycUsed || (yUsed == yhUsed)) { why = $"node '{node.Name}' ({node.OpType}) feeds on more than one of its outputs"; return null; }
            _form = yUsed ? Form.RecurrentY : Form.RecurrentYh;
            return yUsed ? y : yh;
        }

        private void FinishRecurrent(bool returnSequences)
        {
            var node = _pending!;
            Const(node.Input(1), out var w);
            Const(node.Input(2), out var r);
            var attrs = ReadAttributes(node, r.Dim(2));
            attrs.Layout = 0;
            Tensor? b = node.Input(3).Length > 0 && Const(node.Input(3), out var bv) ? ToTensor(bv) : null;
            Tensor? p = node.Input(7).Length > 0 && Const(node.Input(7), out var pv) ? ToTensor(pv) : null;
            string kind = node.OpType == "RNN" ? "simple_rnn" : node.OpType.ToLowerInvariant();
            _layers.Add(new RecurrentLayer(UniqueName(node, kind), attrs, ToTensor(w), ToTensor(r), b, p, returnSequences,
                BidirectionalMerge.Concat, singleBias: IsTensorFlowSingleBias(attrs, b)));
            _pending = null;
        }

        /// <summary>
        /// Whether the node is a TensorFlow / Keras layer with one bias, exported as Wb with Rb = 0: the model's producer is
        /// tf2onnx or keras2onnx (TensorFlow's LSTM, SimpleRNN and reset_after = False GRU cells have one bias), the cell is
        /// not a linear_before_reset GRU (Keras reset_after = True keeps two biases), and every Rb value is exactly 0.
        /// Such layers then train like Keras (<see cref="RecurrentLayer.SingleBias"/>); inference is the same either way.
        /// </summary>
        private bool IsTensorFlowSingleBias(RecurrentOpAttributes attrs, Tensor? b)
        {
            string producer = _executor.Model.ProducerName;
            bool tensorFlow = producer.StartsWith("tf2onnx", StringComparison.OrdinalIgnoreCase)
                || producer.StartsWith("keras2onnx", StringComparison.OrdinalIgnoreCase);
            if (!tensorFlow || b is null || (attrs.Cell == RecurrentCellKind.Gru && attrs.LinearBeforeReset)) return false;
            int GH = attrs.GateCount * attrs.HiddenSize, D = attrs.NumDirections;
            if (b.Length != D * 2 * GH) return false;   // the layer constructor reports the shape
            var data = b.ReadOnlySpan;
            for (int d = 0; d < D; d++)
                for (int j = 0; j < GH; j++)
                    if (data[d * 2 * GH + GH + j] != 0f) return false;
            return true;
        }

        private string? MatMul(OnnxNode node, string cur)
        {
            if (node.Input(0) != cur || !(_form == Form.Vector || _form == Form.TimeMajor || _form == Form.BatchMajor || _form == Form.FlatSequence)) return null;
            if (!Const(node.Input(1), out var k) || k.Rank != 2 || k.Dim(0) != CurrentFeatures) return null;
            _layers.Add(new DenseLayer(UniqueName(node, "dense"), new Tensor(k.ToFloatArray(), k.Dim(0), k.Dim(1)), null, Activation.Identity));
            return node.Outputs[0];
        }

        private string? GemmNode(OnnxNode node, string cur)
        {
            if (node.Input(0) != cur || _form != Form.Vector) return null;
            if (IntAttr(node, "transA", 0) != 0 || FloatAttr(node, "beta", 1f) != 1f) return null;
            float alpha = FloatAttr(node, "alpha", 1f);
            bool transB = IntAttr(node, "transB", 0) != 0;
            if (!Const(node.Input(1), out var bw) || bw.Rank != 2) return null;
            int inF = transB ? bw.Dim(1) : bw.Dim(0), outF = transB ? bw.Dim(0) : bw.Dim(1);
            if (inF != CurrentFeatures) return null;
            var src = bw.AsFloats();
            var kernel = new float[inF * outF];
            for (int i = 0; i < inF; i++)
                for (int o = 0; o < outF; o++)
                    kernel[i * outF + o] = alpha * (transB ? src[o * inF + i] : src[i * outF + o]);
            Tensor? bias = null;
            if (node.Input(2).Length > 0)
            {
                if (!Const(node.Input(2), out var c) || c.ElementCount != outF) return null;
                bias = new Tensor(c.ToFloatArray(), outF);
            }
            _layers.Add(new DenseLayer(UniqueName(node, "dense"), new Tensor(kernel, inF, outF), bias, Activation.Identity));
            return node.Outputs[0];
        }

        private string? AddBias(OnnxNode node, string cur)
        {
            if (_layers.Count == 0 || !(_layers[_layers.Count - 1] is DenseLayer d) || d.Bias != null
                || d.Activation.Kind != ActivationKind.Identity) return null;
            string other = node.Input(0) == cur ? node.Input(1) : node.Input(0);
            if (!Const(other, out var c) || c.ElementCount != d.OutputSize) return null;
            _layers[_layers.Count - 1] = new DenseLayer(d.Name, d.Kernel, new Tensor(c.ToFloatArray(), d.OutputSize), Activation.Identity);
            return node.Outputs[0];
        }

        private string? AddActivation(OnnxNode node, Activation act)
        {
            if (!(_form == Form.Vector || _form == Form.TimeMajor || _form == Form.BatchMajor || _form == Form.FlatSequence) || _layers.Count == 0) return null;
            if (_layers[_layers.Count - 1] is DenseLayer d && d.Activation.Kind == ActivationKind.Identity)
                _layers[_layers.Count - 1] = new DenseLayer(d.Name, d.Kernel, d.Bias, act);
            else
                _layers.Add(new ActivationLayer(UniqueName(node, "activation"), CurrentFeatures, act));
            return node.Outputs[0];
        }

        private string? SoftmaxNode(OnnxNode node)
        {
            if (!(_form == Form.Vector || _form == Form.TimeMajor || _form == Form.BatchMajor) || _layers.Count == 0) return null;
            int rank = _form == Form.Vector ? 2 : 3;
            long opset = _executor.Model.Opset;
            long axis = IntAttr(node, "axis", opset >= 13 ? -1 : 1);
            if (axis != -1 && axis != rank - 1) return null;   // before opset 13 a 3-D softmax with axis 1 flattens: not ours
            bool log = node.OpType == "LogSoftmax";
            _layers.Add(new SoftmaxLayer(UniqueName(node, log ? "log_softmax" : "softmax"), CurrentFeatures, log));
            return node.Outputs[0];
        }

        private int CurrentFeatures => _layers.Count == 0 ? _features : _layers[_layers.Count - 1].OutputSize;

        private RecurrentOpAttributes ReadAttributes(OnnxNode node, int hiddenFromR)
        {
            var a = new RecurrentOpAttributes
            {
                Cell = node.OpType == "RNN" ? RecurrentCellKind.Rnn : node.OpType == "GRU" ? RecurrentCellKind.Gru : RecurrentCellKind.Lstm,
                HiddenSize = (int)IntAttr(node, "hidden_size", hiddenFromR),
                Direction = RecurrentOpAttributes.ParseDirection(node.Attribute("direction")?.S ?? "forward"),
                InputForget = IntAttr(node, "input_forget", 0) != 0,
                LinearBeforeReset = IntAttr(node, "linear_before_reset", 0) != 0,
            };
            var acts = node.Attribute("activations");
            if (acts != null) a.Activations = acts.Strings;
            var alpha = node.Attribute("activation_alpha");
            if (alpha != null) a.ActivationAlpha = alpha.Floats;
            var beta = node.Attribute("activation_beta");
            if (beta != null) a.ActivationBeta = beta.Floats;
            var clip = node.Attribute("clip");
            if (clip != null) a.Clip = clip.F;
            return a;
        }

        private bool Used(string name) =>
            name.Length > 0 && ((_consumers.TryGetValue(name, out var u) && u.Count > 0) || name == _executor.Outputs[0].Name);

        private bool Const(string name, out OnnxValue value)
        {
            value = null!;
            return name.Length > 0 && _executor.TryGetConstant(name, out value) && !value.IsSequence && value.ElementType == OnnxDataType.Float;
        }

        private bool IsZeroConstant(string name)
        {
            if (!Const(name, out var v)) return false;
            foreach (float f in v.AsFloats()) if (f != 0f) return false;
            return true;
        }

        private long[]? Axes(OnnxNode node)
        {
            var attr = node.Attribute("axes");
            if (attr != null) return attr.Ints;
            if (node.Input(1).Length > 0 && _executor.TryGetConstant(node.Input(1), out var v)) return v.AsInt64s().ToArray();
            return null;
        }

        private string UniqueName(OnnxNode node, string fallback)
        {
            string baseName = node.Name.Length > 0 ? node.Name : fallback;
            string name = baseName;
            for (int i = 2; !_names.Add(name); i++) name = baseName + "_" + i;
            return name;
        }

        private static Tensor ToTensor(OnnxValue v) => new Tensor(v.ToFloatArray(), v.GetShape());

        private static bool Is(long[] perm, params long[] expected)
        {
            if (perm.Length != expected.Length) return false;
            for (int i = 0; i < perm.Length; i++) if (perm[i] != expected[i]) return false;
            return true;
        }

        private static long IntAttr(OnnxNode node, string name, long fallback) => node.Attribute(name)?.I ?? fallback;

        private static float FloatAttr(OnnxNode node, string name, float fallback) => node.Attribute(name)?.F ?? fallback;
    }
}
