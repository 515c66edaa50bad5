// The strings a model file uses for enum values, as explicit static tables (no reflection, no Enum.ToString), in both
// directions. docs/model-format.md is the contract these follow.
using Recurrent.Data;
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

        public static string Of(TokenizerAlgorithm algorithm) => algorithm switch
        {
            TokenizerAlgorithm.Char => "char",
            TokenizerAlgorithm.Word => "word",
            _ => "bpe",
        };

        public static bool TryParseTokenizer(string s, out TokenizerAlgorithm algorithm)
        {
            switch (s)
            {
                case "char": algorithm = TokenizerAlgorithm.Char; return true;
                case "word": algorithm = TokenizerAlgorithm.Word; return true;
                case "bpe": algorithm = TokenizerAlgorithm.Bpe; return true;
                default: algorithm = default; return false;
            }
        }

        public static string Of(FeatureScalerKind kind) => kind == FeatureScalerKind.MinMax ? "minmax" : "standard";

        public static bool TryParseScaler(string s, out FeatureScalerKind kind)
        {
            switch (s)
            {
                case "standard": kind = FeatureScalerKind.Standard; return true;
                case "minmax": kind = FeatureScalerKind.MinMax; return true;
                default: kind = default; return false;
            }
        }

        public static string Of(StrokeResampleMode mode) => mode switch
        {
            StrokeResampleMode.None => "none",
            StrokeResampleMode.Time => "time",
            _ => "arc_length",
        };

        public static bool TryParseResampling(string s, out StrokeResampleMode mode)
        {
            switch (s)
            {
                case "none": mode = StrokeResampleMode.None; return true;
                case "arc_length": mode = StrokeResampleMode.ArcLength; return true;
                case "time": mode = StrokeResampleMode.Time; return true;
                default: mode = default; return false;
            }
        }

        public static string Of(StrokeNormalization normalization) =>
            normalization == StrokeNormalization.StreamingSafe ? "streaming_safe" : "gesture";

        public static bool TryParseNormalization(string s, out StrokeNormalization normalization)
        {
            switch (s)
            {
                case "gesture": normalization = StrokeNormalization.Gesture; return true;
                case "streaming_safe": normalization = StrokeNormalization.StreamingSafe; return true;
                default: normalization = default; return false;
            }
        }

        public static string Of(StrokeScaleMode mode) => mode == StrokeScaleMode.RmsRadius ? "rms_radius" : "bounding_box";

        public static bool TryParseScaleMode(string s, out StrokeScaleMode mode)
        {
            switch (s)
            {
                case "bounding_box": mode = StrokeScaleMode.BoundingBox; return true;
                case "rms_radius": mode = StrokeScaleMode.RmsRadius; return true;
                default: mode = default; return false;
            }
        }
    }
}
