// Interop fixtures at the JSON level: from-js.msgpack must decode to from-js.json and our writer's document to the hand-written
// from-csharp.json that interop.mjs also checks. Uses System.Text.Json, so it stays out of the Unity test assembly.
#nullable enable
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackInteropJsonTests
    {
        [TestCase("from-js")]
        [TestCase("from-csharp")]
        public void InteropFixture_DecodesToItsJsonDescription(string name)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(MessagePackInteropTests.InteropFolder, name + ".msgpack"));
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MessagePackInteropTests.InteropFolder, name + ".json")));
            var reader = new MessagePackReader(bytes);
            var problems = MessagePackJson.Diff(ref reader, json.RootElement, "$");
            Assert.That(problems, Is.Empty, name + ".msgpack differs from " + name + ".json:\n  " + string.Join("\n  ", problems));
            Assert.That(reader.End, Is.True, $"{reader.Remaining} bytes after the document");
        }

        [Test]
        public void FromCSharpJson_DescribesWhatOurWriterWritesToday()
        {
            byte[] bytes = MessagePackTestBytes.Write(MessagePackInteropTests.WriteInteropDocument);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MessagePackInteropTests.InteropFolder, "from-csharp.json")));
            var reader = new MessagePackReader(bytes);
            var problems = MessagePackJson.Diff(ref reader, json.RootElement, "$");
            Assert.That(problems, Is.Empty, string.Join("\n  ", problems));
        }
    }
}
