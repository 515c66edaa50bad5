// keras.initializers.Constant / Zeros / Ones: every value the same; the generator is not consumed.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    public sealed class ConstantInitializer : Initializer
    {
        public ConstantInitializer(float value) { Value = value; }

        public float Value { get; }

        public override string Name => Value == 0f ? "zeros" : Value == 1f ? "ones" : "constant";

        public override void Fill(Span<float> values, WeightShape shape, DeterministicRandom rng) => values.Fill(Value);
    }
}
