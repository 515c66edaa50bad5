// Operator structs behind Elementwise: each says what happens to one vector, in the same order of operations as
// ElementwiseReference (no fused multiply-add), so the fast kernels equal their twins bit for bit. Loops: SimdLoop.
namespace Recurrent.Kernels
{
    /// <summary>x + y</summary>
    internal struct AddOperator : IBinaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x, TVec y) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Add(x, y);
    }

    /// <summary>x · y</summary>
    internal struct MultiplyOperator : IBinaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x, TVec y) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Multiply(x, y);
    }

    /// <summary>x · y + addend, rounded twice like the reference.</summary>
    internal struct MultiplyAddOperator : ITernaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x, TVec y, TVec addend) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Add(s.Multiply(x, y), addend);
    }

    /// <summary>min(max(x, -bound), bound) with NaN passed through (as Math.Min/Math.Max do).</summary>
    internal struct ClipOperator : IUnaryOperator
    {
        private readonly float _bound;

        public ClipOperator(float bound) => _bound = bound;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec upper = s.Broadcast(_bound);
            TVec lower = s.Broadcast(-_bound);
            x = s.Select(s.LessThan(x, lower), lower, x);
            return s.Select(s.GreaterThan(x, upper), upper, x);
        }
    }

    /// <summary>1 - x</summary>
    internal struct OneMinusOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Subtract(s.Broadcast(1f), x);
    }

    /// <summary>GRU output: (1 - z) · candidate + z · previous.</summary>
    internal struct GruBlendOperator : ITernaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec z, TVec candidate, TVec previous) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Add(s.Multiply(s.Subtract(s.Broadcast(1f), z), candidate), s.Multiply(z, previous));
    }

    /// <summary>e^(x - shift): the softmax numerator.</summary>
    internal struct ExpShiftedOperator : IUnaryOperator
    {
        private readonly float _shift;

        public ExpShiftedOperator(float shift) => _shift = shift;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            VectorMath.Exp(s, s.Subtract(x, s.Broadcast(_shift)));
    }

    /// <summary>x / divisor (a true division, as the reference divides).</summary>
    internal struct DivideByOperator : IUnaryOperator
    {
        private readonly float _divisor;

        public DivideByOperator(float divisor) => _divisor = divisor;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Divide(x, s.Broadcast(_divisor));
    }

    /// <summary>(x - first) - second: the log-softmax output.</summary>
    internal struct SubtractTwiceOperator : IUnaryOperator
    {
        private readonly float _first;
        private readonly float _second;

        public SubtractTwiceOperator(float first, float second)
        {
            _first = first;
            _second = second;
        }

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Subtract(s.Subtract(x, s.Broadcast(_first)), s.Broadcast(_second));
    }
}
