// Gradient clipping by global norm, per-parameter norm and value, against hand-computed norms (3-4-5 triangles), and
// the finiteness check; frozen parameters are neither counted nor changed.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class GradientClippingTests
    {
        // Scaling is one float multiply per element.
        private const double ScaleTolerance = 1e-6;

        private static Parameter WithGradient(string name, params float[] gradient)
        {
            var p = new Parameter(name, new Tensor(new float[gradient.Length], gradient.Length));
            gradient.CopyTo(p.Gradient, 0);
            return p;
        }

        [Test]
        public void GlobalNorm_SumsSquaresOverTrainableParameters()
        {
            Parameter frozen = WithGradient("frozen", 100f);
            frozen.Trainable = false;

            double norm = GradientClipping.GlobalNorm(new[] { WithGradient("a", 3f), WithGradient("b", 0f, 4f), frozen });

            Assert.That(norm, Is.EqualTo(5.0));
        }

        [Test]
        public void ClipByGlobalNorm_ScalesEveryGradientByMaxOverNorm_AndReturnsTheNormBefore()
        {
            Parameter a = WithGradient("a", 3f), b = WithGradient("b", 0f, 4f), frozen = WithGradient("frozen", 100f);
            frozen.Trainable = false;

            double norm = GradientClipping.ClipByGlobalNorm(new[] { a, b, frozen }, 1f);

            Assert.That(norm, Is.EqualTo(5.0));
            TrainingAssert.Close(new[] { 0.6 }, a.Gradient, ScaleTolerance, 0, "a");
            TrainingAssert.Close(new[] { 0.0, 0.8 }, b.Gradient, ScaleTolerance, 0, "b");
            Assert.That(frozen.Gradient[0], Is.EqualTo(100f), "frozen gradients are not touched");
            Assert.That(GradientClipping.GlobalNorm(new[] { a, b }), Is.EqualTo(1.0).Within(ScaleTolerance));
        }

        [Test]
        public void ClipByGlobalNorm_LeavesSmallGradientsUnchanged()
        {
            Parameter a = WithGradient("a", 3f, 4f);

            GradientClipping.ClipByGlobalNorm(new[] { a }, 5f);

            Assert.That(a.Gradient, Is.EqualTo(new[] { 3f, 4f }));
        }

        [Test]
        public void ClipByGlobalNorm_WithNonFiniteNorm_ReportsItAndLeavesGradients()
        {
            Parameter a = WithGradient("a", float.PositiveInfinity, 1f), b = WithGradient("b", float.NaN);

            Assert.That(GradientClipping.ClipByGlobalNorm(new[] { a }, 1f), Is.EqualTo(double.PositiveInfinity));
            Assert.That(a.Gradient[1], Is.EqualTo(1f));
            Assert.That(double.IsNaN(GradientClipping.ClipByGlobalNorm(new[] { b }, 1f)), Is.True);
        }

        [Test]
        public void GlobalNorm_IsAccumulatedInDouble()
        {
            // 2^20 elements of 1e-3 plus one of 1e3: float accumulation would lose the small terms' sum (≈ 1.049).
            var g = new float[1 << 20];
            g.AsSpan().Fill(1e-3f);
            g[0] = 1e3f;
            Parameter p = WithGradient("p", g);
            double expected = Math.Sqrt(1e6 + ((1 << 20) - 1) * (double)1e-3f * 1e-3f);

            Assert.That(GradientClipping.GlobalNorm(new[] { p }), Is.EqualTo(expected).Within(1e-9 * expected));
        }

        [Test]
        public void ClipEachByNorm_ClipsParametersSeparately()
        {
            Parameter a = WithGradient("a", 3f, 4f), b = WithGradient("b", 0.3f, 0.4f);

            double norm = GradientClipping.ClipEachByNorm(new[] { a, b }, 1f);

            Assert.That(norm, Is.EqualTo(Math.Sqrt(25 + 0.25)).Within(1e-6));
            TrainingAssert.Close(new[] { 0.6, 0.8 }, a.Gradient, ScaleTolerance, 0, "a clipped to norm 1");
            Assert.That(b.Gradient, Is.EqualTo(new[] { 0.3f, 0.4f }), "b is already within the bound");
        }

        [Test]
        public void ClipByValue_ClampsEachElement_AndReturnsTheNormBefore()
        {
            Parameter a = WithGradient("a", 3f, -4f, 0.5f);

            double norm = GradientClipping.ClipByValue(new[] { a }, 1f);

            Assert.That(norm, Is.EqualTo(Math.Sqrt(25.25)).Within(1e-9));
            Assert.That(a.Gradient, Is.EqualTo(new[] { 1f, -1f, 0.5f }));
        }

        [Test]
        public void AllFinite_DetectsNaNAndInfinityOnlyInTrainableGradients()
        {
            Parameter ok = WithGradient("ok", 1f, -2f, float.MaxValue);
            Parameter nan = WithGradient("nan", 0f, float.NaN);
            Parameter inf = WithGradient("inf", float.NegativeInfinity);

            Assert.That(GradientClipping.AllFinite(new[] { ok }), Is.True);
            Assert.That(GradientClipping.AllFinite(new[] { ok, nan }), Is.False);
            Assert.That(GradientClipping.AllFinite(new[] { inf }), Is.False);
            inf.Trainable = false;
            Assert.That(GradientClipping.AllFinite(new[] { ok, inf }), Is.True);
        }

        [Test]
        public void Clipping_RejectsNonPositiveThresholds()
        {
            var ps = new[] { WithGradient("a", 1f) };

            Assert.That(() => GradientClipping.ClipByGlobalNorm(ps, 0f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => GradientClipping.ClipByValue(ps, float.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
