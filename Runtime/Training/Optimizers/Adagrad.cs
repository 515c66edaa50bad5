// Adagrad (Duchi, Hazan, Singer 2011). Keras convention (keras/src/optimizers/adagrad.py, also TF.js):
// acc += g², w −= lr·g/√(acc + ε); PyTorch convention (torch.optim.Adagrad, lr_decay 0): w −= lr·g/(√acc + ε).
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// With g ← g + wd·w (coupled L2): acc += g²; Keras w −= lr·g/√(acc + ε), PyTorch w −= lr·g/(√acc + ε).
    /// Slot "accumulator" starts at <see cref="InitialAccumulator"/> (Keras 0.1; PyTorch 0 with ε 1e-10).
    /// </summary>
    public sealed class Adagrad : Optimizer
    {
        private float _initialAccumulator, _epsilon;

        public Adagrad(float learningRate = 0.001f, float initialAccumulator = 0.1f, float epsilon = 1e-7f,
            float weightDecay = 0f, OptimizerConvention convention = OptimizerConvention.Keras)
            : base(learningRate, weightDecay)
        {
            InitialAccumulator = initialAccumulator;
            Epsilon = epsilon;
            Convention = convention;
        }

        public override string Kind => "adagrad";

        /// <summary>The accumulator's starting value for parameters seen from now on.</summary>
        public float InitialAccumulator
        {
            get => _initialAccumulator;
            set
            {
                if (!(value >= 0f) || float.IsInfinity(value)) ThrowHelper.ThrowArgumentOutOfRange(nameof(InitialAccumulator), $"Initial accumulator must be finite and ≥ 0 (got {value}).");
                _initialAccumulator = value;
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

        public OptimizerConvention Convention { get; set; }

        protected override int SlotCount => 1;

        protected override string SlotName(int index) => "accumulator";

        protected override float SlotInitialValue(int index) => _initialAccumulator;

        protected override void UpdateCore(Span<float> w, ReadOnlySpan<float> g, float[]?[] slots, bool firstUpdate, float weightDecay)
        {
            float lr = LearningRate, eps = _epsilon, wd = weightDecay;
            float[] acc = slots[0]!;
            if (Convention == OptimizerConvention.Keras)
            {
                for (int i = 0; i < w.Length; i++)
                {
                    float gi = g[i] + wd * w[i];
                    acc[i] += gi * gi;
                    w[i] -= lr * gi / MathF.Sqrt(acc[i] + eps);
                }
            }
            else
            {
                for (int i = 0; i < w.Length; i++)
                {
                    float gi = g[i] + wd * w[i];
                    acc[i] += gi * gi;
                    w[i] -= lr * gi / (MathF.Sqrt(acc[i]) + eps);
                }
            }
        }

        protected override void WriteHyperparameters(IDictionary<string, double> h)
        {
            h["initial_accumulator_value"] = InitialAccumulator;
            h["epsilon"] = Epsilon;
            h["convention"] = (int)Convention;
        }

        protected override void ReadHyperparameters(IReadOnlyDictionary<string, double> h)
        {
            if (h.TryGetValue("initial_accumulator_value", out double v)) InitialAccumulator = (float)v;
            if (h.TryGetValue("epsilon", out v)) Epsilon = (float)v;
            Convention = ReadConvention(h, Convention);
        }
    }
}
