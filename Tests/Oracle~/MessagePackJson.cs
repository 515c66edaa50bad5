// Compares a MessagePack value with its JSON description and encodes JSON values with our writer (System.Text.Json: not Unity).
// Understands msgpack-test-suite values and the interop tags $bin, $f32le, $bigint, $timestamp, $ext and $map.
#nullable enable
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Tests.Formats
{
    internal static class MessagePackJson
    {
        /// <summary>Reads one value and returns the differences from <paramref name="expected"/> (empty when equal).</summary>
        public static List<string> Diff(ref MessagePackReader r, JsonElement expected, string path)
        {
            var problems = new List<string>();
            Compare(ref r, expected, path, problems);
            return problems;
        }

        private static void Compare(ref MessagePackReader r, JsonElement e, string path, List<string> problems)
        {
            int at = r.Position;
            MessagePackType type = r.PeekType();
            void Fail(string why) => problems.Add($"{path} (offset {at}): {why}");

            switch (e.ValueKind)
            {
                case JsonValueKind.Null:
                    if (type != MessagePackType.Nil) Fail($"expected nil, found {type}");
                    r.Skip();
                    return;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    if (type != MessagePackType.Boolean) { Fail($"expected a boolean, found {type}"); r.Skip(); return; }
                    if (r.ReadBoolean() != e.GetBoolean()) Fail("boolean differs");
                    return;
                case JsonValueKind.String:
                    if (type != MessagePackType.String) { Fail($"expected a string, found {type}"); r.Skip(); return; }
                    string s = r.ReadString();
                    if (s != e.GetString()) Fail($"expected \"{e.GetString()}\", got \"{s}\"");
                    return;
                case JsonValueKind.Number:
                    CompareNumber(ref r, e.GetRawText(), type, Fail);
                    return;
                case JsonValueKind.Array:
                {
                    if (type != MessagePackType.Array) { Fail($"expected an array, found {type}"); r.Skip(); return; }
                    int n = r.ReadArrayHeader();
                    int want = e.GetArrayLength();
                    if (n != want) { Fail($"expected {want} elements, got {n}"); for (int i = 0; i < n; i++) r.Skip(); return; }
                    r.EnterContainer();
                    int index = 0;
                    foreach (JsonElement item in e.EnumerateArray()) Compare(ref r, item, $"{path}[{index++}]", problems);
                    r.LeaveContainer();
                    return;
                }
            }

            // An object: a tag or a map with string keys.
            JsonProperty[] props = e.EnumerateObject().ToArray();
            string? tag = props.Length == 1 && props[0].Name.StartsWith("$", StringComparison.Ordinal) ? props[0].Name : null;
            JsonElement v = tag is null ? default : props[0].Value;
            switch (tag)
            {
                case "$bigint":
                    CompareNumber(ref r, v.GetString()!, type, Fail);
                    return;
                case "$bin":
                case "$f32le":
                {
                    if (type != MessagePackType.Binary) { Fail($"expected binary data, found {type}"); r.Skip(); return; }
                    byte[] want = tag == "$bin" ? FromHex(v.GetString()!) : Float32LittleEndian(v);
                    ReadOnlySpan<byte> got = r.ReadBytes();
                    if (!got.SequenceEqual(want)) Fail($"bytes differ: expected {want.Length}, got {got.Length}");
                    return;
                }
                case "$timestamp":
                {
                    var want = new MessagePackTimestamp(v[0].GetInt64(), v[1].GetUInt32());
                    MessagePackTimestamp got = r.ReadTimestamp();
                    if (got != want) Fail($"expected timestamp {want}, got {got}");
                    return;
                }
                case "$ext":
                {
                    if (type != MessagePackType.Extension) { Fail($"expected an extension, found {type}"); r.Skip(); return; }
                    MessagePackExtensionHeader h = r.ReadExtHeader();
                    byte[] want = FromHex(v[1].GetString()!);
                    ReadOnlySpan<byte> got = r.ReadRaw(h.Length);
                    if (h.TypeCode != v[0].GetInt32() || !got.SequenceEqual(want)) Fail($"expected ext {v[0]} {v[1]}, got {h}");
                    return;
                }
                case "$map":
                {
                    if (type != MessagePackType.Map) { Fail($"expected a map, found {type}"); r.Skip(); return; }
                    int n = r.ReadMapHeader();
                    if (n != v.GetArrayLength()) { Fail($"expected {v.GetArrayLength()} entries, got {n}"); for (int i = 0; i < 2 * n; i++) r.Skip(); return; }
                    r.EnterContainer();
                    foreach (JsonElement pair in v.EnumerateArray())
                    {
                        Compare(ref r, pair[0], path + ".key", problems);
                        Compare(ref r, pair[1], $"{path}[{pair[0]}]", problems);
                    }
                    r.LeaveContainer();
                    return;
                }
            }

            if (type != MessagePackType.Map) { Fail($"expected a map, found {type}"); r.Skip(); return; }
            int count = r.ReadMapHeader();
            if (count != props.Length) { Fail($"expected {props.Length} entries, got {count}"); for (int i = 0; i < 2 * count; i++) r.Skip(); return; }
            r.EnterContainer();
            foreach (JsonProperty p in props)
            {
                int keyAt = r.Position;
                string key = r.ReadString();
                if (key != p.Name) problems.Add($"{path} (offset {keyAt}): expected key \"{p.Name}\", got \"{key}\"");
                Compare(ref r, p.Value, path + "." + p.Name, problems);
            }
            r.LeaveContainer();
        }

        /// <summary>An integer compares exactly (as a decimal string); a float compares as a double.</summary>
        private static void CompareNumber(ref MessagePackReader r, string text, MessagePackType type, Action<string> fail)
        {
            if (type == MessagePackType.Integer)
            {
                int at = r.Position;
                byte code = r.PeekCode();
                string got = code == 0xcf ? r.ReadUInt64().ToString(CultureInfo.InvariantCulture) : r.ReadInt64().ToString(CultureInfo.InvariantCulture);
                bool exact = BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger want);
                if (!(exact ? BigInteger.Parse(got, CultureInfo.InvariantCulture) == want : double.Parse(got, CultureInfo.InvariantCulture) == double.Parse(text, CultureInfo.InvariantCulture)))
                    fail($"expected {text}, got {got}");
                return;
            }
            if (type == MessagePackType.Float)
            {
                double got = r.ReadDouble();
                double want = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (BitConverter.DoubleToInt64Bits(got) != BitConverter.DoubleToInt64Bits(want)) fail($"expected {text}, got {got:R}");
                return;
            }
            fail($"expected the number {text}, found {type}");
            r.Skip();
        }

        /// <summary>Writes a JSON value in the shortest MessagePack form (integers as integers, other numbers as float32 when exact).</summary>
        public static void Encode(MessagePackWriter w, JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Null: w.WriteNil(); return;
                case JsonValueKind.True: w.WriteBoolean(true); return;
                case JsonValueKind.False: w.WriteBoolean(false); return;
                case JsonValueKind.String: w.WriteString(e.GetString()!); return;
                case JsonValueKind.Number: EncodeNumber(w, e.GetRawText()); return;
                case JsonValueKind.Array:
                    w.WriteArrayHeader(e.GetArrayLength());
                    foreach (JsonElement item in e.EnumerateArray()) Encode(w, item);
                    return;
                default:
                    JsonProperty[] props = e.EnumerateObject().ToArray();
                    w.WriteMapHeader(props.Length);
                    foreach (JsonProperty p in props)
                    {
                        w.WriteString(p.Name);
                        Encode(w, p.Value);
                    }
                    return;
            }
        }

        public static void EncodeNumber(MessagePackWriter w, string text)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) { w.WriteInt64(l); return; }
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)) { w.WriteUInt64(u); return; }
            double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if ((double)(float)d == d) w.WriteSingle((float)d);
            else w.WriteDouble(d);
        }

        public static byte[] FromHex(string hex)
        {
            string digits = hex.Replace("-", "");
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = byte.Parse(digits.AsSpan(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return bytes;
        }

        private static byte[] Float32LittleEndian(JsonElement values)
        {
            var bytes = new byte[4 * values.GetArrayLength()];
            int i = 0;
            foreach (JsonElement v in values.EnumerateArray())
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i++), BitConverter.SingleToInt32Bits((float)v.GetDouble()));
            return bytes;
        }
    }
}
