// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019; torch.optim.AdamW and keras AdamW both apply
// w ← w − lr·wd·w before the Adam step). The Adam step, its conventions and slots are Adam's.
namespace Recurrent.Training
{
    /// <summary>
    /// w ← w·(1 − lr·wd) for parameters with Decay = true, then the <see cref="Adam"/> update with the raw gradient.
    /// Default wd is Keras' 0.004 (PyTorch's is 0.01). The decay uses the current (scheduled) learning rate, as both do.
    /// </summary>
    public sealed class AdamW : Adam
    {
        public AdamW(float learningRate = 0.001f, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f,
            float epsilon = 1e-7f, bool amsgrad = false, OptimizerConvention convention = OptimizerConvention.Keras)
            : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, convention)
        {
        }

        public override string Kind => "adamw";

        protected override bool DecoupledWeightDecay => true;
    }
}
