// Adam (Kingma & Ba 2015) with optional AMSGrad (Reddi et al. 2018). Keras convention: keras/src/optimizers/adam.py
// ("epsilon hat" form); PyTorch convention: torch.optim.Adam docs, which is also TF.js tf.train.adam's placement.
using System;
using System.Collections.Generic;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// At step t, with g ← g + wd·w (coupled L2 here; decoupled in <see cref="AdamW"/>):
    /// m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², and with AMSGrad v̂max = max(v̂max, v) used in place of v. Then
    /// <list type="bullet">
    /// <item>Keras (default): α_t = lr·√(1−β2^t)/(1−β1^t); w −= α_t·m/(√v + ε). ε is added to the uncorrected √v,
    /// i.e. the paper's "ε̂" variant (Kingma &amp; Ba, end of section 2).</item>
    /// <item>PyTorch (= TF.js tf.train.adam): w −= (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε), i.e. lr·m̂/(√v̂ + ε).</item>
    /// </list>
    /// The two differ only in ε's scale (ε vs ε·√(1−β2^t)), which matters when √v̂ is comparable to ε.
    /// Slots: "m", "v", and "vhat" with AMSGrad. Bias corrections are computed in double once per step.
    /// </summary>
    public class Adam : Optimizer
    {
        private const int MSlot = 0, VSlot = 1, VHatSlot = 2;
        private float _beta1, _beta2, _epsilon;
        private float _kerasAlpha, _torchStepSize, _torchSqrtBc2;

        /// <summary>Keras defaults (β1 0.9, β2 0.999, ε 1e-7, as TF.js); PyTorch's ε is 1e-8.</summary>
        public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f,
            bool amsgrad = false, float weightDecay = 0f, OptimizerConvention convention = OptimizerConvention.Keras)
            : base(learningRate, weightDecay)
        {
            Beta1 = beta1;
            Beta2 = beta2;
            Epsilon = epsilon;
            AmsGrad = amsgrad;
            Convention = convention;
        }

        public override string Kind => "adam";

        /// <summary>β1 in [0, 1).</summary>
        public float Beta1
        {
            get => _beta1;
            set
            {
                if (!(value >= 0f && value < 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Beta1), $"Beta1 must be in [0, 1) (got {value}).");
                _beta1 = value;
            }
        }

        /// <summary>β2 in [0, 1).</summary>
        public float Beta2
        {
            get => _beta2;
            set
            {
                if (!(value >= 0f && value < 1f)) ThrowHelper.ThrowArgumentOutOfRange(nameof(Beta2), $"Beta2 must be in [0, 1) (got {value}).");
                _beta2 = value;
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

        public bool AmsGrad { get; set; }

        /// <summary>Where ε sits; see the class summary. Keras by default.</summary>
        public OptimizerConvention Convention { get; set; }

        /// <summary>True in AdamW: weight decay is w −= lr·wd·w before the Adam step instead of g += wd·w.</summary>
        protected virtual bool DecoupledWeightDecay => false;

        protected override int SlotCount => 3;

        protected override string SlotName(int index) => index == MSlot ? "m" : index == VSlot ? "v" : "vhat";

        protected override bool UsesSlot(int index) => index != VHatSlot || AmsGrad;

        protected override void OnBeginStep(long step)
        {
            double lr = LearningRate;
            double bc1 = 1.0 - Math.Pow(_beta1, step);
            double bc2 = 1.0 - Math.Pow(_beta2, step);
            _kerasAlpha = (float)(lr * Math.Sqrt(bc2) / bc1);
            _torchStepSize = (float)(lr / bc1);
            _torchSqrtBc2 = (float)Math.Sqrt(bc2);
        }

        protected override void UpdateCore(Span<float> w, ReadOnlySpan<float> g, float[]?[] slots, bool firstUpdate, float weightDecay)
        {
            float b1 = _beta1, b2 = _beta2, oneMinusB1 = 1f - _beta1, oneMinusB2 = 1f - _beta2, eps = _epsilon;
            float[] m = slots[MSlot]!, v = slots[VSlot]!;
            float[]? vmax = AmsGrad ? slots[VHatSlot] : null;
            float coupled = weightDecay, shrink = 1f;
            if (DecoupledWeightDecay)
            {
                coupled = 0f;
                shrink = 1f - LearningRate * weightDecay;
            }
            bool keras = Convention == OptimizerConvention.Keras;
            float alpha = _kerasAlpha, stepSize = _torchStepSize, sqrtBc2 = _torchSqrtBc2;
            for (int i = 0; i < w.Length; i++)
            {
                float wi = w[i] * shrink;
                float gi = g[i] + coupled * wi;
                m[i] = b1 * m[i] + oneMinusB1 * gi;
                v[i] = b2 * v[i] + oneMinusB2 * gi * gi;
                float vi = v[i];
                if (vmax != null)
                {
                    if (vi > vmax[i]) vmax[i] = vi;
                    vi = vmax[i];
                }
                w[i] = keras
                    ? wi - alpha * m[i] / (MathF.Sqrt(vi) + eps)
                    : wi - stepSize * m[i] / (MathF.Sqrt(vi) / sqrtBc2 + eps);
            }
        }

        protected override void WriteHyperparameters(IDictionary<string, double> h)
        {
            h["beta_1"] = Beta1;
            h["beta_2"] = Beta2;
            h["epsilon"] = Epsilon;
            h["amsgrad"] = AmsGrad ? 1 : 0;
            h["convention"] = (int)Convention;
        }

        protected override void ReadHyperparameters(IReadOnlyDictionary<string, double> h)
        {
            if (h.TryGetValue("beta_1", out double v)) Beta1 = (float)v;
            if (h.TryGetValue("beta_2", out v)) Beta2 = (float)v;
            if (h.TryGetValue("epsilon", out v)) Epsilon = (float)v;
            if (h.TryGetValue("amsgrad", out v)) AmsGrad = v != 0;
            Convention = ReadConvention(h, Convention);
        }
    }
}
