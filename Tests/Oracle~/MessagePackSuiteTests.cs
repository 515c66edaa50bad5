// Every msgpack-test-suite case (Tests/Fixtures~/msgpack-test-suite, MIT): each listed encoding decodes to the value, and our
// writer produces a listed encoding as short as the first. System.Text.Json reads the suite, so this is not in Unity's tests.
#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Recurrent.Formats.MessagePack;
using static Recurrent.Tests.Formats.MessagePackTestBytes;

namespace Recurrent.Tests.Formats
{
    public sealed class MessagePackSuiteTests
    {
        private static readonly string[] s_valueKeys = { "nil", "bool", "binary", "bignum", "number", "string", "array", "map", "timestamp", "ext" };

        private static string SuitePath => Path.Combine(FixturePaths.Fixtures, "msgpack-test-suite", "msgpack-test-suite.json");

        /// <summary>Group, index and JSON of every case (a JsonElement per case, from one parsed document).</summary>
        private static IEnumerable<(string Group, int Index, JsonElement Case)> Cases()
        {
            JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(SuitePath));
            foreach (JsonProperty group in doc.RootElement.EnumerateObject())
            {
                int index = 0;
                foreach (JsonElement c in group.Value.EnumerateArray()) yield return (group.Name, index++, c);
            }
        }

        public static IEnumerable<TestCaseData> DecodeCases()
        {
            foreach (var (group, index, c) in Cases())
            {
                int n = 0;
                foreach (JsonElement encoding in c.GetProperty("msgpack").EnumerateArray())
                {
                    yield return new TestCaseData(group, index, n, encoding.GetString()!, c.GetRawText())
                        .SetName($"Suite_Decode({group} #{index}, encoding {n}: {encoding.GetString()})");
                    n++;
                }
            }
        }

        public static IEnumerable<TestCaseData> EncodeCases()
        {
            foreach (var (group, index, c) in Cases())
                yield return new TestCaseData(group, index, c.GetRawText()).SetName($"Suite_Encode({group} #{index})");
        }

        [TestCaseSource(nameof(DecodeCases))]
        public void Suite_EveryListedEncoding_DecodesToTheValue(string group, int index, int encoding, string hex, string caseJson)
        {
            using JsonDocument c = JsonDocument.Parse(caseJson);
            (string key, JsonElement value) = ValueOf(c.RootElement);
            byte[] bytes = Hex(hex);
            var reader = new MessagePackReader(bytes);

            List<string> problems;
            switch (key)
            {
                case "binary":
                    problems = new List<string>();
                    string got = ToHex(reader.ReadBytes());
                    if (got != value.GetString()) problems.Add($"expected bytes {value.GetString()}, got {got}");
                    break;
                case "timestamp":
                    problems = new List<string>();
                    var want = new MessagePackTimestamp(value[0].GetInt64(), value[1].GetUInt32());
                    MessagePackTimestamp t = reader.ReadTimestamp();
                    if (t != want) problems.Add($"expected {want}, got {t}");
                    break;
                case "ext":
                    problems = new List<string>();
                    MessagePackExtensionHeader h = reader.ReadExtHeader();
                    string payload = ToHex(reader.ReadRaw(h.Length));
                    if (h.TypeCode != value[0].GetInt32() || payload != value[1].GetString())
                        problems.Add($"expected ext {value[0]} [{value[1]}], got type {h.TypeCode} [{payload}]");
                    break;
                case "bignum":
                    using (JsonDocument quoted = JsonDocument.Parse("{\"$bigint\":" + value.GetRawText() + "}"))
                        problems = MessagePackJson.Diff(ref reader, quoted.RootElement, group);
                    break;
                default:   // nil, bool, number, string, array, map
                    problems = MessagePackJson.Diff(ref reader, value, group);
                    break;
            }
            Assert.That(problems, Is.Empty, $"{group} #{index}, encoding {encoding} ({hex}):\n  " + string.Join("\n  ", problems));
            Assert.That(reader.End, Is.True, $"{group} #{index}: {hex} has {reader.Remaining} unread bytes");
        }

        [TestCaseSource(nameof(EncodeCases))]
        public void Suite_EncodingTheValue_GivesAListedEncodingAsShortAsTheFirst(string group, int index, string caseJson)
        {
            using JsonDocument c = JsonDocument.Parse(caseJson);
            (string key, JsonElement value) = ValueOf(c.RootElement);
            string[] listed = c.RootElement.GetProperty("msgpack").EnumerateArray().Select(x => x.GetString()!).ToArray();

            string produced = ToHex(Write(w =>
            {
                switch (key)
                {
                    case "binary": w.WriteBinary(MessagePackJson.FromHex(value.GetString()!)); break;
                    case "bignum": MessagePackJson.EncodeNumber(w, value.GetString()!); break;
                    case "timestamp": w.WriteTimestamp(new MessagePackTimestamp(value[0].GetInt64(), value[1].GetUInt32())); break;
                    case "ext": w.WriteExt((sbyte)value[0].GetInt32(), MessagePackJson.FromHex(value[1].GetString()!)); break;
                    default: MessagePackJson.Encode(w, value); break;
                }
            }));

            Assert.That(listed, Does.Contain(produced), $"{group} #{index}: {produced} is not a listed encoding ({string.Join(", ", listed)})");
            // The shortest form: byte-identical to the first listing, except where the suite lists an equally short
            // alternative first (2^63-1 as int64 d3 where we, like @msgpack/msgpack, write uint64 cf).
            Assert.That(produced.Length, Is.EqualTo(listed[0].Length), $"{group} #{index}: {produced} is longer than {listed[0]}");
        }

        [Test]
        public void Suite_HasTheExpectedNumberOfCasesAndEncodings()
        {
            var cases = Cases().ToList();
            int encodings = cases.Sum(c => c.Case.GetProperty("msgpack").GetArrayLength());
            int exactFirst = 0;
            foreach (var (_, _, c) in cases)
            {
                (string key, JsonElement value) = ValueOf(c);
                string first = c.GetProperty("msgpack")[0].GetString()!;
                string produced = ToHex(Write(w =>
                {
                    switch (key)
                    {
                        case "binary": w.WriteBinary(MessagePackJson.FromHex(value.GetString()!)); break;
                        case "bignum": MessagePackJson.EncodeNumber(w, value.GetString()!); break;
                        case "timestamp": w.WriteTimestamp(new MessagePackTimestamp(value[0].GetInt64(), value[1].GetUInt32())); break;
                        case "ext": w.WriteExt((sbyte)value[0].GetInt32(), MessagePackJson.FromHex(value[1].GetString()!)); break;
                        default: MessagePackJson.Encode(w, value); break;
                    }
                }));
                if (produced == first) exactFirst++;
            }
            TestContext.WriteLine($"msgpack-test-suite: {cases.Count} cases, {encodings} encodings; our encoding equals the first listing in {exactFirst} cases.");
            Assert.That(cases.Count, Is.EqualTo(85), "cases in the committed suite");
            Assert.That(encodings, Is.EqualTo(233), "encodings in the committed suite");
            Assert.That(exactFirst, Is.GreaterThanOrEqualTo(84), "byte-identical to the first listing (all but 2^63-1)");
        }

        /// <summary>The case's value key ("bignum" wins over "number": JSON numbers lose 64-bit precision).</summary>
        private static (string Key, JsonElement Value) ValueOf(JsonElement c)
        {
            foreach (string key in s_valueKeys)
                if (c.TryGetProperty(key, out JsonElement v)) return (key, v);
            throw new InvalidDataException("case without a value: " + c.GetRawText());
        }
    }
}
