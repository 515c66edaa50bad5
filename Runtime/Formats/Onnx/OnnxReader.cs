// Decodes ONNX ModelProto / TensorProto bytes into the Onnx* IR with our own protobuf reader (no Google.Protobuf).
// It checks the wire format, limits and tensor sizes; what the graph means (ops, shapes) is left to the importer.
using System;
using System.Collections.Generic;
using System.IO;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// Reads ONNX files (onnx.proto3, IR versions 1 to 13) written by PyTorch, tf2onnx, keras2onnx and the onnx Python
    /// package. Unknown fields are skipped; malformed, truncated, oversized or hostile input is rejected with an
    /// <see cref="OnnxFormatException"/> that names the byte offset and the model path. Limits come from
    /// <see cref="OnnxReadOptions"/>.
    /// </summary>
    public static partial class OnnxReader
    {
        /// <summary>
        /// The most dimensions a tensor may have: in initializers, Constant values, test data and declared shapes here, and
        /// in every tensor the graph executor computes. ONNX itself sets no limit; NumPy 1.x (NPY_MAXDIMS) stops at 32 as
        /// well, and recurrent exporters use at most 4. A file with a longer dims list is rejected as soon as the 33rd
        /// dimension is read, so it cannot make the reader allocate in proportion to a million-entry list.
        /// </summary>
        public const int MaxRank = 32;

        /// <summary>Decodes a serialized ModelProto. <paramref name="path"/> is named in errors and locates external data.</summary>
        /// <exception cref="OnnxFormatException">The bytes are not a valid ONNX model, or they exceed a limit.</exception>
        public static OnnxModel Read(ReadOnlySpan<byte> bytes, string? path = null, OnnxReadOptions? options = null)
        {
            var context = new OnnxReaderContext(path, options ?? new OnnxReadOptions());
            var reader = new ProtoWireReader(bytes, path, context.Options.MaxDepth);
            return ReadModel(ref reader, context);
        }

        /// <summary>Reads and decodes the model file at <paramref name="path"/>; external data is read from its folder.</summary>
        /// <exception cref="OnnxFormatException">The file is not a valid ONNX model, or it exceeds a limit.</exception>
        /// <exception cref="IOException">The file cannot be opened or read (e.g. <see cref="FileNotFoundException"/>).</exception>
        public static OnnxModel ReadFile(string path, OnnxReadOptions? options = null)
        {
            byte[] bytes = ReadAllBytes(path);
            return Read(bytes, path, options);
        }

        /// <summary>Decodes a serialized TensorProto (an ONNX test-data <c>input_N.pb</c> / <c>output_N.pb</c> file).</summary>
        /// <exception cref="OnnxFormatException">The bytes are not a valid tensor, or they exceed a limit.</exception>
        public static OnnxTensor ReadTensor(ReadOnlySpan<byte> bytes, string? path = null, OnnxReadOptions? options = null)
        {
            var context = new OnnxReaderContext(path, options ?? new OnnxReadOptions());
            var reader = new ProtoWireReader(bytes, path, context.Options.MaxDepth);
            return ReadTensor(ref reader, context);
        }

        /// <summary>Reads and decodes the TensorProto file at <paramref name="path"/>.</summary>
        /// <exception cref="OnnxFormatException">The file is not a valid tensor, or it exceeds a limit.</exception>
        /// <exception cref="IOException">The file cannot be opened or read.</exception>
        public static OnnxTensor ReadTensorFile(string path, OnnxReadOptions? options = null)
        {
            byte[] bytes = ReadAllBytes(path);
            return ReadTensor(bytes, path, options);
        }

        private static byte[] ReadAllBytes(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long length = stream.Length;
            if (length > OnnxReadOptions.MaxTensorElementsLimit)
            {
                OnnxReaderThrowHelper.ThrowFormat(path, 0,
                    $"the file has {length} bytes; a protobuf file holds at most 2 GiB (larger weights belong in external data).");
            }

            var bytes = new byte[length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n <= 0) OnnxReaderThrowHelper.ThrowFormat(path, read, "the file ended while it was being read.");
                read += n;
            }

            return bytes;
        }

        // Every embedded message becomes at least one object, so each one counts against OnnxReadOptions.MaxMessages.
        private static ProtoWireReader ReadMessage(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            context.CountMessage(ref reader);
            return reader.ReadMessage();
        }

        private static OnnxModel ReadModel(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            long irVersion = 0;
            var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
            string producerName = string.Empty;
            string producerVersion = string.Empty;
            OnnxGraph? graph = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.Varint, "ModelProto.ir_version (1)");
                        irVersion = reader.ReadInt64();
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ModelProto.producer_name (2)");
                        producerName = reader.ReadString();
                        break;
                    case 3:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ModelProto.producer_version (3)");
                        producerVersion = reader.ReadString();
                        break;
                    case 7:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ModelProto.graph (7)");
                        if (graph != null) reader.FailAtTag("the model has a second graph (ModelProto.graph, field 7).");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        graph = ReadGraph(ref sub, context);
                        break;
                    }
                    case 8:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ModelProto.opset_import (8)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        ReadOpset(ref sub, opsets);
                        break;
                    }
                    case 14:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ModelProto.metadata_props (14)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        KeyValuePair<string, string> entry = ReadStringEntry(ref sub);
                        metadata[entry.Key] = entry.Value;
                        break;
                    }
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            if (graph is null) reader.FailAtStart("the model has no graph (ModelProto.graph, field 7).");
            return new OnnxModel(irVersion, opsets, producerName, producerVersion, graph, metadata, context.Path);
        }

        // OperatorSetIdProto: domain 1, version 2. "" and "ai.onnx" are the same default domain; a domain listed twice
        // keeps its highest version.
        private static void ReadOpset(ref ProtoWireReader reader, Dictionary<string, long> opsets)
        {
            string domain = string.Empty;
            long version = 0;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "OperatorSetIdProto.domain (1)");
                        domain = reader.ReadString();
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.Varint, "OperatorSetIdProto.version (2)");
                        version = reader.ReadInt64();
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            if (domain == "ai.onnx") domain = string.Empty;
            if (!opsets.TryGetValue(domain, out long existing) || version > existing) opsets[domain] = version;
        }

        // StringStringEntryProto: key 1, value 2.
        private static KeyValuePair<string, string> ReadStringEntry(ref ProtoWireReader reader)
        {
            string key = string.Empty;
            string value = string.Empty;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "StringStringEntryProto.key (1)");
                        key = reader.ReadString();
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "StringStringEntryProto.value (2)");
                        value = reader.ReadString();
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            return new KeyValuePair<string, string>(key, value);
        }

        private static OnnxGraph ReadGraph(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            string name = string.Empty;
            var nodes = new List<OnnxNode>();
            var initializers = new List<OnnxTensor>();
            var inputs = new List<OnnxValueInfo>();
            var outputs = new List<OnnxValueInfo>();
            var valueInfo = new List<OnnxValueInfo>();
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "GraphProto.node (1)");
                        context.AddNode(ref reader);
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        nodes.Add(ReadNode(ref sub, context));
                        break;
                    }
                    case 2:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "GraphProto.name (2)");
                        name = reader.ReadString();
                        break;
                    case 5:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "GraphProto.initializer (5)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        initializers.Add(ReadTensor(ref sub, context));
                        break;
                    }
                    case 11:
                    case 12:
                    case 13:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, field == 11 ? "GraphProto.input (11)"
                            : field == 12 ? "GraphProto.output (12)" : "GraphProto.value_info (13)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        OnnxValueInfo info = ReadValueInfo(ref sub, context);
                        (field == 11 ? inputs : field == 12 ? outputs : valueInfo).Add(info);
                        break;
                    }
                    case 15:
                        reader.FailAtTag("sparse initializers are not supported (GraphProto.sparse_initializer, field 15).");
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            return new OnnxGraph(name, nodes.ToArray(), initializers.ToArray(), inputs.ToArray(), outputs.ToArray(), valueInfo.ToArray());
        }

        private static OnnxNode ReadNode(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            var inputs = new List<string>();
            var outputs = new List<string>();
            string name = string.Empty;
            string opType = string.Empty;
            string domain = string.Empty;
            var attributes = new List<OnnxAttribute>();
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.input (1)");
                        inputs.Add(reader.ReadString());
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.output (2)");
                        outputs.Add(reader.ReadString());
                        break;
                    case 3:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.name (3)");
                        name = reader.ReadString();
                        break;
                    case 4:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.op_type (4)");
                        opType = reader.ReadString();
                        break;
                    case 5:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.attribute (5)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        attributes.Add(ReadAttribute(ref sub, context));
                        break;
                    }
                    case 7:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "NodeProto.domain (7)");
                        domain = reader.ReadString();
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            return new OnnxNode(name, opType, domain, inputs.ToArray(), outputs.ToArray(), attributes.ToArray());
        }

        private static OnnxValueInfo ReadValueInfo(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            string name = string.Empty;
            int elementType = 0;
            long[]? dims = null;
            string[]? dimParams = null;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ValueInfoProto.name (1)");
                        name = reader.ReadString();
                        break;
                    case 2:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "ValueInfoProto.type (2)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        ReadTypeProto(ref sub, context, out elementType, out dims, out dimParams);
                        break;
                    }
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            return new OnnxValueInfo(name, (OnnxDataType)elementType, dims, dimParams);
        }

        // TypeProto: only tensor_type (1) is decoded; sequence, map, optional and sparse types read as "not a tensor"
        // (element type Undefined, unknown shape).
        private static void ReadTypeProto(ref ProtoWireReader reader, OnnxReaderContext context, out int elementType,
            out long[]? dims, out string[]? dimParams)
        {
            elementType = 0;
            dims = null;
            dimParams = null;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                if (field != 1)
                {
                    if (field == 4 || field == 5 || field == 8 || field == 9)
                    {
                        // Another member of the value oneof replaces a tensor type read before it.
                        elementType = 0;
                        dims = null;
                        dimParams = null;
                    }

                    reader.SkipField(field, type);
                    continue;
                }

                reader.Expect(type, ProtoWireType.LengthDelimited, "TypeProto.tensor_type (1)");
                ProtoWireReader tensorType = ReadMessage(ref reader, context);
                elementType = 0;
                dims = null;
                dimParams = null;
                while (tensorType.TryReadTag(out int tensorField, out ProtoWireType tensorWire))
                {
                    switch (tensorField)
                    {
                        case 1:
                            tensorType.Expect(tensorWire, ProtoWireType.Varint, "TypeProto.Tensor.elem_type (1)");
                            elementType = tensorType.ReadInt32();
                            break;
                        case 2:
                        {
                            tensorType.Expect(tensorWire, ProtoWireType.LengthDelimited, "TypeProto.Tensor.shape (2)");
                            ProtoWireReader shape = ReadMessage(ref tensorType, context);
                            ReadShape(ref shape, context, out dims, out dimParams);
                            break;
                        }
                        default:
                            tensorType.SkipField(tensorField, tensorWire);
                            break;
                    }
                }
            }
        }

        // TensorShapeProto.dim (1) -> Dimension { dim_value 1 | dim_param 2 }. A dim with neither, or with a negative
        // value, is symbolic: -1 with its param name ("" when it has none).
        private static void ReadShape(ref ProtoWireReader reader, OnnxReaderContext context, out long[] dims, out string[] dimParams)
        {
            var values = new List<long>();
            var names = new List<string>();
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                if (field != 1)
                {
                    reader.SkipField(field, type);
                    continue;
                }

                reader.Expect(type, ProtoWireType.LengthDelimited, "TensorShapeProto.dim (1)");
                if (values.Count >= MaxRank)
                {
                    reader.FailAtTag($"the shape has more than {MaxRank} dimensions (OnnxReader.MaxRank).");
                }

                ProtoWireReader dim = ReadMessage(ref reader, context);
                long value = -1;
                string param = string.Empty;
                while (dim.TryReadTag(out int dimField, out ProtoWireType dimWire))
                {
                    switch (dimField)
                    {
                        case 1:
                            dim.Expect(dimWire, ProtoWireType.Varint, "TensorShapeProto.Dimension.dim_value (1)");
                            long v = dim.ReadInt64();
                            value = v < 0 ? -1 : v;
                            param = string.Empty;
                            break;
                        case 2:
                            dim.Expect(dimWire, ProtoWireType.LengthDelimited, "TensorShapeProto.Dimension.dim_param (2)");
                            param = dim.ReadString();
                            value = -1;
                            break;
                        default:
                            dim.SkipField(dimField, dimWire);
                            break;
                    }
                }

                values.Add(value);
                names.Add(param);
            }

            dims = values.ToArray();
            dimParams = names.ToArray();
        }
    }
}
