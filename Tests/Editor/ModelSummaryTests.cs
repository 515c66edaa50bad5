// The inspector's summary: parameter counts from the closed-form sizes of each layer, and the rendered table.
using NUnit.Framework;
using Recurrent.Editor;
using Recurrent.Ops;

namespace Recurrent.Tests.Editor
{
    [TestFixture]
    public class ModelSummaryTests
    {
        [Test]
        public void Summary_CountsParameters_ByTheClosedFormOfEachLayer()
        {
            // LSTM: D·4H·(I + H) + D·8H; GRU: 3H·(I + H) + 6H; Dense: I·O + O.
            var model = new ModelBuilder(8).Lstm(16, direction: RecurrentDirection.Bidirectional).Gru(12, returnSequences: false)
                .Dense(5).Softmax().Build("m");
            var summary = ModelSummary.Of(model);
            long lstm = 2 * 64 * (8 + 16) + 2 * 128;
            long gru = 36 * (32 + 12) + 72;
            long dense = 12 * 5 + 5;
            Assert.That(summary.Layers[0].Parameters, Is.EqualTo(lstm));
            Assert.That(summary.Layers[1].Parameters, Is.EqualTo(gru));
            Assert.That(summary.Layers[2].Parameters, Is.EqualTo(dense));
            Assert.That(summary.Layers[3].Parameters, Is.EqualTo(0));
            Assert.That(summary.TotalParameters, Is.EqualTo(lstm + gru + dense));
            Assert.That(summary.Layers[1].Weights, Has.Member("gru_1/W [1, 36, 32]"));
        }

        [Test]
        public void ToText_ShowsSequenceThenLastStepShapes_AndTotals()
        {
            var model = ModelBuilder.ForTokens(65, 16).Lstm(32).Lstm(32, returnSequences: false).Dense(65).Build("chars");
            string text = ModelSummary.Of(model).ToText();
            Assert.That(text, Does.Contain("(B, T) token ids < 65"));
            Assert.That(text, Does.Contain("(B, T, 32)"));
            Assert.That(text, Does.Contain("(B, 65)"));
            Assert.That(text, Does.Contain("Total parameters: " + model.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
