// The float16 converter against IEEE 754 binary16 facts (largest finite 0x7BFF = 65504, smallest normal 2^-14 = 0x0400,
// smallest subnormal 2^-24 = 0x0001, ties to even), exhaustive round trips, and on .NET 5+ against System.Half.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Formats;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFileFloat16Tests
    {
        // Value (as float32 bits, so the table cannot be misread) -> expected float16 bits.
        [TestCase(0x3F800000, (ushort)0x3C00, TestName = "FromSingle(1.0) = 0x3C00")]
        [TestCase(unchecked((int)0xBF800000), (ushort)0xBC00, TestName = "FromSingle(-1.0) = 0xBC00")]
        [TestCase(0x00000000, (ushort)0x0000, TestName = "FromSingle(+0) = 0x0000")]
        [TestCase(unchecked((int)0x80000000), (ushort)0x8000, TestName = "FromSingle(-0) = 0x8000")]
        [TestCase(0x477FE000, (ushort)0x7BFF, TestName = "FromSingle(65504, largest finite) = 0x7BFF")]
        [TestCase(0x477FEFFF, (ushort)0x7BFF, TestName = "FromSingle(65519.996) rounds down to 65504")]
        [TestCase(0x477FF000, (ushort)0x7C00, TestName = "FromSingle(65520, tie above the largest) = +Inf")]
        [TestCase(0x47800000, (ushort)0x7C00, TestName = "FromSingle(65536) = +Inf")]
        [TestCase(0x7F7FFFFF, (ushort)0x7C00, TestName = "FromSingle(float.MaxValue) = +Inf")]
        [TestCase(0x7F800000, (ushort)0x7C00, TestName = "FromSingle(+Inf) = 0x7C00")]
        [TestCase(unchecked((int)0xFF800000), (ushort)0xFC00, TestName = "FromSingle(-Inf) = 0xFC00")]
        [TestCase(0x38800000, (ushort)0x0400, TestName = "FromSingle(2^-14 = 6.1035e-5, smallest normal) = 0x0400")]
        [TestCase(0x387FC000, (ushort)0x03FF, TestName = "FromSingle(6.0976e-5, largest subnormal) = 0x03FF")]
        [TestCase(0x387FE000, (ushort)0x0400, TestName = "FromSingle(tie between largest subnormal and smallest normal) = 0x0400 (even)")]
        [TestCase(0x33800000, (ushort)0x0001, TestName = "FromSingle(2^-24, smallest subnormal) = 0x0001")]
        [TestCase(0x33000000, (ushort)0x0000, TestName = "FromSingle(2^-25, tie) = 0 (even)")]
        [TestCase(0x33000001, (ushort)0x0001, TestName = "FromSingle(just above 2^-25) = 0x0001")]
        [TestCase(0x33C00000, (ushort)0x0002, TestName = "FromSingle(1.5 * 2^-24, tie) = 0x0002 (even)")]
        [TestCase(0x34200000, (ushort)0x0002, TestName = "FromSingle(2.5 * 2^-24, tie) = 0x0002 (even)")]
        [TestCase(0x34400000, (ushort)0x0003, TestName = "FromSingle(3 * 2^-24) = 0x0003")]
        [TestCase(0x33A00000, (ushort)0x0001, TestName = "FromSingle(1.25 * 2^-24) = 0x0001")]
        [TestCase(0x00000001, (ushort)0x0000, TestName = "FromSingle(float subnormal) = 0")]
        [TestCase(0x3F801000, (ushort)0x3C00, TestName = "FromSingle(1 + 2^-11, tie) = 1.0 (even)")]
        [TestCase(0x3F803000, (ushort)0x3C02, TestName = "FromSingle(1 + 3*2^-11, tie) = 1 + 2^-9 (even)")]
        [TestCase(0x3F801001, (ushort)0x3C01, TestName = "FromSingle(just above 1 + 2^-11) = 1 + 2^-10")]
        [TestCase(0x45001000, (ushort)0x6800, TestName = "FromSingle(2049, tie) = 2048")]
        [TestCase(0x45003000, (ushort)0x6802, TestName = "FromSingle(2051, tie) = 2052")]
        [TestCase(0x3DCCCCCD, (ushort)0x2E66, TestName = "FromSingle(0.1) = 0x2E66")]
        [TestCase(0x3EAAAAAB, (ushort)0x3555, TestName = "FromSingle(1/3) = 0x3555")]
        [TestCase(unchecked((int)0xC0490FDB), (ushort)0xC248, TestName = "FromSingle(-pi) = 0xC248")]
        public void FromSingle_MatchesTheBinary16Table(int singleBits, ushort expected)
        {
            float value = BitConverter.Int32BitsToSingle(singleBits);
            ushort actual = Float16.FromSingle(value);
            Assert.That(actual, Is.EqualTo(expected), $"{value:R} (0x{singleBits:X8}) -> 0x{actual:X4}, expected 0x{expected:X4}");
        }

        [TestCase((ushort)0x3C00, 1f)]
        [TestCase((ushort)0x7BFF, 65504f)]
        [TestCase((ushort)0x0400, 6.103515625e-05f)]
        [TestCase((ushort)0x03FF, 6.097555160522461e-05f)]
        [TestCase((ushort)0x0001, 5.960464477539063e-08f)]
        [TestCase((ushort)0x8001, -5.960464477539063e-08f)]
        [TestCase((ushort)0x7C00, float.PositiveInfinity)]
        [TestCase((ushort)0xFC00, float.NegativeInfinity)]
        [TestCase((ushort)0xC000, -2f)]
        [TestCase((ushort)0x3555, 0.333251953125f)]
        public void ToSingle_MatchesTheBinary16Table(ushort bits, float expected)
        {
            Assert.That(Float16.ToSingle(bits), Is.EqualTo(expected), $"0x{bits:X4}");
        }

        [Test]
        public void NaN_StaysNaNBothWays()
        {
            foreach (int bits in new[] { 0x7FC00000, unchecked((int)0xFFC00000), 0x7F800001, 0x7FFFFFFF, 0x7F802000 })
            {
                ushort half = Float16.FromSingle(BitConverter.Int32BitsToSingle(bits));
                Assert.That(half & 0x7C00, Is.EqualTo(0x7C00), $"0x{bits:X8} -> 0x{half:X4}: exponent all ones");
                Assert.That(half & 0x03FF, Is.Not.EqualTo(0), $"0x{bits:X8} -> 0x{half:X4}: a NaN, not infinity");
                Assert.That(half & 0x8000, Is.EqualTo((bits >> 16) & 0x8000), "sign kept");
                Assert.That(float.IsNaN(Float16.ToSingle(half)), Is.True);
            }
            Assert.That(float.IsNaN(Float16.ToSingle(0x7E00)), Is.True);
            Assert.That(float.IsNaN(Float16.ToSingle(0x7C01)), Is.True);
        }

        [Test]
        public void EveryFloat16_SurvivesToSingleAndBack()
        {
            for (int h = 0; h < 65536; h++)
            {
                float f = Float16.ToSingle((ushort)h);
                ushort back = Float16.FromSingle(f);
                bool nan = (h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0;
                if (nan) Assert.That(float.IsNaN(f), Is.True, $"0x{h:X4} is a NaN");
                else if (back != h) Assert.That(back, Is.EqualTo(h), $"0x{h:X4} -> {f:R} -> 0x{back:X4}");
            }
        }

        [Test]
        public void FromSingle_IsMonotonicAndPicksTheNearestNeighbour()
        {
            // Between consecutive finite halves a and b, the float32 values strictly below the midpoint map to a, above it to b.
            var rng = new Random(7);
            for (int trial = 0; trial < 200_000; trial++)
            {
                ushort a = (ushort)rng.Next(0, 0x7BFF);    // positive finite, b = a + 1 still finite
                float lo = Float16.ToSingle(a), hi = Float16.ToSingle((ushort)(a + 1));
                double mid = ((double)lo + hi) / 2;
                float x = (float)(lo + rng.NextDouble() * (hi - lo));
                ushort expected = x < mid ? a : x > mid ? (ushort)(a + 1) : ((a & 1) == 0 ? a : (ushort)(a + 1));
                ushort got = Float16.FromSingle(x);
                if (got != expected) Assert.That(got, Is.EqualTo(expected), $"{x:R} between 0x{a:X4} ({lo:R}) and 0x{a + 1:X4} ({hi:R})");
                ushort negative = Float16.FromSingle(-x);
                if (negative != (expected | 0x8000)) Assert.That(negative, Is.EqualTo(expected | 0x8000), $"-{x:R}");
            }
        }

#if NET5_0_OR_GREATER
        [Test]
        public void Converter_AgreesWithSystemHalf()
        {
            for (int h = 0; h < 65536; h++)
            {
                float mine = Float16.ToSingle((ushort)h);
                float system = (float)BitConverter.UInt16BitsToHalf((ushort)h);
                if (float.IsNaN(system)) Assert.That(float.IsNaN(mine), Is.True, $"0x{h:X4}");
                else if (BitConverter.SingleToInt32Bits(mine) != BitConverter.SingleToInt32Bits(system))
                    Assert.That(mine, Is.EqualTo(system), $"ToSingle(0x{h:X4})");
            }
            var rng = new Random(11);
            var bits = new byte[4];
            for (int trial = 0; trial < 1_000_000; trial++)
            {
                rng.NextBytes(bits);
                float f = BitConverter.ToSingle(bits, 0);
                if (float.IsNaN(f)) continue;
                ushort mine = Float16.FromSingle(f);
                ushort system = BitConverter.HalfToUInt16Bits((Half)f);
                if (mine != system) Assert.That(mine, Is.EqualTo(system), $"FromSingle({f:R} = 0x{BitConverter.SingleToInt32Bits(f):X8})");
            }
        }
#endif
    }
}
