// ModelFile.Save/Load on disk: round trip, replacing an existing file, and atomicity: a failure after the temporary file
// is written (a simulated crash before the rename) leaves the previous model intact and no temporary file behind.
#nullable enable
using System;
using System.IO;
using NUnit.Framework;
using Recurrent.Formats;
using static Recurrent.Tests.Formats.ModelFileTestSupport;

namespace Recurrent.Tests.Formats
{
    public sealed class ModelFileSaveTests
    {
        private string _folder = "";

        [SetUp]
        public void CreateFolder()
        {
            _folder = Path.Combine(Path.GetTempPath(), "recurrent-modelfile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
        }

        [TearDown]
        public void DeleteFolder()
        {
            ModelFile.t_afterTempWriteForTests = null;
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }

        [Test]
        public void SaveThenLoad_RoundTripsThroughTheFile()
        {
            Model model = ModelFileRoundTripTests.Build("lstm_bidirectional_peepholes_clip");
            string path = Path.Combine(_folder, "model.rmodel");
            ModelFile.Save(model, path);
            AssertSameModel(model, ModelFile.Load(path).Model);
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }), "only the model file is left");
        }

        [Test]
        public void Save_OverAnExistingFile_ReplacesIt()
        {
            string path = Path.Combine(_folder, "model.rmodel");
            ModelFile.Save(ModelFileRoundTripTests.Build("gru_lbr0"), path);
            Model second = ModelFileRoundTripTests.Build("rnn_relu");
            ModelFile.Save(second, path);
            AssertSameModel(second, ModelFile.Load(path).Model);
            Assert.That(Directory.GetFiles(_folder).Length, Is.EqualTo(1));
        }

        [Test]
        public void Save_FailingAfterTheTemporaryFileIsWritten_LeavesThePreviousModelIntact()
        {
            string path = Path.Combine(_folder, "model.rmodel");
            Model first = ModelFileRoundTripTests.Build("gru_lbr0");
            ModelFile.Save(first, path);
            byte[] before = File.ReadAllBytes(path);

            Model second = ModelFileRoundTripTests.Build("embedding_tokens");
            string? temp = null;
            ModelFileContents? tempContents = null;
            ModelFile.t_afterTempWriteForTests = t =>
            {
                temp = t;
                tempContents = ModelFile.Read(File.ReadAllBytes(t));   // the new file is complete before the rename
                throw new IOException("simulated crash between flush and rename");
            };

            Assert.That(() => ModelFile.Save(second, path), Throws.InstanceOf<IOException>().With.Message.Contains("simulated crash"));
            ModelFile.t_afterTempWriteForTests = null;

            Assert.That(temp, Is.Not.Null.And.StartWith(path + "."), "the temporary file sits beside the target");
            Assert.That(Path.GetDirectoryName(temp), Is.EqualTo(Path.GetDirectoryName(Path.GetFullPath(path))));
            AssertSameModel(second, tempContents!.Model);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the previous model file is untouched");
            AssertSameModel(first, ModelFile.Load(path).Model);
            Assert.That(File.Exists(temp!), Is.False, "the temporary file is removed after the failure");
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
        }

        [Test]
        public void Save_FailingOnTheFirstSave_LeavesNoFileAtAll()
        {
            string path = Path.Combine(_folder, "new.rmodel");
            ModelFile.t_afterTempWriteForTests = _ => throw new IOException("simulated crash");
            Assert.That(() => ModelFile.Save(ModelFileRoundTripTests.Build("gru_lbr0"), path), Throws.InstanceOf<IOException>());
            Assert.That(Directory.GetFiles(_folder), Is.Empty);
        }

        [Test]
        public void Load_MissingFile_ThrowsFileNotFound()
        {
            Assert.That(() => ModelFile.Load(Path.Combine(_folder, "missing.rmodel")), Throws.InstanceOf<FileNotFoundException>());
        }

        [Test]
        public void Load_CorruptFile_NamesTheFileInTheError()
        {
            string path = Path.Combine(_folder, "corrupt.rmodel");
            byte[] bytes = ModelFile.ToBytes(ModelFileRoundTripTests.Build("gru_lbr0"));
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path))!;
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Message, Does.StartWith(path + ": "));
            Assert.That(e.Message, Does.Contain("at offset " + e.Offset));
        }
    }
}
