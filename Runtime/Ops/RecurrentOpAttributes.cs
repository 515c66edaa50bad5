// The attributes of an ONNX RNN/GRU/LSTM node (opset 7 to 22), as plain settable properties.
// Validation happens when a RecurrentOp is built from them.
using System;

namespace Recurrent.Ops
{
    /// <summary>Attributes of an ONNX recurrent operator. Defaults are the ONNX defaults.</summary>
    public sealed class RecurrentOpAttributes
    {
        public RecurrentCellKind Cell { get; set; }

        /// <summary>ONNX <c>hidden_size</c> (H).</summary>
        public int HiddenSize { get; set; }

        public RecurrentDirection Direction { get; set; } = RecurrentDirection.Forward;

        /// <summary>ONNX <c>activations</c>: per direction, f (RNN), f,g (GRU) or f,g,h (LSTM). Null means the defaults.</summary>
        public string[]? Activations { get; set; }

        public float[]? ActivationAlpha { get; set; }

        public float[]? ActivationBeta { get; set; }

        /// <summary>ONNX <c>clip</c>: pre-activations are clamped to [-Clip, Clip]. Null means no clipping.</summary>
        public float? Clip { get; set; }

        /// <summary>ONNX LSTM <c>input_forget</c>: couple the gates, f = 1 - i (CIFG-LSTM).</summary>
        public bool InputForget { get; set; }

        /// <summary>ONNX GRU <c>linear_before_reset</c> (1 is the PyTorch / Keras reset_after form).</summary>
        public bool LinearBeforeReset { get; set; }

        /// <summary>ONNX <c>layout</c>: 0 = [T, B, ...] (default), 1 = [B, T, ...].</summary>
        public int Layout { get; set; }

        public int NumDirections => Direction == RecurrentDirection.Bidirectional ? 2 : 1;

        /// <summary>Gates per direction: 1 (RNN), 3 (GRU), 4 (LSTM).</summary>
        public int GateCount => GateCountOf(Cell);

        public static int GateCountOf(RecurrentCellKind cell) => cell switch
        {
            RecurrentCellKind.Rnn => 1,
            RecurrentCellKind.Gru => 3,
            _ => 4,
        };

        /// <summary>Parses the ONNX <c>direction</c> string.</summary>
        public static RecurrentDirection ParseDirection(string direction) => direction switch
        {
            "forward" => RecurrentDirection.Forward,
            "reverse" => RecurrentDirection.Reverse,
            "bidirectional" => RecurrentDirection.Bidirectional,
            _ => throw new RecurrentException($"Unknown recurrent direction '{direction}' (expected forward, reverse or bidirectional)."),
        };

        /// <summary>The ONNX default activations of one direction.</summary>
        public static string[] DefaultActivations(RecurrentCellKind cell) => cell switch
        {
            RecurrentCellKind.Rnn => new[] { "Tanh" },
            RecurrentCellKind.Gru => new[] { "Sigmoid", "Tanh" },
            _ => new[] { "Sigmoid", "Tanh", "Tanh" },
        };

        public RecurrentOpAttributes Clone()
        {
            var c = (RecurrentOpAttributes)MemberwiseClone();
            c.Activations = Activations is null ? null : (string[])Activations.Clone();
            c.ActivationAlpha = ActivationAlpha is null ? null : (float[])ActivationAlpha.Clone();
            c.ActivationBeta = ActivationBeta is null ? null : (float[])ActivationBeta.Clone();
            return c;
        }
    }
}
