// Broken and hostile model files (truncation, bit flips, inflated lengths, hand-made bad documents) must load correctly or end
// in a ModelFormatException naming key path and byte offset: never another exception, a hang or a large allocation.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Formats;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.ModelFileTestSupport;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFileCorruptionTests
    {
        private static byte[] SmallModelFile() =>
            ModelFile.ToBytes(new ModelBuilder(2, seed: 5).Gru(3, returnSequences: false).Dense(2).Softmax().Build("small"),
                new ModelFileOptions
                {
                    Created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    Preprocessing = new PreprocessingSettings { Labels = new List<string> { "yes", "no" } },
                });

        private static ModelFormatException Fails(byte[] bytes)
        {
            ModelFormatException? caught = null;
            try
            {
                ModelFile.Read(bytes);
            }
            catch (ModelFormatException e)
            {
                caught = e;
            }
            Assert.That(caught, Is.Not.Null, "expected a ModelFormatException");
            AssertLocated(caught!);
            return caught!;
        }

        private static void AssertLocated(ModelFormatException e)
        {
            if (e.Offset >= 0) Assert.That(e.Message, Does.EndWith("at offset " + e.Offset), e.Message);
            if (e.KeyPath.Length > 0) Assert.That(e.Message, Does.StartWith(e.KeyPath + ": "), e.Message);
        }

        // ---- whole-file corruption ----------------------------------------------------------------------------------

        [Test]
        public void TruncatedAtEveryOffset_FailsWithALocatedError()
        {
            byte[] file = SmallModelFile();
            Assert.That(ModelFile.Read(file).Model.Name, Is.EqualTo("small"));
            for (int length = 0; length < file.Length; length++)
            {
                ModelFormatException e = Fails(file.AsSpan(0, length).ToArray());
                Assert.That(e.Offset, Is.InRange(0, length), $"truncated to {length}: {e.Message}");
            }
        }

        [Test]
        public void BitFlipsAtEveryOffset_FailWithALocatedErrorOrLoadAValidModel()
        {
            byte[] file = SmallModelFile();
            int loaded = 0, rejected = 0;
            foreach (int bit in new[] { 0, 3, 7 })
            {
                for (int i = 0; i < file.Length; i++)
                {
                    byte[] bytes = (byte[])file.Clone();
                    bytes[i] ^= (byte)(1 << bit);
                    try
                    {
                        ModelFileContents c = ModelFile.Read(bytes);
                        Assert.That(c.Model.Layers.Count, Is.GreaterThan(0));
                        loaded++;   // a flip inside weight data or a name is still a valid file
                    }
                    catch (ModelFormatException e)
                    {
                        AssertLocated(e);
                        rejected++;
                    }
                }
            }
            TestContext.WriteLine($"{loaded} flipped files loaded, {rejected} rejected");
            Assert.That(rejected, Is.GreaterThan(0));
            Assert.That(loaded, Is.GreaterThan(0));
        }

        [Test]
        public void EveryLengthHeaderInflated_FailsWithoutLargeAllocations()
        {
            // Inflate the first bin (weight data) and the architecture array to the largest 32-bit lengths.
            byte[] file = SmallModelFile();
            int inflated = 0;
            for (int i = 0; i < file.Length - 5; i++)
            {
                byte code = file[i];
                if (code != 0xc4 && code != 0xc5 && code != 0xc6 && code != 0x93 && code != 0xdc && code != 0xd9) continue;
                foreach (uint length in new[] { 0x7fffffffu, 0xffffffffu, 0x10000u })
                {
                    // Rewrite as the 32-bit form of the same kind followed by the rest of the file (shifted).
                    byte wide = code == 0xc4 || code == 0xc5 || code == 0xc6 ? (byte)0xc6 : code == 0xd9 ? (byte)0xdb : (byte)0xdd;
                    int headerLength = code == 0xc4 || code == 0xd9 ? 2 : code == 0xc5 || code == 0xdc ? 3 : code == 0x93 ? 1 : 5;
                    var bytes = new List<byte>(file.Length + 8);
                    for (int k = 0; k < i; k++) bytes.Add(file[k]);
                    bytes.Add(wide);
                    bytes.Add((byte)(length >> 24));
                    bytes.Add((byte)(length >> 16));
                    bytes.Add((byte)(length >> 8));
                    bytes.Add((byte)length);
                    for (int k = i + headerLength; k < file.Length; k++) bytes.Add(file[k]);
                    long before = AllocationCounter.Now();
                    try
                    {
                        ModelFile.Read(bytes.ToArray());
                        Assert.Fail($"inflating the header at {i} to {length} still loaded");
                    }
                    catch (ModelFormatException e)
                    {
                        AssertLocated(e);
                    }
                    long allocated = AllocationCounter.Now() - before;
                    Assert.That(allocated, Is.LessThan(1 << 20), $"allocated while rejecting the length {length} at {i}");
                    inflated++;
                }
            }
            Assert.That(inflated, Is.GreaterThan(10));
        }

        [Test]
        public void SeededRandomMutations_FailWithALocatedErrorOrLoad()
        {
            byte[] file = SmallModelFile();
            var rng = new Random(99);
            for (int trial = 0; trial < 3000; trial++)
            {
                byte[] bytes = (byte[])file.Clone();
                int edits = rng.Next(1, 4);
                for (int k = 0; k < edits; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                try
                {
                    ModelFile.Read(bytes);
                }
                catch (ModelFormatException e)
                {
                    AssertLocated(e);
                }
            }
        }

        // ---- hand-made documents ------------------------------------------------------------------------------------

        [Test]
        public void HandMadeDocument_FromTheSpecAlone_Loads()
        {
            ModelFileContents c = ModelFile.Read(Bytes(TinyDenseDocument()));
            Assert.That(c.Model.Name, Is.EqualTo("tiny"));
            Assert.That(c.Model.Layers[0], Is.InstanceOf<DenseLayer>());
            Assert.That(((DenseLayer)c.Model.Layers[0]).Activation.Kind, Is.EqualTo(Recurrent.Kernels.ActivationKind.Tanh));
            Assert.That(c.Metadata["producer"], Is.EqualTo("hand"));
        }

        [Test]
        public void DataShorterThanTheShape_NamesKeyPathSizesAndOffset()
        {
            DocMap doc = TinyDenseDocument();
            var weights = (List<object?>)doc["weights"]!;
            weights[0] = Tensor("dense_1/kernel", new float[255], 16, 16);   // 1020 bytes, [16, 16] float32 needs 1024
            byte[] bytes = Bytes(doc);
            ModelFormatException e = Fails(bytes);

            Assert.That(e.KeyPath, Is.EqualTo("weights[0].data"));
            Assert.That(e.Message, Does.StartWith("weights[0].data: 1020 bytes but shape [16, 16] float32 needs 1024 at offset "));
            // The offset is where the 1020 data bytes start: right after the bin16 header c5 03 fc.
            int offset = (int)e.Offset;
            Assert.That(bytes[offset - 3], Is.EqualTo(0xc5));
            Assert.That(bytes[offset - 2] << 8 | bytes[offset - 1], Is.EqualTo(1020));
        }

        [Test]
        public void NewerVersion_IsRejectedBeforeAnythingElse()
        {
            DocMap doc = TinyDenseDocument();
            doc["version"] = 2;
            doc["architecture"] = "a version-2 layout this reader cannot parse";
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.Message, Does.Contain("model file version 2 is newer than this reader supports (1)"));
            Assert.That(e.KeyPath, Is.EqualTo("version"));
        }

        [TestCase(0)]
        [TestCase(-1)]
        public void InvalidVersion_IsRejected(int version)
        {
            DocMap doc = TinyDenseDocument();
            doc["version"] = version;
            Assert.That(Fails(Bytes(doc)).Message, Does.Contain("invalid model file version"));
        }

        [Test]
        public void OtherMessagePackDocuments_AreNotModelFiles()
        {
            Assert.That(Fails(new byte[0]).Message, Does.Contain("not a Recurrent model file: it is empty"));
            Assert.That(Fails(MessagePackTestBytes.Hex("93-01-02-03")).Message, Does.Contain("not a Recurrent model file: expected a map but found fixarray (0x93)"));
            DocMap other = TinyDenseDocument();
            other["format"] = "keras-model";
            Assert.That(Fails(Bytes(other)).Message, Does.Contain("format is 'keras-model'"));
            other.Remove("format");
            Assert.That(Fails(Bytes(other)).Message, Does.Contain("no 'format' key"));
            DocMap noVersion = TinyDenseDocument();
            noVersion.Remove("version");
            Assert.That(Fails(Bytes(noVersion)).Message, Does.Contain("no 'version' key"));
        }

        [Test]
        public void UnknownKeysAtEveryLevel_AreSkipped()
        {
            DocMap doc = TinyDenseDocument();
            var nested = new DocMap { { "deep", new List<object?> { 1, new DocMap { { "x", new byte[] { 1, 2 } } }, null } } };
            doc.Insert(0, new KeyValuePair<object, object?>("x_first", nested));
            doc.Add("x_last", 3.5);
            var layer = (DocMap)((List<object?>)doc["architecture"]!)[0]!;
            layer.Add("x_layer", nested);
            ((DocMap)layer["activation"]!).Add("x_activation", "ignored");
            ((DocMap)((List<object?>)doc["weights"]!)[0]!).Add("x_tensor", nested);
            ((DocMap)doc["metadata"]!).Add("anything", "strings are kept");
            ModelFileContents c = ModelFile.Read(Bytes(doc));
            Assert.That(c.Model.Layers.Count, Is.EqualTo(1));
            Assert.That(c.Metadata["anything"], Is.EqualTo("strings are kept"));
        }

        [Test]
        public void WrongValueType_NamesTheKeyPath()
        {
            DocMap doc = TinyDenseDocument();
            ((DocMap)((List<object?>)doc["architecture"]!)[0]!)["activation"] = new DocMap { { "kind", 5 } };
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("architecture[0].activation.kind"));
            Assert.That(e.Message, Does.Contain("expected a string but found positive fixint (0x05)"));
            Assert.That(e.InnerException, Is.InstanceOf<MessagePackFormatException>());
        }

        [Test]
        public void RecurrentHiddenSizeAsAString_NamesTheKeyPath()
        {
            DocMap doc = GruDocument();
            ((DocMap)((List<object?>)doc["architecture"]!)[0]!)["hidden_size"] = "four";
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("architecture[0].hidden_size"));
            Assert.That(e.Message, Does.Contain("expected an integer but found fixstr"));
        }

        [Test]
        public void HiddenSizeThatDoesNotMatchTheWeights_IsAModelErrorNamingTheLayer()
        {
            DocMap doc = GruDocument();
            ((DocMap)((List<object?>)doc["architecture"]!)[0]!)["hidden_size"] = 5;
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("architecture[0]"));
            Assert.That(e.Message, Does.Contain("layer 'gru_1'"));
            Assert.That(e.InnerException, Is.InstanceOf<RecurrentException>());
        }

        [Test]
        public void ChainOfMismatchedLayers_IsAModelError()
        {
            DocMap doc = TinyDenseDocument();
            ((List<object?>)doc["architecture"]!).Add(new DocMap { { "kind", "softmax" }, { "name", "softmax_1" }, { "size", 7 } });
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("architecture"));
            Assert.That(e.Message, Does.Contain("expects 7 features"));
        }

        [Test]
        public void MissingAndExtraWeights_AreRejected()
        {
            DocMap missing = TinyDenseDocument();
            ((List<object?>)missing["weights"]!).RemoveAt(0);
            Assert.That(Fails(Bytes(missing)).Message, Does.Contain("needs the weight 'dense_1/kernel'"));

            DocMap extra = TinyDenseDocument();
            ((List<object?>)extra["weights"]!).Add(Tensor("dense_9/kernel", new float[2], 1, 2));
            ModelFormatException e = Fails(Bytes(extra));
            Assert.That(e.KeyPath, Is.EqualTo("weights[2]"));
            Assert.That(e.Message, Does.Contain("belongs to no layer"));

            DocMap twice = TinyDenseDocument();
            ((List<object?>)twice["weights"]!).Add(Tensor("dense_1/bias", Sequence(3), 3));
            Assert.That(Fails(Bytes(twice)).Message, Does.Contain("appears twice"));
        }

        [Test]
        public void DuplicateKeyInAMap_IsRejected()
        {
            DocMap doc = TinyDenseDocument();
            var layer = (DocMap)((List<object?>)doc["architecture"]!)[0]!;
            layer.Add(new KeyValuePair<object, object?>("name", "dense_2"));
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("architecture[0].name"));
            Assert.That(e.Message, Does.Contain("appears twice"));
        }

        [Test]
        public void HugeShape_IsRejectedBeforeAllocating()
        {
            DocMap doc = TinyDenseDocument();
            ((List<object?>)doc["weights"]!)[0] = Tensor("dense_1/kernel", new float[6], 65536, 65536, 2);
            long before = AllocationCounter.Now();
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(AllocationCounter.Now() - before, Is.LessThan(1 << 20));
            Assert.That(e.Message, Does.Contain("holds more than"));
        }

        [Test]
        public void UnsupportedDtypeUnknownKindsAndBadSizes_AreRejected()
        {
            DocMap dtype = TinyDenseDocument();
            ((DocMap)((List<object?>)dtype["weights"]!)[0]!)["dtype"] = "int8";
            Assert.That(Fails(Bytes(dtype)).Message, Does.Contain("unsupported dtype 'int8'"));

            DocMap kind = TinyDenseDocument();
            ((DocMap)((List<object?>)kind["architecture"]!)[0]!)["kind"] = "transformer";
            Assert.That(Fails(Bytes(kind)).Message, Does.Contain("unknown layer kind 'transformer'"));

            DocMap size = TinyDenseDocument();
            ((List<object?>)size["architecture"]!).Add(new DocMap { { "kind", "softmax" }, { "name", "s" }, { "size", -3 } });
            Assert.That(Fails(Bytes(size)).KeyPath, Is.EqualTo("architecture[1].size"));

            DocMap empty = TinyDenseDocument();
            ((List<object?>)empty["weights"]!)[1] = Tensor("dense_1/bias", new float[0], 0);
            Assert.That(Fails(Bytes(empty)).Message, Does.Contain("is empty"));

            DocMap deep = TinyDenseDocument();
            var rank9 = new List<object?> { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
            ((DocMap)((List<object?>)deep["weights"]!)[1]!)["shape"] = rank9;
            Assert.That(Fails(Bytes(deep)).Message, Does.Contain("rank 9"));
        }

        [Test]
        public void TrailingBytes_AreRejected()
        {
            byte[] file = SmallModelFile();
            var longer = new byte[file.Length + 1];
            file.CopyTo(longer, 0);
            longer[file.Length] = 0xc0;
            ModelFormatException e = Fails(longer);
            Assert.That(e.Offset, Is.EqualTo(file.Length));
            Assert.That(e.Message, Does.Contain("1 bytes follow the model document"));
        }

        [Test]
        public void DeeplyNestedUnknownKey_FailsAtTheDepthLimit()
        {
            DocMap doc = TinyDenseDocument();
            object? nested = 1;
            for (int i = 0; i < 200; i++) nested = new List<object?> { nested };   // deeper than the reader's limit (32)
            doc.Add("x_deep", nested);
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("x_deep"));
            Assert.That(e.Message, Does.Contain("nest deeper than the limit"));
        }

        [Test]
        public void OptimizerSlotForAMissingWeight_IsRejected()
        {
            DocMap doc = TinyDenseDocument();
            DocMap slot = Tensor("m", new float[6], 2, 3);
            slot.Add("weight", "dense_7/kernel");
            doc.Add("optimizer", new DocMap { { "kind", "adam" }, { "step", 3 }, { "hyperparameters", new DocMap() }, { "slots", new List<object?> { slot } } });
            ModelFormatException e = Fails(Bytes(doc));
            Assert.That(e.KeyPath, Is.EqualTo("optimizer.slots[0].weight"));
            Assert.That(e.Message, Does.Contain("dense_7/kernel"));
        }

        /// <summary>A GRU(3 -> 4, linear_before_reset) document with float64 attributes and no optional keys.</summary>
        private static DocMap GruDocument() => new DocMap
        {
            { "format", "recurrent-model" },
            { "version", 1 },
            { "architecture", new List<object?>
                {
                    new DocMap { { "kind", "recurrent" }, { "name", "gru_1" }, { "cell", "gru" }, { "hidden_size", 4 }, { "linear_before_reset", true } },
                } },
            { "weights", new List<object?>
                {
                    Tensor("gru_1/W", Sequence(36), 1, 12, 3), Tensor("gru_1/R", Sequence(48), 1, 12, 4), Tensor("gru_1/B", Sequence(24), 1, 24),
                } },
        };

        [Test]
        public void MinimalGruDocument_UsesTheDocumentedDefaults()
        {
            ModelFileContents c = ModelFile.Read(Bytes(GruDocument()));
            var gru = (RecurrentLayer)c.Model.Layers[0];
            Assert.That(gru.Direction, Is.EqualTo(Recurrent.Ops.RecurrentDirection.Forward));
            Assert.That(gru.ReturnSequences, Is.True);
            Assert.That(gru.Attributes.Clip, Is.Null);
            Assert.That(gru.Attributes.Activations, Is.Null);
            Assert.That(gru.Merge, Is.EqualTo(BidirectionalMerge.Concat));
            Assert.That(c.Model.Name, Is.EqualTo("model"));
            Assert.That(c.Metadata, Is.Empty);
        }
    }
}
