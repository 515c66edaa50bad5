// The `preprocessing` section: every tokenizer, scaler, stroke, window and label setting survives save and load exactly
// (floats bit for bit; tokenizers trained here re-encode identically), the bytes decode with a generic MessagePack tree
// reader to the documented keys and types, and preprocessing that does not fit the model fails to load (or to save)
// with a ModelFormatException that names the part.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.ModelFileTestSupport;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFilePreprocessingTests
    {
        private static readonly DateTime s_created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private const string Corpus =
            "The quick brown fox jumps over the lazy dog. Don't panic: 42 éclairs, naïve café; ünïcödé 😀 emoji!\n" +
            "the QUICK brown fox, the lazy dog again... and again and again 123 456.";

        private static Model TokenModel(int vocabulary) =>
            ModelBuilder.ForTokens(vocabulary, 4, seed: 3).Gru(3).Dense(vocabulary).Build("tokens");

        private static Model FeatureModel(int inputs, int outputs) =>
            new ModelBuilder(inputs, seed: 4).Gru(3, returnSequences: false).Dense(outputs).Softmax().Build("features");

        private static PreprocessingSettings RoundTrip(Model model, PreprocessingSettings preprocessing)
        {
            byte[] bytes = ModelFile.ToBytes(model.WithPreprocessing(preprocessing), new ModelFileOptions { Created = s_created });
            PreprocessingSettings? loaded = ModelFile.Read(bytes).Model.Preprocessing;
            Assert.That(loaded, Is.Not.Null, "the loaded model carries preprocessing");
            return loaded!;
        }

        // ---- tokenizers ---------------------------------------------------------------------------------------------

        private static IEnumerable<TestCaseData> Tokenizers()
        {
            yield return new TestCaseData(CharTokenizer.Train(Corpus)).SetName("Char_NoSpecialTokens");
            yield return new TestCaseData(CharTokenizer.Train(Corpus, new CharTokenizerOptions { Lowercase = true, PaddingToken = "<pad>", UnknownToken = "<unk>" }))
                .SetName("Char_LowercasePaddingUnknown");
            yield return new TestCaseData(CharTokenizer.Train(Corpus, new CharTokenizerOptions { UnknownToken = "\u2047" })).SetName("Char_UnknownOnly");
            yield return new TestCaseData(WordTokenizer.Train(Corpus)).SetName("Word_Defaults");
            yield return new TestCaseData(WordTokenizer.Train(Corpus, new WordTokenizerOptions { Lowercase = true, MaxVocabularySize = 9, PaddingToken = null, UnknownToken = "[UNK]" }))
                .SetName("Word_LowercaseCappedNoPadding");
            yield return new TestCaseData(BpeTokenizer.Train(Corpus, new BpeTokenizerOptions { TargetVocabularySize = 90, Lowercase = true, PaddingToken = "<pad>" }))
                .SetName("Bpe_LowercasePaddingUnknown");
            yield return new TestCaseData(BpeTokenizer.Train(Corpus, new BpeTokenizerOptions { MaxMerges = 7, MinPairFrequency = 1, UnknownToken = null }))
                .SetName("Bpe_SevenMergesNoSpecialTokens");
        }

        [TestCaseSource(nameof(Tokenizers))]
        public void Tokenizer_EverySetting_RoundTripsAndReEncodesIdentically(ITokenizer tokenizer)
        {
            TokenizerSettings expected = tokenizer.Describe();
            TokenizerSettings actual = RoundTrip(TokenModel(tokenizer.VocabularySize), new PreprocessingSettings { Tokenizer = expected }).Tokenizer!;

            Assert.That(actual.Algorithm, Is.EqualTo(expected.Algorithm));
            Assert.That(actual.Vocabulary, Is.EqualTo(expected.Vocabulary), "vocabulary, id by id");
            Assert.That(actual.Merges, Is.EqualTo(expected.Merges), "merges, in priority order");
            Assert.That(actual.UnknownToken, Is.EqualTo(expected.UnknownToken));
            Assert.That(actual.PaddingToken, Is.EqualTo(expected.PaddingToken));
            Assert.That(actual.Lowercase, Is.EqualTo(expected.Lowercase));
            if (expected.Algorithm == TokenizerAlgorithm.Bpe) Assert.That(expected.Merges.Count, Is.GreaterThan(0), "the case exercises merges");

            string probe = tokenizer.UnknownId >= 0 ? Corpus + " Zebra Ω" : Corpus;   // unseen characters only where they map to unknown
            Assert.That(Tokenizer.FromDescription(actual).Encode(probe), Is.EqualTo(tokenizer.Encode(probe)), "the loaded tokenizer encodes like the trained one");
        }

        // ---- scalers ------------------------------------------------------------------------------------------------

        [Test]
        public void StandardScaler_FittedStatistics_RoundTripBitForBit()
        {
            var data = new float[40 * 3];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(Math.Sin(i * 0.7) * (i % 3 == 0 ? 1e-3 : i % 3 == 1 ? 7.5 : 3e5) + i % 3);
            ScalerSettings expected = StandardScaler.Fit(data, 3).Describe();
            ScalerSettings actual = RoundTrip(FeatureModel(3, 2), new PreprocessingSettings { Scaler = expected }).Scaler!;
            Assert.That(actual.Kind, Is.EqualTo(FeatureScalerKind.Standard));
            FormatAssert.BitExact(expected.Mean, actual.Mean, "mean");
            FormatAssert.BitExact(expected.Scale, actual.Scale, "scale");
            Assert.That(actual.Min, Is.Null);
            Assert.That(actual.Max, Is.Null);
        }

        [Test]
        public void MinMaxScaler_AwkwardFloats_RoundTripBitForBit()
        {
            // -0, the smallest subnormal, 1/3 and values near float's limits: all exactly representable only as float32 bits.
            var expected = new ScalerSettings
            {
                Kind = FeatureScalerKind.MinMax,
                Min = new[] { -0f, float.Epsilon, 1f / 3f, -1.7e38f },
                Max = new[] { 0f, 2 * float.Epsilon, 0.33333334f, 1.5e38f },
            };
            ScalerSettings actual = RoundTrip(FeatureModel(4, 2), new PreprocessingSettings { Scaler = expected }).Scaler!;
            Assert.That(actual.Kind, Is.EqualTo(FeatureScalerKind.MinMax));
            FormatAssert.BitExact(expected.Min, actual.Min, "min");
            FormatAssert.BitExact(expected.Max, actual.Max, "max");
            Assert.That(actual.Mean, Is.Null);
        }

        // ---- stroke settings ----------------------------------------------------------------------------------------

        private static IEnumerable<TestCaseData> StrokeCases()
        {
            yield return new TestCaseData(new StrokeSettings()).SetName("Stroke_Defaults");
            yield return new TestCaseData(new StrokeSettings
            {
                Resample = StrokeResampleMode.Time, Points = 32, Normalization = StrokeNormalization.Gesture, NormalizeTranslation = false,
                NormalizeScale = true, ScaleMode = StrokeScaleMode.RmsRadius, RotationInvariant = true, ReferenceSize = 2.5f,
                Features = new List<string> { "dx", "dy", "pen_up" },
            }).SetName("Stroke_TimeRmsRotation");
            yield return new TestCaseData(new StrokeSettings
            {
                Resample = StrokeResampleMode.ArcLength, Points = 0, Spacing = 0.05f, Normalization = StrokeNormalization.StreamingSafe,
                NormalizeTranslation = true, NormalizeScale = true, ReferenceSize = 320.7f,
                Features = new List<string> { "x", "y", "dx", "dy", "pen", "pen_up" },
            }).SetName("Stroke_SpacingStreamingSafe");
            yield return new TestCaseData(new StrokeSettings
            {
                Resample = StrokeResampleMode.None, Points = 0, Spacing = 0f, Normalization = StrokeNormalization.StreamingSafe,
                NormalizeTranslation = false, NormalizeScale = false, ScaleMode = StrokeScaleMode.RmsRadius, ReferenceSize = 1e-3f,
                Features = new List<string> { "dx", "dy" },
            }).SetName("Stroke_NoResamplingNoNormalization");
            yield return new TestCaseData(new StrokeSettings
            {
                Resample = StrokeResampleMode.Time, Points = 0, Spacing = 16.666666f, Normalization = StrokeNormalization.StreamingSafe,
                NormalizeTranslation = true, NormalizeScale = false, Features = new List<string> { "pen", "x", "x" },
            }).SetName("Stroke_TimeSpacingRepeatedFeature");
        }

        [TestCaseSource(nameof(StrokeCases))]
        public void Stroke_EverySetting_RoundTrips(StrokeSettings expected)
        {
            StrokeSettings actual = RoundTrip(FeatureModel(expected.Features.Count, 2), new PreprocessingSettings { Stroke = expected }).Stroke!;
            Assert.That(actual.Resample, Is.EqualTo(expected.Resample), "resample");
            Assert.That(actual.Points, Is.EqualTo(expected.Points), "points");
            Assert.That(BitConverter.SingleToInt32Bits(actual.Spacing), Is.EqualTo(BitConverter.SingleToInt32Bits(expected.Spacing)), "spacing bits");
            Assert.That(actual.Normalization, Is.EqualTo(expected.Normalization), "normalization");
            Assert.That(actual.NormalizeTranslation, Is.EqualTo(expected.NormalizeTranslation), "normalize_translation");
            Assert.That(actual.NormalizeScale, Is.EqualTo(expected.NormalizeScale), "normalize_scale");
            Assert.That(actual.ScaleMode, Is.EqualTo(expected.ScaleMode), "scale_mode");
            Assert.That(actual.RotationInvariant, Is.EqualTo(expected.RotationInvariant), "rotation_invariant");
            Assert.That(BitConverter.SingleToInt32Bits(actual.ReferenceSize), Is.EqualTo(BitConverter.SingleToInt32Bits(expected.ReferenceSize)), "reference_size bits");
            Assert.That(actual.Features, Is.EqualTo(expected.Features), "features");
        }

        [Test]
        public void StrokeCases_CoverEveryEnumValue()
        {
            var resample = new HashSet<StrokeResampleMode>();
            var normalization = new HashSet<StrokeNormalization>();
            var scale = new HashSet<StrokeScaleMode>();
            var features = new HashSet<string>();
            foreach (TestCaseData c in StrokeCases())
            {
                var s = (StrokeSettings)c.Arguments[0]!;
                resample.Add(s.Resample);
                normalization.Add(s.Normalization);
                scale.Add(s.ScaleMode);
                features.UnionWith(s.Features);
            }
            Assert.That(resample.Count, Is.EqualTo(Enum.GetValues(typeof(StrokeResampleMode)).Length));
            Assert.That(normalization.Count, Is.EqualTo(Enum.GetValues(typeof(StrokeNormalization)).Length));
            Assert.That(scale.Count, Is.EqualTo(Enum.GetValues(typeof(StrokeScaleMode)).Length));
            Assert.That(features.Count, Is.EqualTo(Enum.GetValues(typeof(StrokeFeature)).Length));
        }

        // ---- window and labels --------------------------------------------------------------------------------------

        [Test]
        public void Window_WithAndWithoutTargets_RoundTrips()
        {
            WindowSettings a = RoundTrip(FeatureModel(3, 6), new PreprocessingSettings
            {
                Window = new WindowSettings { Length = 12, Horizon = 3, TargetFeatures = new[] { 2, 0 } },
            }).Window!;
            Assert.That(a.Length, Is.EqualTo(12));
            Assert.That(a.Horizon, Is.EqualTo(3));
            Assert.That(a.TargetFeatures, Is.EqualTo(new[] { 2, 0 }));

            WindowSettings b = RoundTrip(FeatureModel(2, 2), new PreprocessingSettings { Window = new WindowSettings() }).Window!;
            Assert.That(b.Length, Is.EqualTo(0));
            Assert.That(b.Horizon, Is.EqualTo(1));
            Assert.That(b.TargetFeatures, Is.Null);
        }

        [Test]
        public void Labels_RoundTripInOrder()
        {
            var labels = new List<string> { "circle", "zig-zag \u2713", "", "\u65e5\u672c" };
            Assert.That(RoundTrip(FeatureModel(2, 4), new PreprocessingSettings { Labels = labels }).Labels, Is.EqualTo(labels));
        }

        [Test]
        public void NoPreprocessing_LoadsAsNull_AndTheKeyIsAbsent()
        {
            Model model = FeatureModel(2, 3);
            byte[] bytes = ModelFile.ToBytes(model.WithPreprocessing(new PreprocessingSettings()), new ModelFileOptions { Created = s_created });
            Assert.That(ModelFile.Read(bytes).Model.Preprocessing, Is.Null);
            Assert.That(ModelFile.Read(bytes).Preprocessing, Is.Null);
            Assert.That(((Dictionary<string, object?>)Tree(bytes)!).ContainsKey("preprocessing"), Is.False);
        }

        [Test]
        public void OptionsPreprocessing_IsStoredInsteadOfTheModels()
        {
            Model model = FeatureModel(2, 3).WithPreprocessing(new PreprocessingSettings { Labels = new List<string> { "a", "b", "c" } });
            byte[] bytes = ModelFile.ToBytes(model, new ModelFileOptions
            {
                Created = s_created,
                Preprocessing = new PreprocessingSettings { Labels = new List<string> { "x", "y", "z" } },
            });
            Assert.That(ModelFile.Read(bytes).Model.Preprocessing!.Labels, Is.EqualTo(new[] { "x", "y", "z" }));
            Assert.That(ModelFile.Read(ModelFile.ToBytes(model)).Model.Preprocessing!.Labels, Is.EqualTo(new[] { "a", "b", "c" }));
        }

        [Test]
        public void SaveToDisk_ThenLoad_KeepsThePreprocessing()
        {
            string path = Path.Combine(Path.GetTempPath(), "recurrent-prep-" + Guid.NewGuid().ToString("N") + ".rmodel");
            try
            {
                var tokenizer = CharTokenizer.Train("abcabc");
                ModelFile.Save(TokenModel(3).WithPreprocessing(new PreprocessingSettings { Tokenizer = tokenizer.Describe() }), path);
                Assert.That(ModelFile.Load(path).Model.Preprocessing!.Tokenizer!.Vocabulary, Is.EqualTo(new[] { "a", "b", "c" }));
            }
            finally
            {
                if (File.Exists(path)) File.Delete(path);
            }
        }

        // ---- the bytes, read by a generic MessagePack tree reader ---------------------------------------------------

        [Test]
        public void EveryPart_DecodesWithAGenericReader_ToTheDocumentedKeysAndTypes()
        {
            // One feature model (3 in, 3 out) can carry every part: one-hot char tokenizer, scaler, stroke, window, labels.
            var preprocessing = new PreprocessingSettings
            {
                Tokenizer = CharTokenizer.Train("abc").Describe(),
                Scaler = new ScalerSettings { Kind = FeatureScalerKind.Standard, Mean = new[] { 0.5f, -1f, 2f }, Scale = new[] { 1f, 2f, 0.25f } },
                Stroke = new StrokeSettings
                {
                    Resample = StrokeResampleMode.ArcLength, Points = 0, Spacing = 0.125f, Normalization = StrokeNormalization.StreamingSafe,
                    ReferenceSize = 200f, Features = new List<string> { "dx", "dy", "pen" },
                },
                Window = new WindowSettings { Length = 16, Horizon = 1 },
                Labels = new List<string> { "left", "right", "up" },
            };
            byte[] bytes = ModelFile.ToBytes(FeatureModel(3, 3).WithPreprocessing(preprocessing), new ModelFileOptions { Created = s_created });
            var root = (Dictionary<string, object?>)Tree(bytes)!;
            var p = (Dictionary<string, object?>)root["preprocessing"]!;
            Assert.That(Keys(p), Is.EqualTo(new[] { "labels", "scaler", "stroke", "tokenizer", "window" }));

            var tokenizer = (Dictionary<string, object?>)p["tokenizer"]!;
            Assert.That(Keys(tokenizer), Is.EqualTo(new[] { "kind", "lowercase", "pad_token", "unk_token", "vocabulary" }));
            Assert.That(tokenizer["kind"], Is.EqualTo("char"));
            Assert.That(tokenizer["vocabulary"], Is.EqualTo(new object[] { "a", "b", "c" }));
            Assert.That(tokenizer["unk_token"], Is.Null);
            Assert.That(tokenizer["lowercase"], Is.EqualTo(false));

            var scaler = (Dictionary<string, object?>)p["scaler"]!;
            Assert.That(Keys(scaler), Is.EqualTo(new[] { "kind", "mean", "scale" }));
            Assert.That(scaler["kind"], Is.EqualTo("standard"));
            Assert.That(scaler["mean"], Is.EqualTo(new object[] { 0.5f, -1f, 2f }), "float32 values");

            var stroke = (Dictionary<string, object?>)p["stroke"]!;
            Assert.That(Keys(stroke), Is.EqualTo(new[]
            {
                "features", "normalization", "normalize_scale", "normalize_translation", "points", "reference_size", "resample",
                "rotation_invariant", "scale_mode", "spacing",
            }));
            Assert.That(stroke["resample"], Is.EqualTo("arc_length"));
            Assert.That(stroke["points"], Is.EqualTo(0L));
            Assert.That(stroke["spacing"], Is.EqualTo(0.125f).And.TypeOf<float>(), "spacing is a float32");
            Assert.That(stroke["normalization"], Is.EqualTo("streaming_safe"));
            Assert.That(stroke["scale_mode"], Is.EqualTo("bounding_box"));
            Assert.That(stroke["reference_size"], Is.EqualTo(200f).And.TypeOf<float>());
            Assert.That(stroke["normalize_translation"], Is.EqualTo(true));
            Assert.That(stroke["features"], Is.EqualTo(new object[] { "dx", "dy", "pen" }));

            var window = (Dictionary<string, object?>)p["window"]!;
            Assert.That(Keys(window), Is.EqualTo(new[] { "horizon", "length", "targets" }));
            Assert.That(window["length"], Is.EqualTo(16L));
            Assert.That(window["horizon"], Is.EqualTo(1L));
            Assert.That(window["targets"], Is.Null);

            Assert.That(p["labels"], Is.EqualTo(new object[] { "left", "right", "up" }));
        }

        // ---- preprocessing that does not fit, or is malformed -------------------------------------------------------

        /// <summary>TinyDenseDocument (Dense 2 → 3 over float features) with a preprocessing map.</summary>
        private static DocMap DenseWith(DocMap preprocessing)
        {
            DocMap doc = TinyDenseDocument();
            doc["preprocessing"] = preprocessing;
            return doc;
        }

        private static ModelFormatException Fails(DocMap doc, string keyPath)
        {
            ModelFormatException? caught = null;
            try
            {
                ModelFile.Read(Bytes(doc));
            }
            catch (ModelFormatException e)
            {
                caught = e;
            }
            Assert.That(caught, Is.Not.Null, "expected a ModelFormatException");
            Assert.That(caught!.KeyPath, Is.EqualTo(keyPath), caught.Message);
            Assert.That(caught.Offset, Is.GreaterThan(0), caught.Message);
            Assert.That(caught.Message, Does.StartWith(keyPath + ": ").And.EndWith("at offset " + caught.Offset), caught.Message);
            return caught;
        }

        private static List<object?> Strings(params string[] values) => new List<object?>(values);

        private static DocMap CharTokenizerMap(params string[] vocabulary) => new DocMap
        {
            { "kind", "char" }, { "vocabulary", Strings(vocabulary) }, { "unk_token", null }, { "pad_token", null }, { "lowercase", false },
        };

        [Test]
        public void VocabularyLargerThanTheEmbedding_FailsToLoad()
        {
            DocMap doc = TinyDenseDocument();
            var architecture = (List<object?>)doc["architecture"]!;
            architecture.Insert(0, new DocMap { { "kind", "embedding" }, { "name", "embedding_1" } });
            ((List<object?>)doc["weights"]!).Add(Tensor("embedding_1/embeddings", Sequence(8), 4, 2));   // 4 token ids, E = 2
            doc["preprocessing"] = new DocMap { { "tokenizer", CharTokenizerMap("a", "b", "c", "d", "e") } };
            ModelFormatException e = Fails(doc, "preprocessing.tokenizer");
            Assert.That(e.Message, Does.Contain("5 tokens").And.Contain("embedding has 4 rows"));
        }

        [Test]
        public void TokenizerOnAFeatureModel_OfAnotherWidth_FailsToLoad()
        {
            ModelFormatException e = Fails(DenseWith(new DocMap { { "tokenizer", CharTokenizerMap("a", "b", "c") } }), "preprocessing.tokenizer");
            Assert.That(e.Message, Does.Contain("3 tokens").And.Contain("2 features"));
        }

        [Test]
        public void ScalerWidthOtherThanTheInput_FailsToLoad()
        {
            var scaler = new DocMap { { "kind", "standard" }, { "mean", new List<object?> { 0f, 1f, 2f } }, { "scale", new List<object?> { 1f, 1f, 1f } } };
            ModelFormatException e = Fails(DenseWith(new DocMap { { "scaler", scaler } }), "preprocessing.scaler");
            Assert.That(e.Message, Does.Contain("3 features").And.Contain("takes 2"));
        }

        [Test]
        public void LabelCountOtherThanTheOutputs_FailsToLoad()
        {
            ModelFormatException e = Fails(DenseWith(new DocMap { { "labels", Strings("yes", "no") } }), "preprocessing.labels");
            Assert.That(e.Message, Does.Contain("2 labels").And.Contain("outputs 3"));
        }

        [Test]
        public void StrokeFeatureCountOtherThanTheInput_FailsToLoad()
        {
            var stroke = new DocMap { { "resample", "arc_length" }, { "points", 16 }, { "features", Strings("dx", "dy", "pen") } };
            ModelFormatException e = Fails(DenseWith(new DocMap { { "stroke", stroke } }), "preprocessing.stroke");
            Assert.That(e.Message, Does.Contain("3 features per point").And.Contain("takes 2"));
        }

        [Test]
        public void WindowThatDoesNotMatchTheOutput_FailsToLoad()
        {
            var window = new DocMap { { "length", 8 }, { "horizon", 2 }, { "targets", null } };   // 2 steps × 2 features ≠ 3 outputs
            ModelFormatException e = Fails(DenseWith(new DocMap { { "window", window } }), "preprocessing.window");
            Assert.That(e.Message, Does.Contain("(4 values)").And.Contain("outputs 3"));
        }

        [Test]
        public void MalformedParts_FailToLoad_WithTheBuildersReason()
        {
            var bpe = new DocMap
            {
                { "kind", "bpe" }, { "vocabulary", Strings("a", "b") }, { "merges", new List<object?> { Strings("a", "b") } },
                { "unk_token", null }, { "pad_token", null }, { "lowercase", false },
            };
            Assert.That(Fails(DenseWith(new DocMap { { "tokenizer", bpe } }), "preprocessing.tokenizer").Message, Does.Contain("'ab'"));

            var duplicate = CharTokenizerMap("a", "a");
            Assert.That(Fails(DenseWith(new DocMap { { "tokenizer", duplicate } }), "preprocessing.tokenizer").Message, Does.Contain("appears at ids 0 and 1"));

            var zeroScale = new DocMap { { "kind", "standard" }, { "mean", new List<object?> { 0f, 1f } }, { "scale", new List<object?> { 1f, 0f } } };
            Assert.That(Fails(DenseWith(new DocMap { { "scaler", zeroScale } }), "preprocessing.scaler").Message, Does.Contain("must be positive"));

            var badFeature = new DocMap { { "resample", "arc_length" }, { "points", 16 }, { "features", Strings("dx", "speed") } };
            Assert.That(Fails(DenseWith(new DocMap { { "stroke", badFeature } }), "preprocessing.stroke").Message, Does.Contain("'speed'"));

            var noResampling = new DocMap { { "resample", "arc_length" }, { "points", 0 }, { "features", Strings("dx", "dy") } };
            Assert.That(Fails(DenseWith(new DocMap { { "stroke", noResampling } }), "preprocessing.stroke").Message, Does.Contain("Spacing > 0"));

            var hugePoints = new DocMap { { "resample", "arc_length" }, { "points", 1 << 21 }, { "features", Strings("dx", "dy") } };
            Assert.That(Fails(DenseWith(new DocMap { { "stroke", hugePoints } }), "preprocessing.stroke").Message, Does.Contain("Points must be in [0, 1048576]"));

            var badTarget = new DocMap { { "length", 8 }, { "horizon", 3 }, { "targets", new List<object?> { 5 } } };
            Assert.That(Fails(DenseWith(new DocMap { { "window", badTarget } }), "preprocessing.window").Message, Does.Contain("target feature 5"));
        }

        [Test]
        public void UnknownEnumStrings_FailToLoad_AtTheirKey()
        {
            var stroke = new DocMap { { "resample", "bezier" }, { "features", Strings("dx", "dy") } };
            Assert.That(Fails(DenseWith(new DocMap { { "stroke", stroke } }), "preprocessing.stroke.resample").Message, Does.Contain("'bezier'"));
            stroke = new DocMap { { "resample", "none" }, { "normalization", "centroid" }, { "features", Strings("dx", "dy") } };
            Fails(DenseWith(new DocMap { { "stroke", stroke } }), "preprocessing.stroke.normalization");
            stroke = new DocMap { { "resample", "none" }, { "scale_mode", "diagonal" }, { "features", Strings("dx", "dy") } };
            Fails(DenseWith(new DocMap { { "stroke", stroke } }), "preprocessing.stroke.scale_mode");
            Fails(DenseWith(new DocMap { { "tokenizer", new DocMap { { "kind", "sentencepiece" } } } }), "preprocessing.tokenizer.kind");
            Fails(DenseWith(new DocMap { { "window", new DocMap { { "horizon", 0 } } } }), "preprocessing.window.horizon");
        }

        [Test]
        public void HostileListSize_IsRefusedBeforeAnythingIsBuilt()
        {
            // 2^22 + 1 one-byte strings: within the file's size, above the preprocessing list limit.
            var labels = new List<object?>((1 << 22) + 1);
            for (int i = 0; i < labels.Capacity; i++) labels.Add("");
            ModelFormatException e = Fails(DenseWith(new DocMap { { "labels", labels } }), "preprocessing.labels");
            Assert.That(e.Message, Does.Contain("more than the 4194304"));
        }

        [Test]
        public void MisfittingPreprocessing_IsRefusedWhenSaving()
        {
            Model model = FeatureModel(2, 3);
            var options = new ModelFileOptions { Preprocessing = new PreprocessingSettings { Labels = new List<string> { "only one" } } };
            ArgumentException? caught = null;
            try
            {
                ModelFile.ToBytes(model, options);
            }
            catch (ArgumentException e)
            {
                caught = e;
            }
            Assert.That(caught, Is.Not.Null, "a file that could not be loaded is never written");
            Assert.That(caught!.Message, Does.Contain("labels").And.Contain("1 label").And.Contain("3 values"));
        }

        // ---- a generic MessagePack tree (independent of ModelFile's reader) -----------------------------------------

        private static string[] Keys(Dictionary<string, object?> map)
        {
            var keys = new List<string>(map.Keys);
            keys.Sort(StringComparer.Ordinal);
            return keys.ToArray();
        }

        /// <summary>Any MessagePack value as a tree: maps with string keys, lists, long, float (float32), double, string, bool, byte[], null.</summary>
        internal static object? Tree(byte[] bytes)
        {
            var r = new MessagePackReader(bytes);
            object? value = ReadValue(ref r);
            Assert.That(r.End, Is.True, "one value fills the file");
            return value;
        }

        private static object? ReadValue(ref MessagePackReader r)
        {
            switch (r.PeekType())
            {
                case MessagePackType.Nil: r.ReadNil(); return null;
                case MessagePackType.Boolean: return r.ReadBoolean();
                case MessagePackType.Integer: return r.ReadInt64();
                case MessagePackType.Float:
                    if (r.PeekCode() == 0xca) return r.ReadSingle();   // float32 (spec: 0xca), else float64
                    return r.ReadDouble();
                case MessagePackType.String: return r.ReadString();
                case MessagePackType.Binary: return r.ReadBytes().ToArray();
                case MessagePackType.Array:
                {
                    int n = r.ReadArrayHeader();
                    var list = new List<object?>(n);
                    r.EnterContainer();
                    for (int i = 0; i < n; i++) list.Add(ReadValue(ref r));
                    r.LeaveContainer();
                    return list;
                }
                case MessagePackType.Map:
                {
                    int n = r.ReadMapHeader();
                    var map = new Dictionary<string, object?>(n, StringComparer.Ordinal);
                    r.EnterContainer();
                    for (int i = 0; i < n; i++)
                    {
                        string key = r.ReadString();
                        map.Add(key, ReadValue(ref r));
                    }
                    r.LeaveContainer();
                    return map;
                }
                default:
                    r.Skip();
                    return "(other)";
            }
        }
    }
}
