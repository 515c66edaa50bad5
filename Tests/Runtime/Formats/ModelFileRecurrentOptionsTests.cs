// The recurrent layer's return_state and single_bias keys (docs/model-format.md): round trip with bit-identical weights
// and predictions, files without them load with the defaults (and models without them write neither key), and
// contradictory documents end in a located ModelFormatException naming the layer.
#nullable enable
using System;
using System.Collections.Generic;
using System.Text;
using NUnit.Framework;
using Recurrent.Formats;
using Recurrent.Ops;
using static Recurrent.Tests.Formats.ModelFileTestSupport;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFileRecurrentOptionsTests
    {
        private static readonly DateTime s_created = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        [Test]
        public void ReturnStateAndSingleBias_RoundTripWithIdenticalWeightsAndPredictions()
        {
            Model model = new ModelBuilder(3, seed: 21)
                .Gru(5, linearBeforeReset: false, singleBias: true)
                .Lstm(4, returnSequences: false, direction: RecurrentDirection.Bidirectional, returnState: true, singleBias: true)
                .Dense(3).Softmax().Build("state-head");
            byte[] file = ModelFile.ToBytes(model, new ModelFileOptions { Created = s_created });
            Model loaded = ModelFile.Read(file).Model;

            AssertSameModel(model, loaded);
            var gru = (RecurrentLayer)loaded.Layers[0];
            var lstm = (RecurrentLayer)loaded.Layers[1];
            Assert.That(gru.SingleBias, Is.True, "gru single_bias");
            Assert.That(gru.ReturnState, Is.False, "gru return_state");
            Assert.That(lstm.ReturnState, Is.True, "lstm return_state");
            Assert.That(lstm.SingleBias, Is.True, "lstm single_bias");
            Assert.That(lstm.OutputSize, Is.EqualTo(2 * 2 * 4), "[h fwd, h bwd, c fwd, c bwd]");
            FormatAssert.BitExact(Predict(model), Predict(loaded), "predictions");
        }

        [Test]
        public void ModelWithoutTheOptions_WritesNeitherKey_AndTheSameModelLoads()
        {
            Model model = new ModelBuilder(2, seed: 22).Lstm(3, returnSequences: false).Dense(2).Build();
            byte[] file = ModelFile.ToBytes(model, new ModelFileOptions { Created = s_created });
            string text = Encoding.UTF8.GetString(file);
            Assert.That(text, Does.Not.Contain("return_state").And.Not.Contain("single_bias"));
            var rec = (RecurrentLayer)ModelFile.Read(file).Model.Layers[0];
            Assert.That(rec.ReturnState, Is.False);
            Assert.That(rec.SingleBias, Is.False);
        }

        [Test]
        public void OlderDocumentWithoutTheKeys_LoadsWithTheDefaults()
        {
            // A recurrent layer written from the version-1 schema as it was before these keys existed.
            DocMap doc = RecurrentDocument(null, null, rbValue: 0.25f);
            var rec = (RecurrentLayer)ModelFile.Read(Bytes(doc)).Model.Layers[0];
            Assert.That(rec.ReturnState, Is.False);
            Assert.That(rec.SingleBias, Is.False);
            Assert.That(rec.ReturnSequences, Is.False);
            Assert.That(rec.OutputSize, Is.EqualTo(2));
        }

        [Test]
        public void HandWrittenDocumentWithTheKeys_LoadsThem()
        {
            var rec = (RecurrentLayer)ModelFile.Read(Bytes(RecurrentDocument(true, true, rbValue: 0f))).Model.Layers[0];
            Assert.That(rec.ReturnState, Is.True);
            Assert.That(rec.SingleBias, Is.True);
            Assert.That(rec.OutputSize, Is.EqualTo(4), "LSTM state output [h, c]");
        }

        [Test]
        public void SingleBiasWithNonZeroRb_FailsNamingTheLayer()
        {
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(Bytes(RecurrentDocument(null, true, rbValue: 0.25f))));
            Assert.That(e!.Message, Does.Contain("'lstm_1'").And.Contain("Rb"));
        }

        [Test]
        public void ReturnStateWithReturnSequences_FailsNamingTheLayer()
        {
            DocMap doc = RecurrentDocument(true, null, rbValue: 0f);
            Layer0(doc)["return_sequences"] = true;
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(Bytes(doc)));
            Assert.That(e!.Message, Does.Contain("'lstm_1'").And.Contain("returnSequences"));
        }

        [Test]
        public void ReturnStateThatIsNotABool_FailsWithTheKeyPath()
        {
            DocMap doc = RecurrentDocument(null, null, rbValue: 0f);
            Layer0(doc)["return_state"] = "yes";
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(Bytes(doc)));
            Assert.That(e!.KeyPath, Is.EqualTo("architecture[0].return_state"), e.Message);
        }

        /// <summary>LSTM(1 -> 2, last step) with every weight present; B's Rb half filled with <paramref name="rbValue"/>.</summary>
        private static DocMap RecurrentDocument(bool? returnState, bool? singleBias, float rbValue)
        {
            const int H = 2, I = 1, GH = 4 * H;
            var layer = new DocMap
            {
                { "kind", "recurrent" }, { "name", "lstm_1" }, { "cell", "lstm" }, { "hidden_size", H }, { "return_sequences", false },
            };
            if (returnState.HasValue) layer.Add("return_state", returnState.Value);
            if (singleBias.HasValue) layer.Add("single_bias", singleBias.Value);
            var b = Sequence(2 * GH, 0.05f);
            for (int j = GH; j < 2 * GH; j++) b[j] = rbValue;
            return new DocMap
            {
                { "format", "recurrent-model" },
                { "version", 1 },
                { "architecture", new List<object?> { layer } },
                { "weights", new List<object?>
                    {
                        Tensor("lstm_1/W", Sequence(GH * I), 1, GH, I),
                        Tensor("lstm_1/R", Sequence(GH * H, 0.2f), 1, GH, H),
                        Tensor("lstm_1/B", b, 1, 2 * GH),
                    } },
            };
        }

        private static DocMap Layer0(DocMap doc) => (DocMap)((List<object?>)doc["architecture"]!)[0]!;
    }
}
