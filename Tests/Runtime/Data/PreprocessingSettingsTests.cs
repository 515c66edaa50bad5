// A Model carries its preprocessing: WithPreprocessing keeps the layers and weights, copies the settings deeply and
// refuses settings that do not fit (sizes) or cannot be built; the settings' Clone and Describe methods; the ONNX
// importer leaves the preprocessing empty.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Data
{
    public sealed class PreprocessingSettingsTests
    {
        private static Model Features(int inputs = 3, int outputs = 2) =>
            new ModelBuilder(inputs, seed: 1).Gru(4, returnSequences: false).Dense(outputs).Softmax().Build("classifier");

        private static ArgumentException Refused(Model model, PreprocessingSettings preprocessing)
        {
            ArgumentException? caught = null;
            try
            {
                model.WithPreprocessing(preprocessing);
            }
            catch (ArgumentException e)
            {
                caught = e;
            }
            Assert.That(caught, Is.Not.Null, "expected an ArgumentException");
            return caught!;
        }

        [Test]
        public void WithPreprocessing_KeepsLayersWeightsNameAndMetadata_AndCopiesTheSettings()
        {
            var metadata = new Dictionary<string, string> { ["training.epochs"] = "3" };
            var model = new Model(Features().Layers, "gestures", metadata);
            var labels = new List<string> { "yes", "no" };
            var source = new PreprocessingSettings { Labels = labels, Scaler = StandardScaler.Fit(new float[] { 1, 2, 3, 4, 5, 7 }, 3).Describe() };

            Model tagged = model.WithPreprocessing(source);
            Assert.That(model.Preprocessing, Is.Null, "the original is unchanged");
            Assert.That(tagged.Name, Is.EqualTo("gestures"));
            Assert.That(tagged.Metadata["training.epochs"], Is.EqualTo("3"));
            for (int i = 0; i < model.Layers.Count; i++) Assert.That(tagged.Layers[i], Is.SameAs(model.Layers[i]), "layers (and their weights) are shared");

            labels[0] = "changed";
            source.Scaler!.Mean![0] = 99f;
            Assert.That(tagged.Preprocessing!.Labels, Is.EqualTo(new[] { "yes", "no" }), "a deep copy was kept");
            Assert.That(tagged.Preprocessing.Scaler!.Mean![0], Is.EqualTo(2.5f), "mean of 1 and 4");
            Assert.That(tagged.WithPreprocessing(null).Preprocessing, Is.Null);
            Assert.That(tagged.WithPreprocessing(new PreprocessingSettings()).Preprocessing, Is.Null, "empty settings mean none");
            Model built = new ModelBuilder(3).Gru(2).Dense(2).Build("built", new PreprocessingSettings { Labels = new List<string> { "a", "b" } });
            Assert.That(built.Preprocessing!.Labels, Is.EqualTo(new[] { "a", "b" }), "the builder attaches it too");
        }

        [Test]
        public void MisfittingSizes_AreRefusedWithBothNumbers()
        {
            var tokenizer = CharTokenizer.Train("abcdef");   // 6 tokens
            Model tokens = ModelBuilder.ForTokens(5, 2).Gru(2).Dense(5).Build("chars");
            Assert.That(Refused(tokens, new PreprocessingSettings { Tokenizer = tokenizer.Describe() }).Message,
                Does.Contain("6 tokens").And.Contain("embedding has 5 rows"));
            Assert.That(Refused(tokens, new PreprocessingSettings { Scaler = new ScalerSettings { Kind = FeatureScalerKind.Standard, Mean = new[] { 0f }, Scale = new[] { 1f } } }).Message,
                Does.Contain("takes token ids"));

            Model features = Features(3, 2);
            Assert.That(Refused(features, new PreprocessingSettings { Scaler = MinMaxScaler.Fit(new float[] { 1, 2, 3, 4 }, 2).Describe() }).Message,
                Does.Contain("scaler has 2 features").And.Contain("takes 3"));
            Assert.That(Refused(features, new PreprocessingSettings { Labels = new List<string> { "a", "b", "c" } }).Message,
                Does.Contain("outputs 2 values").And.Contain("3 labels"));
            Assert.That(Refused(features, new PreprocessingSettings { Stroke = new StrokeSettings { Features = new List<string> { "dx", "dy" } } }).Message,
                Does.Contain("2 features per point").And.Contain("takes 3"));
            Assert.That(Refused(features, new PreprocessingSettings { Window = new WindowSettings { Length = 5, Horizon = 3 } }).Message,
                Does.Contain("3 steps of 3 features (9 values)").And.Contain("outputs 2"));
            Assert.That(features.WithPreprocessing(new PreprocessingSettings
            {
                Stroke = new StrokeSettings(), Window = new WindowSettings { Horizon = 2, TargetFeatures = new[] { 2 } }, Labels = new List<string> { "a", "b" },
            }).Preprocessing, Is.Not.Null, "fitting settings are accepted");
        }

        [Test]
        public void MalformedSettings_AreRefusedWithTheBuildersReason()
        {
            Model chars = ModelBuilder.ForTokens(2, 2).Gru(2).Dense(2).Build("chars");
            var bpe = new TokenizerSettings
            {
                Algorithm = TokenizerAlgorithm.Bpe, Vocabulary = new List<string> { "a", "b" },
                Merges = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("a", "b") },
            };
            string message = Refused(chars, new PreprocessingSettings { Tokenizer = bpe }).Message;
            Assert.That(message, Does.Contain("tokenizer: Merge 0 needs token 'ab'"));
            Assert.That(message, Does.Not.Contain("(Parameter 'merges')"), "the builder's parameter name is not part of the reason");

            Model features = Features(3, 2);
            Assert.That(Refused(features, new PreprocessingSettings { Labels = new List<string> { "a", null! } }).Message, Does.Contain("label 1 is null"));
            Assert.That(Refused(features, new PreprocessingSettings { Stroke = new StrokeSettings { Normalization = StrokeNormalization.StreamingSafe, RotationInvariant = true } }).Message,
                Does.Contain("Rotation invariance needs the Gesture frame"));
            Assert.That(Refused(features, new PreprocessingSettings { Window = new WindowSettings { Horizon = 0 } }).Message, Does.Contain("horizon 0"));
        }

        [Test]
        public void Clone_IsDeep()
        {
            var tokenizer = BpeTokenizer.Train("abab abab cdcd", new BpeTokenizerOptions { MinPairFrequency = 1, PaddingToken = "<pad>" }).Describe();
            var original = new PreprocessingSettings
            {
                Tokenizer = tokenizer,
                Scaler = new ScalerSettings { Kind = FeatureScalerKind.MinMax, Min = new[] { 0f }, Max = new[] { 2f } },
                Stroke = new StrokeSettings(),
                Window = new WindowSettings { Length = 3, TargetFeatures = new[] { 0 } },
                Labels = new List<string> { "x" },
            };
            PreprocessingSettings copy = original.Clone();
            int vocabulary = tokenizer.Vocabulary.Count, merges = tokenizer.Merges.Count;
            original.Tokenizer.Vocabulary.Add("zz");
            original.Tokenizer.Merges.Clear();
            original.Scaler.Min![0] = 5f;
            original.Stroke.Features.Add("dx");
            original.Window.TargetFeatures![0] = 7;
            original.Labels.Add("y");
            Assert.That(copy.Tokenizer!.Vocabulary.Count, Is.EqualTo(vocabulary));
            Assert.That(copy.Tokenizer.Merges.Count, Is.EqualTo(merges).And.GreaterThan(0));
            Assert.That(copy.Tokenizer.PaddingToken, Is.EqualTo("<pad>"));
            Assert.That(copy.Scaler!.Min![0], Is.EqualTo(0f));
            Assert.That(copy.Stroke!.Features, Is.EqualTo(new[] { "x", "y", "pen" }));
            Assert.That(copy.Window!.TargetFeatures, Is.EqualTo(new[] { 0 }));
            Assert.That(copy.Window.Length, Is.EqualTo(3));
            Assert.That(copy.Labels, Is.EqualTo(new[] { "x" }));
        }

        [Test]
        public void WindowedSeries_DescribesTheWindowThatCreatedIt()
        {
            var series = new float[20 * 3];
            for (int i = 0; i < series.Length; i++) series[i] = i;
            var settings = new WindowSettings { Length = 4, Horizon = 2, TargetFeatures = new[] { 2, 0 } };
            WindowedSeries a = Windowing.Create(series, 3, settings, stride: 2);
            WindowedSeries b = Windowing.Create(series, 3, windowLength: 4, horizon: 2, stride: 2, targetFeatures: new[] { 2, 0 });
            Assert.That(a.Inputs, Is.EqualTo(b.Inputs));
            Assert.That(a.Targets, Is.EqualTo(b.Targets));
            Assert.That(a.Targets[0], Is.EqualTo(4 * 3 + 2), "window 0's first target: row 4, feature 2 (row-major value = index)");
            WindowSettings described = a.Describe();
            Assert.That(described.Length, Is.EqualTo(4));
            Assert.That(described.Horizon, Is.EqualTo(2));
            Assert.That(described.TargetFeatures, Is.EqualTo(new[] { 2, 0 }));
            Assert.That(Windowing.Create(series, 3, 5).Describe().TargetFeatures, Is.EqualTo(new[] { 0, 1, 2 }), "all features when none are named");
        }

        [Test]
        public void OnnxImport_LeavesThePreprocessingEmpty()
        {
            string path = Path.Combine(FixturePaths.Fixtures, "onnx-real", "tf2onnx-lstm-tiny", "model.onnx");
            if (!File.Exists(path)) Assert.Ignore(path + " is missing.");
            Model model = OnnxImporter.MapToModel(OnnxReader.ReadFile(path));
            Assert.That(model.Preprocessing, Is.Null);
        }
    }
}
