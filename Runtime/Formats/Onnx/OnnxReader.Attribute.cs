// OnnxReader, AttributeProto: every value field is decoded; the type comes from `type` (20), or for old IR files
// that leave it out, from the one value field that is present.
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    public static partial class OnnxReader
    {
        private static OnnxAttribute ReadAttribute(ref ProtoWireReader reader, OnnxReaderContext context)
        {
            long maxValues = context.Options.MaxTensorElements;
            string name = string.Empty;
            int declaredType = 0;
            float f = 0;
            long i = 0;
            string s = string.Empty;
            OnnxTensor? t = null;
            OnnxGraph? g = null;
            var floats = new ProtoList<float>(0);
            var ints = new ProtoList<long>(0);
            List<string>? strings = null;
            List<OnnxTensor>? tensors = null;
            List<OnnxGraph>? graphs = null;
            // Which value fields the file holds, for type inference: bit (int)OnnxAttributeType.
            int present = 0;
            while (reader.TryReadTag(out int field, out ProtoWireType type))
            {
                switch (field)
                {
                    case 1:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.name (1)");
                        name = reader.ReadString();
                        break;
                    case 2:
                        reader.Expect(type, ProtoWireType.Fixed32, "AttributeProto.f (2)");
                        f = reader.ReadFloat();
                        present |= 1 << (int)OnnxAttributeType.Float;
                        break;
                    case 3:
                        reader.Expect(type, ProtoWireType.Varint, "AttributeProto.i (3)");
                        i = reader.ReadInt64();
                        present |= 1 << (int)OnnxAttributeType.Int;
                        break;
                    case 4:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.s (4)");
                        s = reader.ReadString();
                        present |= 1 << (int)OnnxAttributeType.String;
                        break;
                    case 5:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.t (5)");
                        if (t != null) reader.FailAtTag($"attribute '{name}' has a second tensor value (AttributeProto.t, field 5).");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        t = ReadTensor(ref sub, context);
                        present |= 1 << (int)OnnxAttributeType.Tensor;
                        break;
                    }
                    case 6:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.g (6)");
                        if (g != null) reader.FailAtTag($"attribute '{name}' has a second graph value (AttributeProto.g, field 6).");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        g = ReadGraph(ref sub, context);
                        present |= 1 << (int)OnnxAttributeType.Graph;
                        break;
                    }
                    case 7:
                        reader.ReadRepeatedFloat(type, ref floats, maxValues, "AttributeProto.floats (7)");
                        present |= 1 << (int)OnnxAttributeType.Floats;
                        break;
                    case 8:
                        reader.ReadRepeatedVarint(type, ref ints, maxValues, "AttributeProto.ints (8)");
                        present |= 1 << (int)OnnxAttributeType.Ints;
                        break;
                    case 9:
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.strings (9)");
                        (strings ??= new List<string>()).Add(reader.ReadString());
                        present |= 1 << (int)OnnxAttributeType.Strings;
                        break;
                    case 10:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.tensors (10)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        (tensors ??= new List<OnnxTensor>()).Add(ReadTensor(ref sub, context));
                        present |= 1 << (int)OnnxAttributeType.Tensors;
                        break;
                    }
                    case 11:
                    {
                        reader.Expect(type, ProtoWireType.LengthDelimited, "AttributeProto.graphs (11)");
                        ProtoWireReader sub = ReadMessage(ref reader, context);
                        (graphs ??= new List<OnnxGraph>()).Add(ReadGraph(ref sub, context));
                        present |= 1 << (int)OnnxAttributeType.Graphs;
                        break;
                    }
                    case 20:
                        reader.Expect(type, ProtoWireType.Varint, "AttributeProto.type (20)");
                        declaredType = reader.ReadInt32();
                        if (declaredType < 0 || declaredType > (int)OnnxAttributeType.TypeProtos)
                        {
                            reader.FailAtTag($"attribute '{name}' has the unknown type {declaredType.ToString(CultureInfo.InvariantCulture)}.");
                        }

                        break;
                    // Kept out of the IR, but they still name the type of an attribute that has no `type`.
                    case 14:
                        reader.SkipField(field, type);
                        present |= 1 << (int)OnnxAttributeType.TypeProto;
                        break;
                    case 15:
                        reader.SkipField(field, type);
                        present |= 1 << (int)OnnxAttributeType.TypeProtos;
                        break;
                    case 22:
                        reader.SkipField(field, type);
                        present |= 1 << (int)OnnxAttributeType.SparseTensor;
                        break;
                    case 23:
                        reader.SkipField(field, type);
                        present |= 1 << (int)OnnxAttributeType.SparseTensors;
                        break;
                    default:
                        reader.SkipField(field, type);
                        break;
                }
            }

            OnnxAttributeType resolved = (OnnxAttributeType)declaredType;
            if (resolved == OnnxAttributeType.Undefined && present != 0)
            {
                if ((present & (present - 1)) != 0)
                {
                    reader.FailAtStart($"attribute '{name}' has no type and holds more than one kind of value.");
                }

                int bit = 0;
                while ((present >> bit) != 1) bit++;
                resolved = (OnnxAttributeType)bit;
            }

            return new OnnxAttribute(name, resolved)
            {
                F = f,
                I = i,
                S = s,
                T = t,
                G = g,
                Floats = floats.ToArray(),
                Ints = ints.ToArray(),
                Strings = strings?.ToArray() ?? System.Array.Empty<string>(),
                Tensors = tensors?.ToArray() ?? System.Array.Empty<OnnxTensor>(),
                Graphs = graphs?.ToArray() ?? System.Array.Empty<OnnxGraph>(),
            };
        }
    }
}
