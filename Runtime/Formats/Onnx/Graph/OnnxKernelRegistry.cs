// The executor's operator registry: an explicit switch from ONNX op type (default domain) to kernel factory.
// Nothing is discovered at run time (no reflection), so IL2CPP and NativeAOT keep every kernel.
using Recurrent.Ops;

namespace Recurrent.Formats.Onnx
{
    internal static class OnnxKernelRegistry
    {
        public static OnnxKernel Create(OnnxNodeContext c)
        {
            string domain = c.Node.Domain;
            if (domain.Length > 0 && domain != "ai.onnx")
                throw c.Error($"operator '{c.OpType}' of domain '{domain}' is not supported (only the default ONNX domain is).");
            switch (c.OpType)
            {
                // Recurrent
                case "RNN": return RecurrentKernel.Create(c, RecurrentCellKind.Rnn);
                case "GRU": return RecurrentKernel.Create(c, RecurrentCellKind.Gru);
                case "LSTM": return RecurrentKernel.Create(c, RecurrentCellKind.Lstm);

                // Linear algebra and convolution
                case "Gemm": return GemmKernel.Create(c);
                case "MatMul": return MatMulKernel.Create(c);
                case "Conv": return ConvKernel.Create(c);
                case "BatchNormalization": return BatchNormalizationKernel.Create(c);

                // Elementwise binary
                case "Add": return BinaryKernel.Create(c, BinaryKind.Add);
                case "Sub": return BinaryKernel.Create(c, BinaryKind.Sub);
                case "Mul": return BinaryKernel.Create(c, BinaryKind.Mul);
                case "Div": return BinaryKernel.Create(c, BinaryKind.Div);
                case "Pow": return BinaryKernel.Create(c, BinaryKind.Pow);
                case "Mod": return BinaryKernel.Create(c, BinaryKind.Mod);
                case "PRelu": return BinaryKernel.Create(c, BinaryKind.PRelu);
                case "Max": return BinaryKernel.Create(c, BinaryKind.Max, variadic: true);
                case "Min": return BinaryKernel.Create(c, BinaryKind.Min, variadic: true);
                case "Sum": return BinaryKernel.Create(c, BinaryKind.Add, variadic: true);
                case "Mean": return BinaryKernel.Create(c, BinaryKind.Add, variadic: true, mean: true);
                case "Equal": return BinaryKernel.Create(c, BinaryKind.Equal);
                case "Less": return BinaryKernel.Create(c, BinaryKind.Less);
                case "LessOrEqual": return BinaryKernel.Create(c, BinaryKind.LessOrEqual);
                case "Greater": return BinaryKernel.Create(c, BinaryKind.Greater);
                case "GreaterOrEqual": return BinaryKernel.Create(c, BinaryKind.GreaterOrEqual);
                case "And": return BinaryKernel.Create(c, BinaryKind.And);
                case "Or": return BinaryKernel.Create(c, BinaryKind.Or);
                case "Xor": return BinaryKernel.Create(c, BinaryKind.Xor);
                case "Where": return WhereKernel.Create(c);

                // Elementwise unary
                case "Sigmoid": return UnaryKernel.Create(c, UnaryKind.Sigmoid);
                case "Tanh": return UnaryKernel.Create(c, UnaryKind.Tanh);
                case "Relu": return UnaryKernel.Create(c, UnaryKind.Relu);
                case "LeakyRelu": return UnaryKernel.Create(c, UnaryKind.LeakyRelu);
                case "Elu": return UnaryKernel.Create(c, UnaryKind.Elu);
                case "HardSigmoid": return UnaryKernel.Create(c, UnaryKind.HardSigmoid);
                case "Softplus": return UnaryKernel.Create(c, UnaryKind.Softplus);
                case "Softsign": return UnaryKernel.Create(c, UnaryKind.Softsign);
                case "ThresholdedRelu": return UnaryKernel.Create(c, UnaryKind.ThresholdedRelu);
                case "Sqrt": return UnaryKernel.Create(c, UnaryKind.Sqrt);
                case "Exp": return UnaryKernel.Create(c, UnaryKind.Exp);
                case "Log": return UnaryKernel.Create(c, UnaryKind.Log);
                case "Neg": return UnaryKernel.Create(c, UnaryKind.Neg);
                case "Abs": return UnaryKernel.Create(c, UnaryKind.Abs);
                case "Reciprocal": return UnaryKernel.Create(c, UnaryKind.Reciprocal);
                case "Floor": return UnaryKernel.Create(c, UnaryKind.Floor);
                case "Ceil": return UnaryKernel.Create(c, UnaryKind.Ceil);
                case "Round": return UnaryKernel.Create(c, UnaryKind.Round);
                case "Sign": return UnaryKernel.Create(c, UnaryKind.Sign);
                case "Erf": return UnaryKernel.Create(c, UnaryKind.Erf);
                case "Not": return UnaryKernel.Create(c, UnaryKind.Not);
                case "Clip": return ClipKernel.Create(c);
                case "Cast": return CastKernel.Create(c);
                case "Identity": return IdentityKernel.Create(c, dropout: false);
                case "Dropout": return IdentityKernel.Create(c, dropout: true);

                // Normalisation and reduction
                case "Softmax": return SoftmaxKernel.Create(c, log: false);
                case "LogSoftmax": return SoftmaxKernel.Create(c, log: true);
                case "ReduceMean": return ReduceKernel.Create(c, ReduceKind.Mean);
                case "ReduceSum": return ReduceKernel.Create(c, ReduceKind.Sum);
                case "ReduceProd": return ReduceKernel.Create(c, ReduceKind.Prod);
                case "ReduceMax": return ReduceKernel.Create(c, ReduceKind.Max);
                case "ReduceMin": return ReduceKernel.Create(c, ReduceKind.Min);

                // Shape and layout
                case "Reshape": return ReshapeKernel.Create(c);
                case "Flatten": return FlattenKernel.Create(c);
                case "Squeeze": return SqueezeKernel.Create(c, unsqueeze: false);
                case "Unsqueeze": return SqueezeKernel.Create(c, unsqueeze: true);
                case "Transpose": return TransposeKernel.Create(c);
                case "Concat": return ConcatKernel.Create(c);
                case "Split": return SplitKernel.Create(c);
                case "Shape": return ShapeKernel.Create(c, size: false);
                case "Size": return ShapeKernel.Create(c, size: true);
                case "Expand": return ExpandKernel.Create(c);
                case "Tile": return TileKernel.Create(c);

                // Indexing
                case "Gather": return GatherKernel.Create(c, elements: false);
                case "GatherElements": return GatherKernel.Create(c, elements: true);
                case "Slice": return SliceKernel.Create(c);
                case "ReverseSequence": return ReverseSequenceKernel.Create(c);

                // Tensor creation
                case "Constant": return ConstantKernel.Create(c);
                case "ConstantOfShape": return ConstantOfShapeKernel.Create(c);
                case "Range": return RangeKernel.Create(c);

                // Control flow and sequences
                case "If": return IfKernel.Create(c);
                case "Loop": return LoopKernel.Create(c);
                case "SequenceEmpty": return SequenceKernel.Create(c, SequenceOp.Empty);
                case "SequenceConstruct": return SequenceKernel.Create(c, SequenceOp.Construct);
                case "SequenceLength": return SequenceKernel.Create(c, SequenceOp.Length);
                case "SequenceAt": return SequenceKernel.Create(c, SequenceOp.At);
                case "SequenceInsert": return SequenceKernel.Create(c, SequenceOp.Insert);
                case "SplitToSequence": return SequenceKernel.Create(c, SequenceOp.Split);
                case "ConcatFromSequence": return SequenceKernel.Create(c, SequenceOp.Concat);

                default:
                    throw c.Error($"operator '{c.OpType}' is not supported by the graph executor.");
            }
        }
    }
}
