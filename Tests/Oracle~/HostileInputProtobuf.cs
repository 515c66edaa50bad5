// A schema-free protobuf field tree for structure-aware mutation: parse a valid message, change fields (values, lengths,
// order, nesting, wire types) and re-encode with consistent enclosing lengths. ONNX meaning is HostileInputOnnx's.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Recurrent.Tests.Oracle
{
    /// <summary>One field of a message. A length-delimited field is either a leaf (<see cref="Payload"/>) or a message.</summary>
    internal sealed class PbField
    {
        public int Number;
        public int Wire;

        /// <summary>Varint value, or the raw bits of a fixed32 / fixed64 field.</summary>
        public ulong Value;

        /// <summary>Bytes of a length-delimited leaf (string, bytes, packed scalars).</summary>
        public byte[]? Payload;

        /// <summary>Fields of a length-delimited field whose payload is itself a message.</summary>
        public List<PbField>? Children;

        /// <summary>The encoded payload of <see cref="Children"/> while nothing below has changed (null once dirty).</summary>
        public byte[]? Encoded;

        /// <summary>When set, the length prefix lies: declared = f(actual) (see <see cref="HostileProtobuf.DeclaredLength"/>).</summary>
        public long? LengthLie;

        /// <summary>How many times the field is wrapped in itself (field N holding field N holding ... the payload).</summary>
        public int NestDepth;

        /// <summary>A wire type written in the tag instead of <see cref="Wire"/> (the content stays as it was).</summary>
        public int? WireLie;

        public bool IsMessage => Children != null;

        /// <summary>
        /// The payload bytes whether it is a leaf or a message (as a message: its current encoding); for a scalar field
        /// (a splice can put one where a string was), its encoded value.
        /// </summary>
        public byte[] PayloadBytes => Payload ?? Encoded ?? (Children != null ? HostileProtobuf.EncodeFields(Children) : HostileProtobuf.ScalarBytes(this));

        public PbField Clone() => new PbField
        {
            Number = Number,
            Wire = Wire,
            Value = Value,
            Payload = Payload,
            Children = Children?.Select(c => c.Clone()).ToList(),
            Encoded = Encoded,
            LengthLie = LengthLie,
            NestDepth = NestDepth,
            WireLie = WireLie,
        };

        /// <summary>Makes this field a string / bytes leaf.</summary>
        public void SetPayload(byte[] bytes)
        {
            Payload = bytes;
            Children = null;
            Encoded = null;
        }
    }

    /// <summary>A readable field path, "7#0/1#3/4#1" (field number # position in its message), built only when printed.</summary>
    internal sealed class PbPath
    {
        public PbPath(PbPath? parent, int number, int index)
        {
            Parent = parent;
            Number = number;
            Index = index;
        }

        public PbPath? Parent { get; }
        public int Number { get; }
        public int Index { get; }

        public override string ToString() => (Parent is null ? string.Empty : Parent + "/") + Number + "#" + Index;
    }

    /// <summary>Where a field sits: its list, index, the message fields above it and its path.</summary>
    internal readonly struct PbSite
    {
        public PbSite(List<PbField> list, int index, PbField[] ancestors, PbPath path)
        {
            List = list;
            Index = index;
            Ancestors = ancestors;
            Path = path;
        }

        public List<PbField> List { get; }
        public int Index { get; }
        public PbField[] Ancestors { get; }
        public PbPath Path { get; }
        public PbField Field => List[Index];

        /// <summary>Forgets the cached encodings of every message above (and of the field itself).</summary>
        public void Dirty()
        {
            foreach (PbField a in Ancestors) a.Encoded = null;
            if (Index < List.Count) List[Index].Encoded = null;
        }
    }

    internal static class HostileProtobuf
    {
        /// <summary>Deepest message nesting the parser interprets; deeper payloads stay leaves.</summary>
        private const int MaxParseDepth = 40;

        /// <summary>Most fields one seed is split into; the rest stay leaves (keeps per-case cloning cheap).</summary>
        private const int MaxFieldsPerSeed = 20000;

        /// <summary>Parses a whole message, or returns null if the bytes are not one (seeds must parse).</summary>
        public static List<PbField>? Parse(byte[] data)
        {
            int budget = MaxFieldsPerSeed;
            return TryParse(data, 0, ref budget);
        }

        private static List<PbField>? TryParse(ReadOnlySpan<byte> data, int depth, ref int budget)
        {
            var fields = new List<PbField>();
            int pos = 0;
            while (pos < data.Length)
            {
                if (!TryVarint(data, ref pos, out ulong tag)) return null;
                ulong number = tag >> 3;
                int wire = (int)(tag & 7);
                if (number == 0 || number > (1 << 29) - 1) return null;
                var f = new PbField { Number = (int)number, Wire = wire };
                switch (wire)
                {
                    case 0:
                        if (!TryVarint(data, ref pos, out f.Value)) return null;
                        break;
                    case 1:
                        if (data.Length - pos < 8) return null;
                        f.Value = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(pos));
                        pos += 8;
                        break;
                    case 5:
                        if (data.Length - pos < 4) return null;
                        f.Value = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos));
                        pos += 4;
                        break;
                    case 2:
                    {
                        if (!TryVarint(data, ref pos, out ulong length) || length > (ulong)(data.Length - pos)) return null;
                        ReadOnlySpan<byte> payload = data.Slice(pos, (int)length);
                        pos += (int)length;
                        List<PbField>? children = null;
                        if (depth < MaxParseDepth && payload.Length > 0 && budget > 0) children = TryParse(payload, depth + 1, ref budget);
                        if (children != null)
                        {
                            byte[] encoded = payload.ToArray();
                            // Only a payload that re-encodes byte for byte is treated as a message (canonical varints).
                            if (EncodeFields(children).AsSpan().SequenceEqual(encoded))
                            {
                                f.Children = children;
                                f.Encoded = encoded;
                                break;
                            }
                        }

                        f.Payload = payload.ToArray();
                        break;
                    }
                    default:
                        return null; // groups: no seed uses them
                }

                budget--;
                fields.Add(f);
            }

            return fields;
        }

        private static bool TryVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                if (pos >= data.Length) return false;
                byte b = data[pos++];
                if (shift == 63 && b > 1) return false;
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return true;
            }

            return false;
        }

        public static List<PbField> Clone(List<PbField> fields) => fields.Select(f => f.Clone()).ToList();

        public static byte[] EncodeFields(List<PbField> fields)
        {
            var output = new MemoryStream();
            foreach (PbField f in fields) Write(output, f);
            return output.ToArray();
        }

        private static void Write(MemoryStream output, PbField f)
        {
            int wire = f.WireLie ?? f.Wire;
            if (f.Wire != 2 || f.NestDepth == 0)
            {
                WriteVarint(output, ((ulong)(uint)f.Number << 3) | (uint)wire);
                WriteContent(output, f);
                return;
            }

            // Wrap in itself: field N { field N { ... payload } }, written outermost first in one pass.
            byte[] inner = f.PayloadBytes;
            byte[] tag = Varint(((ulong)(uint)f.Number << 3) | 2);
            byte[] nested = WrapRepeatedly(inner, f.NestDepth, length => Concat(tag, Varint((ulong)length)));
            WriteVarint(output, ((ulong)(uint)f.Number << 3) | (uint)wire);
            WriteVarint(output, DeclaredLength(f.LengthLie, nested.Length));
            output.Write(nested);
        }

        /// <summary>
        /// <paramref name="inner"/> wrapped <paramref name="depth"/> times, each level adding the prefix
        /// <paramref name="prefix"/>(length of what it wraps). Linear in depth plus size, so 20,000 levels stay cheap.
        /// </summary>
        public static byte[] WrapRepeatedly(byte[] inner, int depth, Func<long, byte[]> prefix)
        {
            var prefixes = new byte[depth][];
            long length = inner.Length;
            for (int k = 0; k < depth; k++)
            {
                prefixes[k] = prefix(length);
                length += prefixes[k].Length;
            }

            var result = new byte[length];
            int at = 0;
            for (int k = depth - 1; k >= 0; k--)
            {
                prefixes[k].CopyTo(result, at);
                at += prefixes[k].Length;
            }

            inner.CopyTo(result, at);
            return result;
        }

        public static byte[] Concat(params byte[][] parts)
        {
            var result = new byte[parts.Sum(p => p.Length)];
            int at = 0;
            foreach (byte[] p in parts)
            {
                p.CopyTo(result, at);
                at += p.Length;
            }

            return result;
        }

        private static void WriteContent(MemoryStream output, PbField f)
        {
            switch (f.Wire)
            {
                case 0:
                    WriteVarint(output, f.Value);
                    break;
                case 1:
                {
                    Span<byte> b = stackalloc byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(b, f.Value);
                    output.Write(b);
                    break;
                }
                case 5:
                {
                    Span<byte> b = stackalloc byte[4];
                    BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)f.Value);
                    output.Write(b);
                    break;
                }
                default:
                {
                    byte[] payload;
                    if (f.Payload != null) payload = f.Payload;
                    else if (f.Encoded != null) payload = f.Encoded;
                    else
                    {
                        payload = EncodeFields(f.Children!);
                        f.Encoded = payload;
                    }

                    WriteVarint(output, DeclaredLength(f.LengthLie, payload.Length));
                    output.Write(payload);
                    break;
                }
            }
        }

        /// <summary>The length a lying prefix declares for <paramref name="actual"/> payload bytes.</summary>
        public static ulong DeclaredLength(long? lie, int actual)
        {
            if (lie is null) return (ulong)actual;
            long v = lie.Value;
            switch (v % 8)
            {
                case 0: return (ulong)actual + 1;
                case 1: return actual > 0 ? (ulong)actual - 1 : 1;
                case 2: return (ulong)actual + 1 + (ulong)(v >> 3) % 4096;
                case 3: return 0;
                default: return HostileInputBytes.Interesting(v >> 3, (ulong)actual);
            }
        }

        public static void WriteVarint(Stream output, ulong value)
        {
            while (value >= 0x80)
            {
                output.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            output.WriteByte((byte)value);
        }

        /// <summary>The encoded value of a varint / fixed32 / fixed64 field.</summary>
        public static byte[] ScalarBytes(PbField f)
        {
            if (f.Wire == 0) return Varint(f.Value);
            var bytes = new byte[f.Wire == 1 ? 8 : 4];
            if (f.Wire == 1) BinaryPrimitives.WriteUInt64LittleEndian(bytes, f.Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)f.Value);
            return bytes;
        }

        public static byte[] Varint(ulong value)
        {
            var s = new MemoryStream(10);
            WriteVarint(s, value);
            return s.ToArray();
        }

        /// <summary>Every field in pre-order with its site.</summary>
        public static List<PbSite> Sites(List<PbField> root)
        {
            var sites = new List<PbSite>();
            Collect(root, Array.Empty<PbField>(), null, sites);
            return sites;
        }

        private static void Collect(List<PbField> list, PbField[] ancestors, PbPath? path, List<PbSite> sites)
        {
            for (int i = 0; i < list.Count; i++)
            {
                PbField f = list[i];
                var p = new PbPath(path, f.Number, i);
                sites.Add(new PbSite(list, i, ancestors, p));
                if (f.Children != null) Collect(f.Children, ancestors.Append(f).ToArray(), p, sites);
            }
        }

        /// <summary>Decodes a packed varint payload, or null when it is not one.</summary>
        public static List<ulong>? PackedVarints(byte[] payload)
        {
            var values = new List<ulong>();
            int pos = 0;
            while (pos < payload.Length)
            {
                if (!TryVarint(payload, ref pos, out ulong v)) return null;
                values.Add(v);
            }

            return values.Count > 0 ? values : null;
        }

        /// <summary>Applies one tree mutation to <paramref name="root"/>; <paramref name="strings"/> feeds SetString.</summary>
        public static string Apply(List<PbField> root, HostileOp op, IReadOnlyList<byte[]> strings)
        {
            List<PbSite> all = Sites(root);
            if (all.Count == 0) return $"{op.Kind}: no field";
            PbSite Pick(IList<PbSite> from, int k) => from[(int)((uint)k % (uint)from.Count)];

            switch (op.Kind)
            {
                case HostileOpKind.SetScalar:
                {
                    var scalars = all.Where(s => s.Field.Wire != 2).ToList();
                    if (scalars.Count == 0) break;
                    PbSite s = Pick(scalars, op.A);
                    ulong old = s.Field.Value;
                    s.Field.Value = s.Field.Wire == 5 ? Float32Bits(op.V, old) : s.Field.Wire == 1 ? Float64Bits(op.V, old) : HostileInputBytes.Interesting(op.V, old);
                    s.Dirty();
                    return $"set {s.Path} from {HostileInputBytes.Hex(old)} to {HostileInputBytes.Hex(s.Field.Value)}";
                }
                case HostileOpKind.LieLength:
                {
                    var delimited = all.Where(s => s.Field.Wire == 2).ToList();
                    if (delimited.Count == 0) break;
                    PbSite s = Pick(delimited, op.A);
                    s.Field.LengthLie = op.V;
                    s.Dirty();
                    int actual = s.Field.PayloadBytes.Length;
                    return $"length prefix of {s.Path} declares {DeclaredLength(op.V, actual)} for {actual} bytes";
                }
                case HostileOpKind.InflatePacked:
                {
                    var packed = all.Where(s => s.Field.Payload != null && s.Field.Payload.Length <= 4096 && PackedVarints(s.Field.Payload) != null).ToList();
                    if (packed.Count == 0) break;
                    PbSite s = Pick(packed, op.A);
                    List<ulong> values = PackedVarints(s.Field.Payload!)!;
                    int k = op.B % values.Count;
                    ulong old = values[k];
                    values[k] = HostileInputBytes.Interesting(op.V, old);
                    var payload = new MemoryStream();
                    foreach (ulong v in values) WriteVarint(payload, v);
                    s.Field.SetPayload(payload.ToArray());
                    s.Dirty();
                    return $"packed {s.Path}[{k}] from {HostileInputBytes.Hex(old)} to {HostileInputBytes.Hex(values[k])}";
                }
                case HostileOpKind.Duplicate:
                {
                    PbSite s = Pick(all, op.A);
                    s.List.Insert(s.Index + 1, s.Field.Clone());
                    s.Dirty();
                    return $"duplicate {s.Path}";
                }
                case HostileOpKind.DuplicateMany:
                {
                    // Independent clones, so a later mutation of one copy does not multiply; at most MaxDuplicatedBytes in all.
                    PbSite s = Pick(all, op.A);
                    int size = EncodeFields(new List<PbField> { s.Field }).Length;
                    int count = HostileInputBytes.CopyCount(op.V, size);
                    s.List.InsertRange(s.Index + 1, Enumerable.Range(0, count).Select(_ => s.Field.Clone()));
                    s.Dirty();
                    return $"repeat {s.Path} {count} more times";
                }
                case HostileOpKind.Remove:
                {
                    PbSite s = Pick(all, op.A);
                    s.List.RemoveAt(s.Index);
                    s.Dirty();
                    return $"remove {s.Path}";
                }
                case HostileOpKind.Splice:
                {
                    PbSite s = Pick(all, op.A);
                    PbSite from = Pick(all, op.B);
                    PbField copy = from.Field.Clone();
                    copy.Number = s.Field.Number;
                    s.List[s.Index] = copy;
                    s.Dirty();
                    return $"replace {s.Path} with a copy of {from.Path}";
                }
                case HostileOpKind.Nest:
                {
                    var messages = all.Where(x => x.Field.Wire == 2).ToList();
                    if (messages.Count == 0) break;
                    PbSite s = Pick(messages, op.A);
                    s.Field.NestDepth = HostileInputBytes.NestDepth(op.V);
                    s.Dirty();
                    return $"wrap {s.Path} in itself {s.Field.NestDepth} times";
                }
                case HostileOpKind.ChangeType:
                {
                    PbSite s = Pick(all, op.A);
                    int lie = (int)(op.V % 6);
                    s.Field.WireLie = lie;
                    s.Dirty();
                    return $"tag of {s.Path} says wire type {lie} (content is wire type {s.Field.Wire})";
                }
                case HostileOpKind.Swap:
                {
                    PbSite s = Pick(all, op.A);
                    if (s.Index + 1 >= s.List.Count) return $"swap {s.Path}: last field, unchanged";
                    (s.List[s.Index], s.List[s.Index + 1]) = (s.List[s.Index + 1], s.List[s.Index]);
                    s.Dirty();
                    return $"swap {s.Path} with the next field";
                }
                case HostileOpKind.Renumber:
                {
                    PbSite s = Pick(all, op.A);
                    int[] special = { 0, 15, 16, 19, 20, 21, 100, 1000, (1 << 29) - 1, 1 << 29 };
                    int old = s.Field.Number;
                    s.Field.Number = op.V % 3 == 0 ? special[(int)(op.V / 3 % special.Length)] : (int)(op.V % 24) + 1;
                    s.Dirty();
                    return $"renumber {s.Path} to field {s.Field.Number} (was {old})";
                }
                case HostileOpKind.SetString:
                {
                    var delimited = all.Where(x => x.Field.Wire == 2).ToList();
                    if (delimited.Count == 0) break;
                    PbSite s = Pick(delimited, op.A);
                    byte[] value = StringValue(op.V, strings);
                    s.Field.SetPayload(value);
                    s.Dirty();
                    return $"set {s.Path} to \"{Printable(value)}\"";
                }
            }

            return $"{op.Kind}: nothing to mutate";
        }

        /// <summary>A string from the seed's own strings (names, op types, keys) or a hostile one.</summary>
        public static byte[] StringValue(long v, IReadOnlyList<byte[]> strings)
        {
            byte[][] hostile =
            {
                Array.Empty<byte>(), new byte[] { 0xFF, 0xFE, 0xC0 }, new byte[] { 0xED, 0xA0, 0x80 }, Encoding.UTF8.GetBytes("\0"),
                Encoding.UTF8.GetBytes("../../../../etc/passwd"), Encoding.UTF8.GetBytes("/abs/path"), Encoding.UTF8.GetBytes("C:\\x"),
                Encoding.UTF8.GetBytes(new string('a', 5000)), Encoding.UTF8.GetBytes("hostile_missing_value"),
            };
            if (strings.Count == 0 || v % 4 == 0) return hostile[(int)(v / 4 % hostile.Length)];
            return strings[(int)(v % strings.Count)];
        }

        /// <summary>Short printable form of a string payload for failure messages.</summary>
        public static string Printable(byte[] value)
        {
            string s = Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, 40));
            var sb = new StringBuilder();
            foreach (char c in s) sb.Append(c < 32 || c > 126 ? '?' : c);
            if (value.Length > 40) sb.Append($"...({value.Length} bytes)");
            return sb.ToString();
        }

        private static ulong Float32Bits(long v, ulong old)
        {
            uint[] bits = { 0x7FC00000, 0x7F800000, 0xFF800000, 0x80000000, 0x7F7FFFFF, 0x00000001, 0x4F000000, 0xCF000000 };
            return v % 2 == 0 ? bits[(int)(v / 2 % bits.Length)] : (uint)HostileInputBytes.Interesting(v / 2, old);
        }

        private static ulong Float64Bits(long v, ulong old)
        {
            ulong[] bits = { 0x7FF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FEFFFFFFFFFFFFF, 0x43E0000000000000 };
            return v % 2 == 0 ? bits[(int)(v / 2 % bits.Length)] : HostileInputBytes.Interesting(v / 2, old);
        }

        /// <summary>Every short leaf payload in the tree (names, op types, attribute names): the SetString dictionary.</summary>
        public static List<byte[]> Strings(List<PbField> root) =>
            Sites(root).Select(s => s.Field).Where(f => f.Wire == 2 && f.PayloadBytes.Length is > 0 and <= 64)
                .Select(f => f.PayloadBytes).Distinct(ByteArrayComparer.Instance).ToList();
    }

    internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new ByteArrayComparer();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y != null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            int h = obj.Length;
            foreach (byte b in obj.AsSpan(0, Math.Min(obj.Length, 32))) h = h * 31 + b;
            return h;
        }
    }
}
