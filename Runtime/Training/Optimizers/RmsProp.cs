// RMSprop (Hinton, lecture 6e), optionally centered (Graves 2013) and with momentum. Keras convention:
// keras/src/optimizers/rmsprop.py (ε inside the square root); PyTorch convention: torch.optim.RMSprop docs.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// With g ← g + wd·w (coupled L2), v = ρ·v + (1−ρ)·g² and, when centered, a = ρ·a + (1−ρ)·g:
    /// <list type="bullet">
    /// <item>Keras (and TF.js): s = lr·g / √(v − a² + ε) (a = 0 when not centered); with momentum μ &gt; 0:
    /// b = μ·b + s, w −= b; else w −= s.</item>
    /// <item>PyTorch: d = √(v − a²) + ε; with μ &gt; 0: b = μ·b + g/d, w −= lr·b; else w −= lr·g/d.</item>
    /// </list>
    /// Slots: "velocity" (v), "momentum" (b, when μ &gt; 0), "average_gradient" (a, when centered). TF.js's centered
    /// form subtracts ε (√(v − (a² + ε))) and is not reproduced.
    /// </summary>
    public sealed class RmsProp : Optimizer
    {
        private const int VelocitySlot = 0, MomentumSlot = 1, AverageSlot = 2;
        private float _rho, _momentum, _epsilon;

        /// <summary>Keras defaults (ρ 0.9, ε 1e-7); PyTorch's are α = ρ = 0.99, ε = 1e-8, lr 0.01.</summary>
        public RmsProp(float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f,
            bool centered = false, float weightDecay = 0f, OptimizerConvention convention = OptimizerConvention.Keras)
            : base(learningRate, weightDecay)
        {
            Rho = rho;
            Momentum = momentum;
            Epsilon = epsilon;
            Centered = centered;
            Convention = convention;
        }

        public override string Kind => "rmsprop";

        /// <summary>ρ (PyTorch's alpha) in [0, 1).</summary>
        public float Rho
        {
            get => _rho;
            set
            {
                if (!(value >= 0f && value < 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Rho), $"Rho must be in [0, 1) (got {value}).");
                _rho = value;
            }
        }

        public float Momentum
        {
            get => _momentum;
            set
            {
                if (!(value >= 0f && value <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Momentum), $"Momentum must be in [0, 1] (got {value}).");
                _momentum = value;
            }
        }

        public float Epsilon
        {
            get => _epsilon;
            set
            {
                if (!(value >= 0f) || float.IsInfinity(value)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Epsilon), $"Epsilon must be finite and ≥ 0 (got {value}).");
                _epsilon = value;
            }
        }

        public bool Centered { get; set; }

        public OptimizerConvention Convention { get; set; }

        protected override int SlotCount => 3;

        protected override string SlotName(int index) =>
            index == VelocitySlot ? "velocity" : index == MomentumSlot ? "momentum" : "average_gradient";

        protected override bool UsesSlot(int index) =>
            index == VelocitySlot || (index == MomentumSlot && _momentum > 0f) || (index == AverageSlot && Centered);

        protected override void UpdateCore(Span<float> w, ReadOnlySpan<float> g, float[]?[] slots, bool firstUpdate, float weightDecay)
        {
            float lr = LearningRate, rho = _rho, oneMinusRho = 1f - _rho, mu = _momentum, eps = _epsilon, wd = weightDecay;
            float[] v = slots[VelocitySlot]!;
            float[]? b = mu > 0f ? slots[MomentumSlot] : null;
            float[]? a = Centered ? slots[AverageSlot] : null;
            bool keras = Convention == OptimizerConvention.Keras;
            for (int i = 0; i < w.Length; i++)
            {
                float gi = g[i] + wd * w[i];
                v[i] = rho * v[i] + oneMinusRho * gi * gi;
                float centeredV = v[i];
                if (a != null)
                {
                    a[i] = rho * a[i] + oneMinusRho * gi;
                    centeredV -= a[i] * a[i];
                }
                if (keras)
                {
                    float step = lr * gi / MathF.Sqrt(centeredV + eps);
                    if (b != null)
                    {
                        b[i] = mu * b[i] + step;
                        w[i] -= b[i];
                    }
                    else
                    {
                        w[i] -= step;
                    }
                }
                else
                {
                    float scaled = gi / (MathF.Sqrt(centeredV) + eps);
                    if (b != null)
                    {
                        b[i] = mu * b[i] + scaled;
                        w[i] -= lr * b[i];
                    }
                    else
                    {
                        w[i] -= lr * scaled;
                    }
                }
            }
        }

        protected override void WriteHyperparameters(IDictionary<string, double> h)
        {
            h["rho"] = Rho;
            h["momentum"] = Momentum;
            h["epsilon"] = Epsilon;
            h["centered"] = Centered ? 1 : 0;
            h["convention"] = (int)Convention;
        }

        protected override void ReadHyperparameters(IReadOnlyDictionary<string, double> h)
        {
            if (h.TryGetValue("rho", out double v)) Rho = (float)v;
            if (h.TryGetValue("momentum", out v)) Momentum = (float)v;
            if (h.TryGetValue("epsilon", out v)) Epsilon = (float)v;
            if (h.TryGetValue("centered", out v)) Centered = v != 0;
            Convention = ReadConvention(h, Convention);
        }
    }
}
