// A decoded ONNX TensorProto (initializer, Constant value or test data): name, type, dims and the values, widened
// to one of float / long / double / bool arrays. Float16 and BFloat16 are widened to float at read time.
using System;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxTensor
    {
        public OnnxTensor(string name, OnnxDataType dataType, long[] dims, float[]? floats = null, long[]? longs = null,
            double[]? doubles = null, bool[]? bools = null)
        {
            Name = name ?? string.Empty;
            DataType = dataType;
            Dims = dims ?? throw new ArgumentNullException(nameof(dims));
            Floats = floats;
            Longs = longs;
            Doubles = doubles;
            Bools = bools;
        }

        public string Name { get; }

        /// <summary>The type stored in the file.</summary>
        public OnnxDataType DataType { get; }

        public long[] Dims { get; }

        /// <summary>Values of Float, Float16 and BFloat16 tensors.</summary>
        public float[]? Floats { get; }

        /// <summary>Values of every integer type (Int8..Int64, UInt8..UInt64 that fit).</summary>
        public long[]? Longs { get; }

        /// <summary>Values of Double tensors.</summary>
        public double[]? Doubles { get; }

        /// <summary>Values of Bool tensors.</summary>
        public bool[]? Bools { get; }

        /// <summary>Element count from the dims (1 for a scalar).</summary>
        public long ElementCount
        {
            get
            {
                long n = 1;
                foreach (long d in Dims) n *= d;
                return n;
            }
        }

        public override string ToString() => $"{Name}: {DataType}[{string.Join(",", Dims)}]";
    }
}
