// The ONNX rules for recurrent activations: names, defaults of the matching operators (values typed from the ONNX
// operator pages: LeakyRelu alpha 0.01, ThresholdedRelu alpha 1.0, HardSigmoid 0.2/0.5, Elu 1.0), and in-order
// consumption of activation_alpha/beta only by activations that take them.
using NUnit.Framework;
using Recurrent.Kernels;

namespace Recurrent.Tests.Ops
{
    [TestFixture]
    public class ActivationSpecTests
    {
        [TestCase("LeakyRelu", 0.01f, 0f)]
        [TestCase("ThresholdedRelu", 1.0f, 0f)]
        [TestCase("HardSigmoid", 0.2f, 0.5f)]
        [TestCase("Elu", 1.0f, 0f)]
        public void FromOnnx_NoAlphaBeta_UsesTheOnnxOperatorDefaults(string name, float alpha, float beta)
        {
            var a = Activation.FromOnnx(new[] { name }, null, null)[0];
            Assert.That(a.Alpha, Is.EqualTo(alpha), name + " alpha");
            Assert.That(a.Beta, Is.EqualTo(beta), name + " beta");
        }

        [Test]
        public void FromOnnx_AlphaBetaLists_AreConsumedInOrderOnlyByActivationsThatTakeThem()
        {
            // Sigmoid and Tanh take nothing; LeakyRelu takes one alpha; HardSigmoid an alpha and a beta; Elu an alpha.
            var acts = Activation.FromOnnx(new[] { "Sigmoid", "LeakyRelu", "Tanh", "HardSigmoid", "Elu" },
                new[] { 0.1f, 0.3f }, new[] { 0.7f });
            Assert.That(acts[1].Alpha, Is.EqualTo(0.1f), "LeakyRelu takes the first alpha");
            Assert.That(acts[3].Alpha, Is.EqualTo(0.3f), "HardSigmoid takes the second alpha");
            Assert.That(acts[3].Beta, Is.EqualTo(0.7f), "HardSigmoid takes the first beta");
            Assert.That(acts[4].Alpha, Is.EqualTo(1.0f), "Elu falls back to its default when the list runs out");
        }

        [TestCase("tanh", ActivationKind.Tanh)]
        [TestCase("SIGMOID", ActivationKind.Sigmoid)]
        [TestCase("Softplus", ActivationKind.Softplus)]
        public void TryParseKind_IsCaseInsensitive(string name, ActivationKind expected)
        {
            Assert.That(Activation.TryParseKind(name, out var kind), Is.True);
            Assert.That(kind, Is.EqualTo(expected));
        }

        [TestCase(ActivationKind.HardSigmoid, 0.2f, 0.5f, 10f, 1f)]
        [TestCase(ActivationKind.HardSigmoid, 0.2f, 0.5f, 1f, 0.7f)]
        [TestCase(ActivationKind.ThresholdedRelu, 1f, 0f, 0.99f, 0f)]
        [TestCase(ActivationKind.ThresholdedRelu, 1f, 0f, 1f, 1f)]
        [TestCase(ActivationKind.LeakyRelu, 0.01f, 0f, -2f, -0.02f)]
        [TestCase(ActivationKind.Softsign, 0f, 0f, 3f, 0.75f)]
        [TestCase(ActivationKind.ScaledTanh, 2f, 0.5f, 0f, 0f)]
        [TestCase(ActivationKind.Affine, 2f, 1f, 3f, 7f)]
        public void Apply_ClosedFormValues(ActivationKind kind, float alpha, float beta, float x, float expected)
        {
            Assert.That(new Activation(kind, alpha, beta).Apply(x), Is.EqualTo(expected).Within(1e-7f));
        }
    }
}
