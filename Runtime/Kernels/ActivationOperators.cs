// Operator structs for ActivationKernels, one per ActivationKind but Identity (a copy): the ONNX LSTM page's formulas on
// one vector, comparisons as in Activation.Apply (same NaN behaviour), transcendentals from VectorMath; loops: SimdLoop.
namespace Recurrent.Kernels
{
    /// <summary>max(0, x); NaN gives 0 as in the reference (x &gt; 0 ? x : 0).</summary>
    internal struct ReluOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Select(s.GreaterThan(x, s.Zero), x, s.Zero);
    }

    /// <summary>tanh x</summary>
    internal struct TanhOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            VectorMath.Tanh(s, x);
    }

    /// <summary>1 / (1 + e^-x): saturates to 0 and 1 without overflow trouble (e^-x = +∞ gives 0).</summary>
    internal struct SigmoidOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec one = s.Broadcast(1f);
            return s.Divide(one, s.Add(one, VectorMath.Exp(s, s.Subtract(s.Zero, x))));
        }
    }

    /// <summary>alpha·x + beta (fused where the width has FMA, like the reference's single rounding).</summary>
    internal struct AffineOperator : IUnaryOperator
    {
        private readonly float _alpha;
        private readonly float _beta;

        public AffineOperator(float alpha, float beta)
        {
            _alpha = alpha;
            _beta = beta;
        }

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.MultiplyAdd(x, s.Broadcast(_alpha), s.Broadcast(_beta));
    }

    /// <summary>x if x ≥ 0 else alpha·x</summary>
    internal struct LeakyReluOperator : IUnaryOperator
    {
        private readonly float _alpha;

        public LeakyReluOperator(float alpha) => _alpha = alpha;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Select(s.GreaterThanOrEqual(x, s.Zero), x, s.Multiply(x, s.Broadcast(_alpha)));
    }

    /// <summary>x if x ≥ alpha else 0</summary>
    internal struct ThresholdedReluOperator : IUnaryOperator
    {
        private readonly float _alpha;

        public ThresholdedReluOperator(float alpha) => _alpha = alpha;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Select(s.GreaterThanOrEqual(x, s.Broadcast(_alpha)), x, s.Zero);
    }

    /// <summary>alpha·tanh(beta·x)</summary>
    internal struct ScaledTanhOperator : IUnaryOperator
    {
        private readonly float _alpha;
        private readonly float _beta;

        public ScaledTanhOperator(float alpha, float beta)
        {
            _alpha = alpha;
            _beta = beta;
        }

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Multiply(s.Broadcast(_alpha), VectorMath.Tanh(s, s.Multiply(s.Broadcast(_beta), x)));
    }

    /// <summary>min(max(alpha·x + beta, 0), 1); NaN passes through as in the reference.</summary>
    internal struct HardSigmoidOperator : IUnaryOperator
    {
        private readonly float _alpha;
        private readonly float _beta;

        public HardSigmoidOperator(float alpha, float beta)
        {
            _alpha = alpha;
            _beta = beta;
        }

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec one = s.Broadcast(1f);
            TVec v = s.MultiplyAdd(x, s.Broadcast(_alpha), s.Broadcast(_beta));
            v = s.Select(s.LessThan(v, s.Zero), s.Zero, v);
            return s.Select(s.GreaterThan(v, one), one, v);
        }
    }

    /// <summary>x if x ≥ 0 else alpha·(e^x - 1), with e^x - 1 computed without cancellation near 0.</summary>
    internal struct EluOperator : IUnaryOperator
    {
        private readonly float _alpha;

        public EluOperator(float alpha) => _alpha = alpha;

        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Select(s.GreaterThanOrEqual(x, s.Zero), x, s.Multiply(s.Broadcast(_alpha), VectorMath.Expm1(s, x)));
    }

    /// <summary>x / (1 + |x|)</summary>
    internal struct SoftsignOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct =>
            s.Divide(x, s.Add(s.Broadcast(1f), s.Abs(x)));
    }

    /// <summary>ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|): no overflow for large x, no lost bits for very negative x.</summary>
    internal struct SoftplusOperator : IUnaryOperator
    {
        public TVec Invoke<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec positive = s.Select(s.GreaterThan(x, s.Zero), x, s.Zero);
            TVec t = VectorMath.Exp(s, s.Subtract(s.Zero, s.Abs(x)));
            return s.Add(positive, VectorMath.Log1pUnit(s, t));
        }
    }
}
