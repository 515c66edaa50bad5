// Re-initialises a ModelBuilder model with Keras' layer defaults (ModelBuilder uses PyTorch's): recurrent kernels
// glorot_uniform, recurrent weights orthogonal, biases zero with LSTM unit_forget_bias, Dense kernels glorot_uniform.
// Embeddings keep ModelBuilder's N(0, 1). Uses the named initialisers of Runtime/Training/Initializers. Optionally the
// recurrent weights of a SimpleRNN are the identity instead (IRNN, Le, Jaitly & Hinton 2015, for ReLU RNNs).
using System;
using Recurrent.Core;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Samples.Forecasting
{
    internal static class KerasInitialization
    {
        public static void Apply(Model model, ulong seed, bool identityRecurrent = false)
        {
            var rng = new DeterministicRandom(seed);
            var glorot = Initializers.FromName("glorot_uniform");
            var orthogonal = Initializers.FromName("orthogonal");
            foreach (var layer in model.Layers)
            {
                if (layer is RecurrentLayer r)
                {
                    int D = r.NumDirections, H = r.HiddenSize, GH = r.W.Shape[1], I = r.InputSize;
                    for (int d = 0; d < D; d++)
                    {
                        glorot.Fill(r.W.Data.AsSpan(d * GH * I, GH * I), WeightShape.OutputMajor(GH, I), rng);   // W [D, GH, I]
                        orthogonal.Fill(r.R.Data.AsSpan(d * GH * H, GH * H), WeightShape.OutputMajor(GH, H), rng); // R [D, GH, H]
                        if (identityRecurrent && r.Cell == RecurrentCellKind.Rnn)
                        {
                            var R = r.R.Data.AsSpan(d * H * H, H * H);
                            R.Clear();
                            for (int h = 0; h < H; h++) R[h * H + h] = 1f;
                        }
                    }
                    if (r.B != null)
                    {
                        if (r.Cell == RecurrentCellKind.Lstm) Initializers.UnitForgetBias(r.B.Data, H);        // B [D, 2·GH]
                        else r.B.Data.AsSpan().Clear();
                    }
                }
                else if (layer is DenseLayer dense)
                {
                    int I = dense.InputSize, O = dense.OutputSize;
                    glorot.Fill(dense.Kernel.Data, WeightShape.InputMajor(I, O), rng);                          // [I, O]
                    dense.Bias?.Data.AsSpan().Clear();
                }
            }
        }
    }
}
