// OnnxReaderTests, external tensor data: read from a file inside the model's folder only; escapes ("..", absolute
// paths, paths that resolve outside), out-of-range offsets and models read from memory without a folder are rejected.
using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;
using DataLocation = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataLocation;

namespace Recurrent.Tests.Oracle
{
    public sealed partial class OnnxReaderTests
    {
        private static readonly float[] s_externalValues = { 1.5f, -2f, 3.25f, 1e-3f, 0f, 42f };

        [Test]
        public void ExternalData_InTheModelFolder_IsRead()
        {
            WithModelFolder((folder, modelPath) =>
            {
                File.WriteAllBytes(Path.Combine(folder, "weights.bin"), ExternalBytes(prefix: 16));
                File.WriteAllBytes(modelPath, ExternalModel("weights.bin", offset: "16", length: "24"));
                OnnxModel model = OnnxReader.ReadFile(modelPath);
                Assert.That(model.Graph.Initializers[0].Floats, Is.EqualTo(s_externalValues), "values");
                Assert.That(model.Graph.Initializers[0].Dims, Is.EqualTo(new long[] { 2, 3 }), "dims");
            });
        }

        [Test]
        public void ExternalData_InASubfolderWithoutOffsetOrLength_IsRead()
        {
            WithModelFolder((folder, modelPath) =>
            {
                Directory.CreateDirectory(Path.Combine(folder, "data"));
                File.WriteAllBytes(Path.Combine(folder, "data", "w.bin"), ExternalBytes(prefix: 0));
                File.WriteAllBytes(modelPath, ExternalModel("data/w.bin", offset: null, length: null));
                Assert.That(OnnxReader.ReadFile(modelPath).Graph.Initializers[0].Floats, Is.EqualTo(s_externalValues), "values");
            });
        }

        [Test]
        public void ExternalData_ReadFromMemoryWithExternalDataDirectory_IsRead()
        {
            WithModelFolder((folder, modelPath) =>
            {
                File.WriteAllBytes(Path.Combine(folder, "weights.bin"), ExternalBytes(prefix: 0));
                var options = new OnnxReadOptions { ExternalDataDirectory = folder };
                OnnxModel model = OnnxReader.Read(ExternalModel("weights.bin", null, "24"), null, options);
                Assert.That(model.Graph.Initializers[0].Floats, Is.EqualTo(s_externalValues), "values");
            });
        }

        [Test]
        public void ExternalData_ReadFromMemoryWithoutAFolder_Throws()
        {
            string message = ReadFails(ExternalModel("weights.bin", null, null)).Message;
            Assert.That(message, Does.Contain("tensor 'W'").And.Contain("ExternalDataDirectory"), "message");
        }

        [TestCase("../secret.bin", "leaves the model's folder")]
        [TestCase("data/../../secret.bin", "leaves the model's folder")]
        [TestCase("..\\secret.bin", "leaves the model's folder")]
        [TestCase("/etc/passwd", "not a relative path")]
        [TestCase("\\etc\\passwd", "not a relative path")]
        [TestCase("C:\\Windows\\win.ini", "not a relative path")]
        [TestCase("", "without a 'location'")]
        public void ExternalData_LocationOutsideTheFolder_IsRejected(string location, string reason)
        {
            WithModelFolder((folder, modelPath) =>
            {
                // A real file outside the model folder, so a rejection is never just "file not found".
                File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(folder)!, "secret.bin"), ExternalBytes(prefix: 0));
                try
                {
                    File.WriteAllBytes(modelPath, ExternalModel(location, null, null));
                    Exception? error = Catch(() => OnnxReader.ReadFile(modelPath));
                    Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
                    Assert.That(error!.Message, Does.Contain("tensor 'W'").And.Contain(reason).And.Contain(modelPath), "message");
                }
                finally
                {
                    File.Delete(Path.Combine(Path.GetDirectoryName(folder)!, "secret.bin"));
                }
            });
        }

        [TestCase(".")]
        [TestCase("./")]
        [TestCase("data/.")]
        public void ExternalData_LocationResolvingToTheFolderItself_IsRejected(string location)
        {
            // No "..", no root, no symlink: the path resolves to the folder, which is not a file inside it.
            WithModelFolder((folder, modelPath) =>
            {
                Directory.CreateDirectory(Path.Combine(folder, "data"));
                File.WriteAllBytes(modelPath, ExternalModel(location, null, null));
                Exception? error = Catch(() => OnnxReader.ReadFile(modelPath));
                Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
                Assert.That(error!.Message, Does.Contain("tensor 'W'"), "message");
            });
        }

        [TestCase("0", "100", "differs from the 24 bytes")]
        [TestCase("16", "24", "too few")]
        [TestCase("1000", null, "too few")]
        [TestCase("-1", null, "not a non-negative integer")]
        [TestCase("1e3", null, "not a non-negative integer")]
        public void ExternalData_OffsetOrLengthOutOfRange_IsRejected(string offset, string? length, string reason)
        {
            WithModelFolder((folder, modelPath) =>
            {
                File.WriteAllBytes(Path.Combine(folder, "weights.bin"), ExternalBytes(prefix: 0));
                File.WriteAllBytes(modelPath, ExternalModel("weights.bin", offset, length));
                Exception? error = Catch(() => OnnxReader.ReadFile(modelPath));
                Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
                Assert.That(error!.Message, Does.Contain(reason), "message");
            });
        }

        [Test]
        public void ExternalData_MissingFile_ThrowsFormatException()
        {
            WithModelFolder((folder, modelPath) =>
            {
                File.WriteAllBytes(modelPath, ExternalModel("absent.bin", null, null));
                Exception? error = Catch(() => OnnxReader.ReadFile(modelPath));
                Assert.That(error, Is.TypeOf<OnnxFormatException>(), "exception type");
                Assert.That(error!.Message, Does.Contain("absent.bin"), "message");
                Assert.That(error.InnerException, Is.InstanceOf<IOException>(), "inner exception");
            });
        }

        private static byte[] ExternalBytes(int prefix)
        {
            byte[] bytes = new byte[prefix + s_externalValues.Length * 4 + 8];
            for (int i = 0; i < prefix; i++) bytes[i] = 0xEE;
            for (int i = 0; i < s_externalValues.Length; i++) BitConverter.GetBytes(s_externalValues[i]).CopyTo(bytes, prefix + i * 4);
            bytes.AsSpan(bytes.Length - 8).Fill(0xAB);
            return bytes;
        }

        private static byte[] ExternalModel(string location, string? offset, string? length)
        {
            var tensor = new TensorProto { Name = "W", DataType = (int)DataType.Float, Dims = { 2, 3 }, DataLocation = DataLocation.External };
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            if (offset != null) tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset });
            if (length != null) tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "checksum", Value = "ignored" });
            return new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g", Initializer = { tensor } } }.ToByteArray();
        }

        private static void WithModelFolder(Action<string, string> test)
        {
            string parent = NewTempFolder();
            string folder = Path.Combine(parent, "model");
            Directory.CreateDirectory(folder);
            try
            {
                test(folder, Path.Combine(folder, "model.onnx"));
            }
            finally
            {
                Directory.Delete(parent, true);
            }
        }
    }
}
