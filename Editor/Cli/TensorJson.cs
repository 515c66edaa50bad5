// Reads and writes the tool's tensor files: {"inputs" | "outputs": [{"name", "dtype", "shape", "data"}]}, data flat in
// row-major order (the layout of shared/onnx-real's reference_input.json). float32 is written as the shortest text that
// reads back to the same float ("R"); NaN and infinities, which JSON numbers cannot hold, as the strings "NaN",
// "Infinity" and "-Infinity". No reflection-based serialization: Utf8JsonWriter and JsonDocument only.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal static class TensorJson
    {
        /// <summary>The most elements one tensor in a JSON file may have (the executor indexes with int).</summary>
        private const long MaxElements = int.MaxValue;

        /// <summary>
        /// Reads the <paramref name="key"/> array ("inputs") of the JSON file at <paramref name="path"/>. A tensor without a
        /// "dtype" takes <paramref name="defaultType"/>(name), which may return null for float32.
        /// </summary>
        public static List<JsonTensor> ReadFile(string path, string key, Func<string, OnnxDataType?>? defaultType = null)
        {
            byte[] bytes = File.ReadAllBytes(path);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                throw new CliException(path, "not valid JSON: " + e.Message);
            }
            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(key, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
                    throw new CliException(path, $"expected a JSON object with an \"{key}\" array of {{\"name\", \"dtype\", \"shape\", \"data\"}} tensors");
                var tensors = new List<JsonTensor>(array.GetArrayLength());
                var names = new HashSet<string>(StringComparer.Ordinal);
                int index = 0;
                foreach (JsonElement item in array.EnumerateArray())
                {
                    JsonTensor tensor = ReadTensor(path, $"{key}[{index}]", item, defaultType);
                    if (!names.Add(tensor.Name)) throw new CliException(path, $"{key}[{index}]: the name '{tensor.Name}' appears twice");
                    tensors.Add(tensor);
                    index++;
                }
                return tensors;
            }
        }

        private static JsonTensor ReadTensor(string path, string where, JsonElement item, Func<string, OnnxDataType?>? defaultType)
        {
            if (item.ValueKind != JsonValueKind.Object) throw new CliException(path, where + ": expected an object");
            if (!item.TryGetProperty("name", out JsonElement nameElement) || nameElement.ValueKind != JsonValueKind.String)
                throw new CliException(path, where + ": \"name\" (a string) is missing");
            string name = nameElement.GetString()!;
            where += $" ('{name}')";

            OnnxDataType type;
            if (item.TryGetProperty("dtype", out JsonElement dtypeElement) && dtypeElement.ValueKind != JsonValueKind.Null)
            {
                if (dtypeElement.ValueKind != JsonValueKind.String || !TryParseDType(dtypeElement.GetString()!, out type))
                    throw new CliException(path, $"{where}: unsupported \"dtype\" {dtypeElement.GetRawText()} (expected float32, float64, float16, int64, int32, int16, int8, uint8, uint16, uint32, uint64 or bool)");
            }
            else
            {
                type = defaultType?.Invoke(name) ?? OnnxDataType.Float;
                if (type == OnnxDataType.Undefined) type = OnnxDataType.Float;
            }

            if (!item.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
                throw new CliException(path, where + ": \"shape\" (an array of sizes) is missing");
            var shape = new int[shapeElement.GetArrayLength()];
            long count = 1;
            int axis = 0;
            foreach (JsonElement d in shapeElement.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int size) || size < 0)
                    throw new CliException(path, $"{where}: shape[{axis}] = {d.GetRawText()} is not a size (a non-negative integer)");
                shape[axis++] = size;
                count *= size;
                if (count > MaxElements) throw new CliException(path, $"{where}: shape {FormatShape(shape)} has more than {MaxElements} elements");
            }

            if (!item.TryGetProperty("data", out JsonElement dataElement) || dataElement.ValueKind != JsonValueKind.Array)
                throw new CliException(path, where + ": \"data\" (an array of values, row-major) is missing");
            var flat = new List<JsonElement>((int)Math.Min(count, 1 << 20));
            Flatten(dataElement, flat, path, where, 0);
            if (flat.Count != count)
                throw new CliException(path, $"{where}: \"data\" has {flat.Count} values but shape {FormatShape(shape)} needs {count}");

            return new JsonTensor(name, ToValue(path, where, name, type, shape, flat));
        }

        private static void Flatten(JsonElement array, List<JsonElement> flat, string path, string where, int depth)
        {
            if (depth > 32) throw new CliException(path, where + ": \"data\" is nested too deeply");
            foreach (JsonElement e in array.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Array) Flatten(e, flat, path, where, depth + 1);
                else flat.Add(e);
            }
        }

        private static OnnxValue ToValue(string path, string where, string name, OnnxDataType type, int[] shape, List<JsonElement> flat)
        {
            switch (type)
            {
                case OnnxDataType.Float:
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                {
                    var data = new float[flat.Count];
                    for (int i = 0; i < data.Length; i++) data[i] = (float)ReadDouble(path, where, flat[i], i);
                    return OnnxValue.FromFloats(data, shape);
                }
                case OnnxDataType.Double:
                {
                    var data = new double[flat.Count];
                    for (int i = 0; i < data.Length; i++) data[i] = ReadDouble(path, where, flat[i], i);
                    return OnnxValue.FromDoubles(data, shape);
                }
                case OnnxDataType.Bool:
                {
                    var data = new bool[flat.Count];
                    for (int i = 0; i < data.Length; i++)
                    {
                        JsonElement e = flat[i];
                        if (e.ValueKind == JsonValueKind.True || e.ValueKind == JsonValueKind.False) data[i] = e.GetBoolean();
                        else if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && (v == 0 || v == 1)) data[i] = v == 1;
                        else throw new CliException(path, $"{where}: data[{i}] = {e.GetRawText()} is not a bool");
                    }
                    return OnnxValue.FromBools(data, shape);
                }
                default:
                {
                    if (!OnnxValue.IsIntegerType(type))
                        throw new CliException(path, $"{where}: dtype {DTypeName(type)} is not supported");
                    IntegerRange(type, out long min, out long max);
                    var data = new long[flat.Count];
                    for (int i = 0; i < data.Length; i++)
                    {
                        JsonElement e = flat[i];
                        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v))
                            throw new CliException(path, $"{where}: data[{i}] = {e.GetRawText()} is not an integer");
                        if (v < min || v > max)
                            throw new CliException(path, $"{where}: data[{i}] = {v} is outside the {DTypeName(type)} range");
                        data[i] = v;
                    }
                    var dims = new long[shape.Length];
                    for (int i = 0; i < dims.Length; i++) dims[i] = shape[i];
                    return OnnxValue.FromTensor(new OnnxTensor(name, type, dims, longs: data));
                }
            }
        }

        private static double ReadDouble(string path, string where, JsonElement e, int index)
        {
            if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
            if (e.ValueKind == JsonValueKind.String)
            {
                switch (e.GetString())
                {
                    case "NaN": case "nan": return double.NaN;
                    case "Infinity": case "inf": case "+Infinity": return double.PositiveInfinity;
                    case "-Infinity": case "-inf": return double.NegativeInfinity;
                }
            }
            throw new CliException(path, $"{where}: data[{index}] = {e.GetRawText()} is not a number");
        }

        private static void IntegerRange(OnnxDataType type, out long min, out long max)
        {
            switch (type)
            {
                case OnnxDataType.Int8: min = sbyte.MinValue; max = sbyte.MaxValue; break;
                case OnnxDataType.UInt8: min = 0; max = byte.MaxValue; break;
                case OnnxDataType.Int16: min = short.MinValue; max = short.MaxValue; break;
                case OnnxDataType.UInt16: min = 0; max = ushort.MaxValue; break;
                case OnnxDataType.Int32: min = int.MinValue; max = int.MaxValue; break;
                case OnnxDataType.UInt32: min = 0; max = uint.MaxValue; break;
                case OnnxDataType.UInt64: min = 0; max = long.MaxValue; break;
                default: min = long.MinValue; max = long.MaxValue; break;
            }
        }

        /// <summary>Writes {"outputs": [...]} to a file, or to <paramref name="console"/> when the path is null or "-".</summary>
        public static void Write(string? path, TextWriter console, string key, IReadOnlyList<JsonTensor> tensors)
        {
            if (path is null || path == "-")
            {
                var buffer = new MemoryStream();
                WriteTo(buffer, key, tensors);
                console.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                return;
            }
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            WriteTo(stream, key, tensors);
            stream.WriteByte((byte)'\n');
        }

        private static void WriteTo(Stream stream, string key, IReadOnlyList<JsonTensor> tensors)
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = false });
            writer.WriteStartObject();
            writer.WriteStartArray(key);
            foreach (JsonTensor t in tensors)
            {
                writer.WriteStartObject();
                writer.WriteString("name", t.Name);
                writer.WriteString("dtype", DTypeName(t.Value.ElementType));
                if (t.Value.IsSequence)
                {
                    writer.WriteStartArray("sequence");
                    foreach (OnnxValue item in t.Value.SequenceItems)
                    {
                        writer.WriteStartObject();
                        WriteShapeAndData(writer, item);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    WriteShapeAndData(writer, t.Value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }

        private static void WriteShapeAndData(Utf8JsonWriter writer, OnnxValue value)
        {
            writer.WriteStartArray("shape");
            foreach (int d in value.Shape) writer.WriteNumberValue(d);
            writer.WriteEndArray();
            writer.WriteStartArray("data");
            Span<byte> text = stackalloc byte[64];
            switch (value.ElementType)
            {
                case OnnxDataType.Float:
                    foreach (float f in value.AsFloats())
                    {
                        if (float.IsFinite(f) && f.TryFormat(text, out int n, "R", CultureInfo.InvariantCulture))
                            writer.WriteRawValue(text.Slice(0, n), skipInputValidation: true);
                        else
                            writer.WriteStringValue(NonFinite(f));
                    }
                    break;
                case OnnxDataType.Double:
                    foreach (double d in value.AsDoubles())
                    {
                        if (double.IsFinite(d) && d.TryFormat(text, out int n, "R", CultureInfo.InvariantCulture))
                            writer.WriteRawValue(text.Slice(0, n), skipInputValidation: true);
                        else
                            writer.WriteStringValue(NonFinite(d));
                    }
                    break;
                case OnnxDataType.Bool:
                    foreach (bool b in value.AsBools()) writer.WriteBooleanValue(b);
                    break;
                default:
                    foreach (long l in value.AsInt64s()) writer.WriteNumberValue(l);
                    break;
            }
            writer.WriteEndArray();
        }

        private static string NonFinite(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";

        /// <summary>The JSON name of an element type: float32, float64, int64, bool, ...</summary>
        public static string DTypeName(OnnxDataType type) => type switch
        {
            OnnxDataType.Float => "float32",
            OnnxDataType.Double => "float64",
            OnnxDataType.Float16 => "float16",
            OnnxDataType.BFloat16 => "bfloat16",
            OnnxDataType.Int8 => "int8",
            OnnxDataType.UInt8 => "uint8",
            OnnxDataType.Int16 => "int16",
            OnnxDataType.UInt16 => "uint16",
            OnnxDataType.Int32 => "int32",
            OnnxDataType.Int64 => "int64",
            OnnxDataType.UInt32 => "uint32",
            OnnxDataType.UInt64 => "uint64",
            OnnxDataType.Bool => "bool",
            OnnxDataType.String => "string",
            OnnxDataType.Complex64 => "complex64",
            OnnxDataType.Complex128 => "complex128",
            _ => "undefined",
        };

        public static bool TryParseDType(string text, out OnnxDataType type)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "float32": case "float": case "single": type = OnnxDataType.Float; return true;
                case "float64": case "double": type = OnnxDataType.Double; return true;
                case "float16": case "half": type = OnnxDataType.Float16; return true;
                case "bfloat16": type = OnnxDataType.BFloat16; return true;
                case "int8": type = OnnxDataType.Int8; return true;
                case "uint8": type = OnnxDataType.UInt8; return true;
                case "int16": type = OnnxDataType.Int16; return true;
                case "uint16": type = OnnxDataType.UInt16; return true;
                case "int32": type = OnnxDataType.Int32; return true;
                case "int64": type = OnnxDataType.Int64; return true;
                case "uint32": type = OnnxDataType.UInt32; return true;
                case "uint64": type = OnnxDataType.UInt64; return true;
                case "bool": type = OnnxDataType.Bool; return true;
                default: type = OnnxDataType.Undefined; return false;
            }
        }

        /// <summary>"float32 [2, 7, 10]" or "sequence of float32 (3 items)".</summary>
        public static string DescribeValue(OnnxValue value) => value.IsSequence
            ? $"sequence of {DTypeName(value.ElementType)} ({value.SequenceItems.Count} items)"
            : DTypeName(value.ElementType) + " " + FormatShape(value.Shape);

        public static string FormatShape(ReadOnlySpan<int> shape)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }
            return sb.Append(']').ToString();
        }
    }
}
