// The strings a model file uses for enum values, as explicit static tables (no reflection, no Enum.ToString), in both
// directions. docs/model-format.md is the contract these follow.
using Recurrent.Kernels;
using Recurrent.Ops;

namespace Recurrent.Formats
{
    internal static class ModelFileNames
    {
        public static string Of(LayerKind kind) => kind switch
        {
            LayerKind.Embedding => "embedding",
            LayerKind.Recurrent => "recurrent",
            LayerKind.Dense => "dense",
            LayerKind.Activation => "activation",
            LayerKind.Dropout => "dropout",
            _ => "softmax",
        };

        public static bool TryParseLayerKind(string s, out LayerKind kind)
        {
            switch (s)
            {
                case "embedding": kind = LayerKind.Embedding; return true;
                case "recurrent": kind = LayerKind.Recurrent; return true;
                case "dense": kind = LayerKind.Dense; return true;
                case "activation": kind = LayerKind.Activation; return true;
                case "softmax": kind = LayerKind.Softmax; return true;
                case "dropout": kind = LayerKind.Dropout; return true;
                default: kind = default; return false;
            }
        }

        public static string Of(RecurrentCellKind cell) => cell switch
        {
            RecurrentCellKind.Rnn => "rnn",
            RecurrentCellKind.Gru => "gru",
            _ => "lstm",
        };

        public static bool TryParseCell(string s, out RecurrentCellKind cell)
        {
            switch (s)
            {
                case "rnn": cell = RecurrentCellKind.Rnn; return true;
                case "gru": cell = RecurrentCellKind.Gru; return true;
                case "lstm": cell = RecurrentCellKind.Lstm; return true;
                default: cell = default; return false;
            }
        }

        public static string Of(RecurrentDirection direction) => direction switch
        {
            RecurrentDirection.Forward => "forward",
            RecurrentDirection.Reverse => "reverse",
            _ => "bidirectional",
        };

        public static bool TryParseDirection(string s, out RecurrentDirection direction)
        {
            switch (s)
            {
                case "forward": direction = RecurrentDirection.Forward; return true;
                case "reverse": direction = RecurrentDirection.Reverse; return true;
                case "bidirectional": direction = RecurrentDirection.Bidirectional; return true;
                default: direction = default; return false;
            }
        }

        public static string Of(BidirectionalMerge merge) => merge == BidirectionalMerge.Sum ? "sum" : "concat";

        public static bool TryParseMerge(string s, out BidirectionalMerge merge)
        {
            switch (s)
            {
                case "concat": merge = BidirectionalMerge.Concat; return true;
                case "sum": merge = BidirectionalMerge.Sum; return true;
                default: merge = default; return false;
            }
        }

        /// <summary>ONNX spelling ("LeakyRelu"); read back case-insensitively by Activation.TryParseKind.</summary>
        public static string Of(ActivationKind kind) => kind switch
        {
            ActivationKind.Identity => "Identity",
            ActivationKind.Relu => "Relu",
            ActivationKind.Tanh => "Tanh",
            ActivationKind.Sigmoid => "Sigmoid",
            ActivationKind.Affine => "Affine",
            ActivationKind.LeakyRelu => "LeakyRelu",
            ActivationKind.ThresholdedRelu => "ThresholdedRelu",
            ActivationKind.ScaledTanh => "ScaledTanh",
            ActivationKind.HardSigmoid => "HardSigmoid",
            ActivationKind.Elu => "Elu",
            ActivationKind.Softsign => "Softsign",
            _ => "Softplus",
        };

        public static string Of(TokenizerKind kind) => kind switch
        {
            TokenizerKind.Char => "char",
            TokenizerKind.Word => "word",
            _ => "bpe",
        };

        public static bool TryParseTokenizer(string s, out TokenizerKind kind)
        {
            switch (s)
            {
                case "char": kind = TokenizerKind.Char; return true;
                case "word": kind = TokenizerKind.Word; return true;
                case "bpe": kind = TokenizerKind.Bpe; return true;
                default: kind = default; return false;
            }
        }

        public static string Of(ScalerKind kind) => kind == ScalerKind.MinMax ? "minmax" : "standard";

        public static bool TryParseScaler(string s, out ScalerKind kind)
        {
            switch (s)
            {
                case "standard": kind = ScalerKind.Standard; return true;
                case "minmax": kind = ScalerKind.MinMax; return true;
                default: kind = default; return false;
            }
        }

        public static string Of(StrokeResampling resampling) => resampling == StrokeResampling.Time ? "time" : "arc_length";

        public static bool TryParseResampling(string s, out StrokeResampling resampling)
        {
            switch (s)
            {
                case "arc_length": resampling = StrokeResampling.ArcLength; return true;
                case "time": resampling = StrokeResampling.Time; return true;
                default: resampling = default; return false;
            }
        }
    }
}
