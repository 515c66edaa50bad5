// A float32 tensor: a shape over a contiguous row-major array. Weights and batch inputs/outputs use it;
// hot loops take Span<float> slices of it and never allocate Tensors.
using System;

namespace Recurrent.Core
{
    /// <summary>A dense, row-major float32 tensor.</summary>
    public sealed class Tensor
    {
        public Tensor(TensorShape shape)
        {
            Shape = shape;
            Data = new float[shape.Length];
        }

        public Tensor(TensorShape shape, float[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            if (data.Length != shape.Length)
                ThrowHelper.ThrowArgument(nameof(data), $"Data holds {data.Length} values but shape {shape} needs {shape.Length}.");
            Shape = shape;
            Data = data;
        }

        public Tensor(float[] data, params int[] dims) : this(new TensorShape(dims), data) { }

        public static Tensor Zeros(params int[] dims) => new Tensor(new TensorShape(dims));

        public TensorShape Shape { get; }

        /// <summary>The backing array, row-major, exactly <c>Shape.Length</c> long.</summary>
        public float[] Data { get; }

        public int Length => Data.Length;

        public Span<float> Span => Data;

        public ReadOnlySpan<float> ReadOnlySpan => Data;

        public Tensor Clone() => new Tensor(Shape, (float[])Data.Clone());

        /// <summary>A view with another shape of the same length (no copy).</summary>
        public Tensor Reshape(params int[] dims)
        {
            var shape = new TensorShape(dims);
            if (shape.Length != Length)
                ThrowHelper.ThrowArgument(nameof(dims), $"Cannot reshape {Shape} ({Length} values) to {shape}.");
            return new Tensor(shape, Data);
        }

        public override string ToString() => $"Tensor{Shape}";
    }
}
