// PyTorch nn.Linear's default (torch.nn.Linear.reset_parameters): the weight is kaiming_uniform(a = √5), i.e. uniform
// in ±gain·√(3/fan_in) with gain = √(2/(1+5)), which is ±1/√fan_in; the bias is uniform in ±1/√fan_in as well.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>Uniform in ±1/√fan_in, for a Linear weight and, given the weight's fan-in, its bias.</summary>
    public sealed class PyTorchLinearInitializer : Initializer
    {
        public override string Name => "pytorch_linear";

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng)
        {
            CheckRng(rng);
            if (shape.FanIn <= 0) ThrowHelper.ThrowArgument(nameof(shape), $"pytorch_linear needs a positive fan-in, got {shape}.");
            float bound = (float)(1.0 / Math.Sqrt(shape.FanIn));
            rng.FillUniform(values, -bound, bound);
        }
    }
}
