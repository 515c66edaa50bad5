// Stochastic gradient descent with optional momentum and Nesterov momentum. Keras convention (keras/src/optimizers/sgd.py):
// m = μm − lr·g, w += m (Nesterov: w += μm − lr·g). PyTorch convention (torch.optim.SGD docs): see the class remarks.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// With g ← g + wd·w (coupled L2, when <see cref="Optimizer.WeightDecay"/> &gt; 0):
    /// <list type="bullet">
    /// <item>μ = 0: w −= lr·g (both conventions).</item>
    /// <item>Keras: m = μ·m − lr·g; w += m, or with Nesterov w += μ·m − lr·g. Slot "momentum" holds m.</item>
    /// <item>PyTorch: b = g on a parameter's first update, else b = μ·b + (1 − dampening)·g; d = g + μ·b (Nesterov) or
    /// b; w −= lr·d. Slot "momentum" holds b. TF.js tf.train.momentum is this form with dampening 0.</item>
    /// </list>
    /// </summary>
    public sealed class Sgd : Optimizer
    {
        private const int MomentumSlot = 0;
        private float _momentum;
        private float _dampening;

        public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false, float weightDecay = 0f,
            OptimizerConvention convention = OptimizerConvention.Keras, float dampening = 0f)
            : base(learningRate, weightDecay)
        {
            Momentum = momentum;
            Dampening = dampening;
            Nesterov = nesterov;
            Convention = convention;
        }

        public override string Kind => "sgd";

        /// <summary>μ in [0, 1].</summary>
        public float Momentum
        {
            get => _momentum;
            set
            {
                if (!(value >= 0f && value <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Momentum), $"Momentum must be in [0, 1] (got {value}).");
                _momentum = value;
            }
        }

        public bool Nesterov { get; set; }

        /// <summary>PyTorch's dampening in [0, 1] (ignored by the Keras convention).</summary>
        public float Dampening
        {
            get => _dampening;
            set
            {
                if (!(value >= 0f && value <= 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Dampening), $"Dampening must be in [0, 1] (got {value}).");
                _dampening = value;
            }
        }

        public OptimizerConvention Convention { get; set; }

        protected override int SlotCount => 1;

        protected override string SlotName(int index) => "momentum";

        protected override bool UsesSlot(int index) => _momentum != 0f;

        protected override void UpdateCore(Span<float> w, ReadOnlySpan<float> g, float[]?[] slots, bool firstUpdate, float weightDecay)
        {
            float lr = LearningRate, mu = _momentum, wd = weightDecay;
            int n = w.Length;
            if (mu == 0f)
            {
                for (int i = 0; i < n; i++) w[i] -= lr * (g[i] + wd * w[i]);
                return;
            }
            float[] m = slots[MomentumSlot]!;
            if (Convention == OptimizerConvention.Keras)
            {
                for (int i = 0; i < n; i++)
                {
                    float gi = g[i] + wd * w[i];
                    m[i] = mu * m[i] - lr * gi;
                    w[i] += Nesterov ? mu * m[i] - lr * gi : m[i];
                }
            }
            else
            {
                float keep = 1f - _dampening;
                for (int i = 0; i < n; i++)
                {
                    float gi = g[i] + wd * w[i];
                    m[i] = firstUpdate ? gi : mu * m[i] + keep * gi;
                    w[i] -= lr * (Nesterov ? gi + mu * m[i] : m[i]);
                }
            }
        }

        protected override void WriteHyperparameters(IDictionary<string, double> h)
        {
            h["momentum"] = Momentum;
            h["nesterov"] = Nesterov ? 1 : 0;
            h["dampening"] = Dampening;
            h["convention"] = (int)Convention;
        }

        protected override void ReadHyperparameters(IReadOnlyDictionary<string, double> h)
        {
            if (h.TryGetValue("momentum", out double v)) Momentum = (float)v;
            if (h.TryGetValue("nesterov", out v)) Nesterov = v != 0;
            if (h.TryGetValue("dampening", out v)) Dampening = (float)v;
            Convention = ReadConvention(h, Convention);
        }
    }
}
