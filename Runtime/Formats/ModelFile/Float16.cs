// IEEE 754 binary16 <-> binary32 conversion in integer arithmetic only, so netstandard2.1 (no System.Half) and net8.0
// give identical bits. float -> half rounds to nearest, ties to even; NaN stays NaN (quiet, sign and top payload kept).
using System;

namespace Recurrent.Formats
{
    /// <summary>Converts between float32 and the bits of an IEEE 754 half-precision (float16) value.</summary>
    public static class Float16
    {
        /// <summary>The largest finite float16, 65504 (0x7BFF).</summary>
        public const float MaxValue = 65504f;

        /// <summary>Rounds <paramref name="value"/> to the nearest float16 (ties to even) and returns its bits.
        /// Magnitudes from 65520 up become infinity; below 2^-25 they become (signed) zero.</summary>
        public static ushort FromSingle(float value)
        {
            uint x = (uint)BitConverter.SingleToInt32Bits(value);
            uint sign = (x >> 16) & 0x8000u;
            x &= 0x7FFF_FFFFu;

            if (x >= 0x7F80_0000u)
            {
                // Infinity stays infinity; NaN keeps its top payload bits and is made quiet (so never becomes infinity).
                return x == 0x7F80_0000u ? (ushort)(sign | 0x7C00u) : (ushort)(sign | 0x7E00u | ((x >> 13) & 0x3FFu));
            }
            if (x >= 0x4780_0000u)
            {
                // |value| >= 65536: beyond the rounding range of the largest half.
                return (ushort)(sign | 0x7C00u);
            }
            if (x >= 0x3880_0000u)
            {
                // Normal half (|value| >= 2^-14): rebias the exponent, round the 13 dropped bits to nearest even.
                // A carry out of the mantissa correctly bumps the exponent (up to infinity for [65520, 65536)).
                uint odd = (x >> 13) & 1u;
                x += 0xC800_0000u + 0x0FFFu + odd;   // (15 - 127) << 23, wrapped, plus the rounding bias
                return (ushort)(sign | (x >> 13));
            }

            // Subnormal half or zero: value = M * 2^(e - 150) with the implicit bit; half subnormal = m * 2^-24.
            int e = (int)(x >> 23);
            if (e < 102) return (ushort)sign;   // below 2^-25 (the tie at exactly 2^-25 rounds to even, 0, too)
            uint mantissa = (x & 0x7F_FFFFu) | 0x80_0000u;
            int shift = 126 - e;                // 14..24
            uint m = mantissa >> shift;
            uint rest = mantissa & ((1u << shift) - 1u);
            uint half = 1u << (shift - 1);
            if (rest > half || (rest == half && (m & 1u) != 0)) m++;   // m may reach 0x400, the smallest normal: correct
            return (ushort)(sign | m);
        }

        /// <summary>The exact float32 value of float16 bits (every half is representable; NaN payloads are kept).</summary>
        public static float ToSingle(ushort bits)
        {
            uint sign = (uint)(bits & 0x8000) << 16;
            uint exponent = (uint)(bits >> 10) & 0x1Fu;
            uint mantissa = bits & 0x3FFu;
            uint result;
            if (exponent == 0x1F)
            {
                result = sign | 0x7F80_0000u | (mantissa << 13);
            }
            else if (exponent != 0)
            {
                result = sign | ((exponent + 112u) << 23) | (mantissa << 13);
            }
            else if (mantissa == 0)
            {
                result = sign;
            }
            else
            {
                // Subnormal: m * 2^-24 with m in [1, 1023]; normalise so the leading 1 becomes the implicit bit.
                int top = 9;
                while ((mantissa & (1u << top)) == 0) top--;
                result = sign | ((uint)(top + 103) << 23) | ((mantissa << (23 - top)) & 0x7F_FFFFu);
            }
            return BitConverter.Int32BitsToSingle((int)result);
        }
    }
}
