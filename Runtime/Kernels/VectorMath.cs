// Float exp, expm1, tanh and log1p for any ISimd width (the scalar width included), for the operator structs.
// Range reduction + short polynomials fitted for this file (Chebyshev fits, float coefficients); ≤ ~2 ulp.
using System.Runtime.CompilerServices;

namespace Recurrent.Kernels
{
    internal static class VectorMath
    {
        // exp: x = n·ln2 + r with n = round(x·log2 e), |r| ≤ ln2/2 (Cody–Waite: ln2 = Ln2Hi + Ln2Lo, where Ln2Hi has
        // 15 significant bits so n·Ln2Hi is exact for |n| < 512); e^r - 1 = r + r²·P(r), then e^x = 2^n·(1 + p).
        private const float Log2E = 1.44269504f;
        private const float Ln2Hi = 0.693145751953125f;     // 0x3F317200
        private const float Ln2Lo = 1.42860677e-6f;         // ln2 - Ln2Hi
        private const float RoundMagic = 12582912f;         // 1.5·2^23: adding it rounds |v| < 2^22 to a whole number

        // Inputs are clamped to [ExpMin, ExpMax]: n then stays in [-150, 128], so 2^n split in two factors overflows to
        // +∞ above ln(FLT_MAX) and underflows gradually to 0 below, with one rounding. NaN passes through the clamp.
        private const float ExpMax = 89f;
        private const float ExpMin = -104f;

        // P(r) = (e^r - 1 - r) / r² on |r| ≤ 0.349, degree 5; relative error of e^r - 1 below 2e-9.
        private const float P5 = 1.98915572e-4f;
        private const float P4 = 1.39341597e-3f;
        private const float P3 = 8.33331049e-3f;
        private const float P2 = 4.16664593e-2f;
        private const float P1 = 1.66666672e-1f;
        private const float P0 = 0.5f;

        // tanh x = x + x³·Q(x²) for |x| < TanhSmall, degree 4; relative error below 6e-9. Above it, 1 - 2/(e^{2|x|} + 1).
        private const float TanhSmall = 0.55f;
        private const float Q4 = -6.61022775e-3f;
        private const float Q3 = 2.13093888e-2f;
        private const float Q2 = -5.39094284e-2f;
        private const float Q1 = 1.33331135e-1f;
        private const float Q0 = -3.33333313e-1f;

        // log1p t = 2·atanh s with s = t / (2 + t): 2s + 2s·z·R(z), z = s², fitted on s ∈ [0, 1/3] (t ∈ [0, 1]);
        // relative error below 1e-9.
        private const float R4 = 1.16121650e-1f;
        private const float R3 = 1.08532876e-1f;
        private const float R2 = 1.42961785e-1f;
        private const float R1 = 1.99998528e-1f;
        private const float R0 = 3.33333343e-1f;

        /// <summary>e^x; +∞ above ~88.72, gradual underflow to 0 below ~-87.3, NaN for NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Exp<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec p = ExpReduced(s, x, out TVec n);
            Pow2Split(s, n, out TVec scale1, out TVec scale2);
            return s.Multiply(s.Multiply(s.Add(p, s.Broadcast(1f)), scale1), scale2);
        }

        /// <summary>
        /// e^x - 1 without cancellation near 0 (for Elu's x &lt; 0). Saturates at e^88 - 1 for x &gt; 88 instead of +∞.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Expm1<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            x = s.Select(s.GreaterThan(x, s.Broadcast(88f)), s.Broadcast(88f), x);
            TVec p = ExpReduced(s, x, out TVec n);
            Pow2Split(s, n, out TVec scale1, out TVec scale2);
            TVec scale = s.Multiply(scale1, scale2);                // 2^n, exact (n ≤ 127)
            return s.MultiplyAdd(scale, p, s.Subtract(scale, s.Broadcast(1f)));   // 2^n·(e^r - 1) + (2^n - 1)
        }

        /// <summary>tanh x; ±1 for |x| ≳ 9, NaN for NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Tanh<TSimd, TVec>(TSimd s, TVec x) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec one = s.Broadcast(1f);
            TVec ax = s.Abs(x);

            TVec e = Exp(s, s.Add(ax, ax));
            TVec large = s.Subtract(one, s.Divide(s.Broadcast(2f), s.Add(e, one)));   // e = +∞ gives exactly 1

            TVec z = s.Multiply(x, x);
            TVec q = s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.Broadcast(Q4), z, s.Broadcast(Q3)), z,
                s.Broadcast(Q2)), z, s.Broadcast(Q1)), z, s.Broadcast(Q0));
            TVec small = s.MultiplyAdd(s.Multiply(x, z), q, x);

            return s.Select(s.LessThan(ax, s.Broadcast(TanhSmall)), small, s.WithSignOf(large, x));
        }

        /// <summary>ln(1 + t) for t in [0, 1] (and accurately for tiny t).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Log1pUnit<TSimd, TVec>(TSimd s, TVec t) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec sv = s.Divide(t, s.Add(t, s.Broadcast(2f)));
            TVec z = s.Multiply(sv, sv);
            TVec r = s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.Broadcast(R4), z, s.Broadcast(R3)), z,
                s.Broadcast(R2)), z, s.Broadcast(R1)), z, s.Broadcast(R0));
            TVec twoS = s.Add(sv, sv);
            return s.MultiplyAdd(s.Multiply(twoS, z), r, twoS);
        }

        /// <summary>Clamps x, splits it as n·ln2 + r and returns e^r - 1; n is a whole number in [-150, 128].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVec ExpReduced<TSimd, TVec>(TSimd s, TVec x, out TVec n) where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            x = s.Clamp(x, s.Broadcast(ExpMin), s.Broadcast(ExpMax));
            TVec magic = s.Broadcast(RoundMagic);
            n = s.Subtract(s.MultiplyAdd(x, s.Broadcast(Log2E), magic), magic);
            TVec r = s.MultiplyAdd(n, s.Broadcast(-Ln2Hi), x);
            r = s.MultiplyAdd(n, s.Broadcast(-Ln2Lo), r);
            TVec poly = s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.MultiplyAdd(s.Broadcast(P5), r,
                s.Broadcast(P4)), r, s.Broadcast(P3)), r, s.Broadcast(P2)), r, s.Broadcast(P1)), r, s.Broadcast(P0));
            return s.MultiplyAdd(s.Multiply(r, r), poly, r);
        }

        /// <summary>2^n = scale1 · scale2 with both factors normal for n in [-150, 128].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Pow2Split<TSimd, TVec>(TSimd s, TVec n, out TVec scale1, out TVec scale2)
            where TSimd : struct, ISimd<TVec> where TVec : struct
        {
            TVec magic = s.Broadcast(RoundMagic);
            TVec half = s.Subtract(s.Add(s.Multiply(n, s.Broadcast(0.5f)), magic), magic);
            scale1 = s.Pow2(half);
            scale2 = s.Pow2(s.Subtract(n, half));
        }
    }
}
