// Turns an ONNX RNN/GRU/LSTM test node and its decoded inputs into a Recurrent.Ops.RecurrentOp and runs it.
// Test-only: attribute and slot mapping are written here from the ONNX operator pages, independently of Formats/.
using System;
using System.Collections.Generic;
using System.IO;
using Recurrent.Ops;

namespace Recurrent.Tests.Oracle
{
    /// <summary>One output the operator produced for a graph output.</summary>
    internal sealed class OnnxRunOutput
    {
        public OnnxRunOutput(string name, int slot, long[] dims, float[] data)
        {
            Name = name;
            Slot = slot;
            Dims = dims;
            Data = data;
        }

        /// <summary>Graph output name (Y, Y_h, Y_c in the ONNX node tests).</summary>
        public string Name { get; }

        /// <summary>Node output slot: 0 = Y, 1 = Y_h, 2 = Y_c.</summary>
        public int Slot { get; }

        public long[] Dims { get; }

        public float[] Data { get; }
    }

    internal static class OnnxRecurrentRunner
    {
        // Node input slots of RNN, GRU and LSTM (ONNX operator pages; P exists for LSTM only).
        public const int SlotX = 0, SlotW = 1, SlotR = 2, SlotB = 3, SlotSequenceLens = 4, SlotInitialH = 5, SlotInitialC = 6, SlotP = 7;

        // Node output slots.
        public const int SlotY = 0, SlotYH = 1, SlotYC = 2;

        public static bool IsRecurrent(string opType) => opType == "RNN" || opType == "GRU" || opType == "LSTM";

        public static RecurrentCellKind CellOf(string opType) => opType switch
        {
            "RNN" => RecurrentCellKind.Rnn,
            "GRU" => RecurrentCellKind.Gru,
            "LSTM" => RecurrentCellKind.Lstm,
            _ => throw new NotSupportedException($"'{opType}' is not a recurrent operator."),
        };

        /// <summary>Maps the node's attributes; absent ones keep the ONNX defaults of <see cref="RecurrentOpAttributes"/>.</summary>
        public static RecurrentOpAttributes ReadAttributes(OnnxNode node, int hiddenSizeFromR)
        {
            var attributes = new RecurrentOpAttributes
            {
                Cell = CellOf(node.OpType),
                // hidden_size is optional in the schema; R's last dim is H either way.
                HiddenSize = checked((int)node.GetInt("hidden_size", hiddenSizeFromR)),
                Direction = RecurrentOpAttributes.ParseDirection(node.GetString("direction", "forward")),
                InputForget = node.GetInt("input_forget", 0) != 0,
                LinearBeforeReset = node.GetInt("linear_before_reset", 0) != 0,
                Layout = checked((int)node.GetInt("layout", 0)),
            };
            if (node.HasAttribute("activations")) attributes.Activations = node.GetStrings("activations");
            if (node.HasAttribute("activation_alpha")) attributes.ActivationAlpha = node.GetFloats("activation_alpha");
            if (node.HasAttribute("activation_beta")) attributes.ActivationBeta = node.GetFloats("activation_beta");
            if (node.HasAttribute("clip")) attributes.Clip = node.GetFloat("clip");
            return attributes;
        }

        /// <summary>
        /// Builds the operator from the case's node and inputs and computes every output the graph declares,
        /// in graph-output order, with the shapes ONNX gives them for the node's layout.
        /// </summary>
        public static IReadOnlyList<OnnxRunOutput> Run(OnnxTestCase testCase, Action<RecurrentOpAttributes>? adjust = null)
        {
            OnnxNode node = testCase.Node;
            OnnxTensor x = Required(testCase, SlotX, "X");
            OnnxTensor w = Required(testCase, SlotW, "W");
            OnnxTensor r = Required(testCase, SlotR, "R");
            OnnxTensor? b = testCase.NodeInput(SlotB);
            OnnxTensor? sequenceLens = testCase.NodeInput(SlotSequenceLens);
            OnnxTensor? initialH = testCase.NodeInput(SlotInitialH);
            OnnxTensor? initialC = node.OpType == "LSTM" ? testCase.NodeInput(SlotInitialC) : null;
            OnnxTensor? p = node.OpType == "LSTM" ? testCase.NodeInput(SlotP) : null;

            RequireRank(testCase, x, 3);
            RequireRank(testCase, w, 3);
            RequireRank(testCase, r, 3);
            RecurrentOpAttributes attributes = ReadAttributes(node, checked((int)r.Dims[2]));
            adjust?.Invoke(attributes);
            int inputSize = checked((int)w.Dims[2]);
            bool batchMajor = attributes.Layout == 1;
            int seqLength = checked((int)(batchMajor ? x.Dims[1] : x.Dims[0]));
            int batchSize = checked((int)(batchMajor ? x.Dims[0] : x.Dims[1]));

            var op = new RecurrentOp(attributes, inputSize, w.AsFloats(), r.AsFloats(),
                b is null ? ReadOnlySpan<float>.Empty : b.AsFloats(),
                p is null ? ReadOnlySpan<float>.Empty : p.AsFloats());

            int D = op.NumDirections, H = op.HiddenSize, T = seqLength, B = batchSize;
            long[] yDims = batchMajor ? new long[] { B, T, D, H } : new long[] { T, D, B, H };
            long[] stateDims = batchMajor ? new long[] { B, D, H } : new long[] { D, B, H };

            var outputs = new List<OnnxRunOutput>();
            float[] y = Array.Empty<float>(), yH = Array.Empty<float>(), yC = Array.Empty<float>();
            foreach (OnnxValueInfo declared in testCase.GraphOutputs)
            {
                int slot = testCase.NodeOutputSlot(declared.Name);
                switch (slot)
                {
                    case SlotY:
                        y = new float[T * D * B * H];
                        outputs.Add(new OnnxRunOutput(declared.Name, slot, yDims, y));
                        break;
                    case SlotYH:
                        yH = new float[D * B * H];
                        outputs.Add(new OnnxRunOutput(declared.Name, slot, stateDims, yH));
                        break;
                    case SlotYC when node.OpType == "LSTM":
                        yC = new float[D * B * H];
                        outputs.Add(new OnnxRunOutput(declared.Name, slot, stateDims, yC));
                        break;
                    default:
                        throw new InvalidDataException($"{testCase.Name}: graph output '{declared.Name}' is not an output of the {node.OpType} node.");
                }
            }

            op.Run(x.AsFloats(), T, B,
                sequenceLens is null ? ReadOnlySpan<int>.Empty : sequenceLens.AsInt32s(),
                initialH is null ? ReadOnlySpan<float>.Empty : initialH.AsFloats(),
                initialC is null ? ReadOnlySpan<float>.Empty : initialC.AsFloats(),
                y, yH, yC);
            return outputs;
        }

        private static OnnxTensor Required(OnnxTestCase testCase, int slot, string name) =>
            testCase.NodeInput(slot) ?? throw new InvalidDataException($"{testCase.Name}: required input {name} (slot {slot}) is missing.");

        private static void RequireRank(OnnxTestCase testCase, OnnxTensor tensor, int rank)
        {
            if (tensor.Dims.Length != rank)
            {
                throw new InvalidDataException($"{testCase.Name}: input '{tensor.Name}' has shape {tensor.ShapeText}, expected rank {rank}.");
            }
        }
    }
}
