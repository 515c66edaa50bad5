// A MessagePack value tree for structure-aware mutation, decoded by its own code (not the reader under test): change
// values, declared lengths and counts, duplicate / drop / swap entries, splice, nest, retype; re-encode the rest as it was.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Recurrent.Tests.Oracle
{
    internal enum MpKind
    {
        Nil,
        Bool,
        Int,
        UInt,
        F32,
        F64,
        Str,
        Bin,
        Ext,
        Array,
        Map,
    }

    /// <summary>One value. A map's <see cref="Items"/> hold keys and values interleaved.</summary>
    internal sealed class MpNode
    {
        public MpKind Kind;
        public long I;
        public ulong U;
        public double F;
        public bool B;
        public byte[]? Bytes;
        public sbyte ExtType;
        public List<MpNode>? Items;

        /// <summary>The format byte it was read with; kept while the value still fits its width.</summary>
        public byte Code;

        /// <summary>When set, the length / count in the header lies (see <see cref="HostileProtobuf.DeclaredLength"/>).</summary>
        public long? LengthLie;

        /// <summary>How many times the value is wrapped in a one-element array (or one-entry map).</summary>
        public int NestDepth;
        public bool NestInMaps;

        public MpNode Clone() => new MpNode
        {
            Kind = Kind, I = I, U = U, F = F, B = B, Bytes = Bytes, ExtType = ExtType, Code = Code, LengthLie = LengthLie,
            NestDepth = NestDepth, NestInMaps = NestInMaps, Items = Items?.Select(x => x.Clone()).ToList(),
        };

        public static MpNode Str(string s) => new MpNode { Kind = MpKind.Str, Bytes = Encoding.UTF8.GetBytes(s) };
    }

    /// <summary>Where a value sits: the list holding it, its index there, and the map / array around it (null at top level).</summary>
    internal readonly struct MpSite
    {
        public MpSite(List<MpNode> list, int index, MpNode? container, string path)
        {
            List = list;
            Index = index;
            Container = container;
            Path = path;
        }

        public List<MpNode> List { get; }
        public int Index { get; }
        public MpNode? Container { get; }
        public string Path { get; }
        public MpNode Node => List[Index];
        public bool InMap => Container?.Kind == MpKind.Map;
    }

    /// <summary>A MessagePack seed: its bytes, decoded values and SetString dictionary.</summary>
    internal sealed class MpSeed
    {
        public MpSeed(string name, byte[] bytes)
        {
            Name = name;
            Bytes = bytes;
            Tree = HostileMessagePack.Parse(bytes) ?? throw new InvalidDataException($"seed {name} is not MessagePack");
            Strings = HostileMessagePack.Strings(Tree);
        }

        public string Name { get; }
        public byte[] Bytes { get; }
        public List<MpNode> Tree { get; }
        public List<byte[]> Strings { get; }

        public override string ToString() => $"{Name} ({Bytes.Length} bytes)";
    }

    internal static class HostileMessagePack
    {
        /// <summary>fixarray of one element: repeated, it nests the value that follows.</summary>
        public static readonly byte[] NestUnit = { 0x91 };

        /// <summary>The seed with every mutation of <paramref name="c"/> applied; <paramref name="description"/> says what changed.</summary>
        public static byte[] Mutate(MpSeed seed, HostileCase c, IReadOnlyList<byte[]> donors, out string description)
        {
            var what = new StringBuilder(seed.ToString());
            byte[] bytes = seed.Bytes;
            if (c.TreeOps.Any())
            {
                List<MpNode> tree = Clone(seed.Tree);
                foreach (HostileOp op in c.TreeOps) what.Append("; ").Append(Apply(tree, op, seed.Strings));
                bytes = Encode(tree);
            }

            foreach (HostileOp op in c.ByteOps)
            {
                bytes = HostileInputBytes.Apply(bytes, op, NestUnit, donors, out string step);
                what.Append("; ").Append(step);
            }

            what.Append($" => {bytes.Length} bytes");
            description = what.ToString();
            return bytes;
        }

        /// <summary>Every top-level value in <paramref name="data"/>, or null if it is not a valid sequence of values.</summary>
        public static List<MpNode>? Parse(byte[] data)
        {
            var values = new List<MpNode>();
            int pos = 0;
            try
            {
                while (pos < data.Length) values.Add(Read(data, ref pos, 0));
            }
            catch (FormatException)
            {
                return null;
            }

            return values;
        }

        private static MpNode Read(byte[] d, ref int pos, int depth)
        {
            if (depth > 200) throw new FormatException("too deep for a seed");
            byte code = Take(d, ref pos, 1)[0];
            var n = new MpNode { Code = code };
            if (code <= 0x7f) return Int(n, code);
            if (code >= 0xe0) return Int(n, (sbyte)code);
            if (code >= 0xa0 && code <= 0xbf) return Blob(n, MpKind.Str, d, ref pos, code & 0x1f);
            if (code >= 0x90 && code <= 0x9f) return Container(n, MpKind.Array, d, ref pos, code & 0x0f, depth);
            if (code >= 0x80 && code <= 0x8f) return Container(n, MpKind.Map, d, ref pos, code & 0x0f, depth);
            switch (code)
            {
                case 0xc0: n.Kind = MpKind.Nil; return n;
                case 0xc2: n.Kind = MpKind.Bool; return n;
                case 0xc3: n.Kind = MpKind.Bool; n.B = true; return n;
                case 0xc4: return Blob(n, MpKind.Bin, d, ref pos, Take(d, ref pos, 1)[0]);
                case 0xc5: return Blob(n, MpKind.Bin, d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)));
                case 0xc6: return Blob(n, MpKind.Bin, d, ref pos, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)));
                case 0xc7: return Ext(n, d, ref pos, Take(d, ref pos, 1)[0]);
                case 0xc8: return Ext(n, d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)));
                case 0xc9: return Ext(n, d, ref pos, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)));
                case 0xca: n.Kind = MpKind.F32; n.F = BinaryPrimitives.ReadSingleBigEndian(Take(d, ref pos, 4)); return n;
                case 0xcb: n.Kind = MpKind.F64; n.F = BinaryPrimitives.ReadDoubleBigEndian(Take(d, ref pos, 8)); return n;
                case 0xcc: return Int(n, Take(d, ref pos, 1)[0]);
                case 0xcd: return Int(n, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)));
                case 0xce: return Int(n, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)));
                case 0xcf:
                {
                    ulong u = BinaryPrimitives.ReadUInt64BigEndian(Take(d, ref pos, 8));
                    if (u <= long.MaxValue) return Int(n, (long)u);
                    n.Kind = MpKind.UInt;
                    n.U = u;
                    return n;
                }
                case 0xd0: return Int(n, (sbyte)Take(d, ref pos, 1)[0]);
                case 0xd1: return Int(n, BinaryPrimitives.ReadInt16BigEndian(Take(d, ref pos, 2)));
                case 0xd2: return Int(n, BinaryPrimitives.ReadInt32BigEndian(Take(d, ref pos, 4)));
                case 0xd3: return Int(n, BinaryPrimitives.ReadInt64BigEndian(Take(d, ref pos, 8)));
                case 0xd4: return Ext(n, d, ref pos, 1);
                case 0xd5: return Ext(n, d, ref pos, 2);
                case 0xd6: return Ext(n, d, ref pos, 4);
                case 0xd7: return Ext(n, d, ref pos, 8);
                case 0xd8: return Ext(n, d, ref pos, 16);
                case 0xd9: return Blob(n, MpKind.Str, d, ref pos, Take(d, ref pos, 1)[0]);
                case 0xda: return Blob(n, MpKind.Str, d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)));
                case 0xdb: return Blob(n, MpKind.Str, d, ref pos, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)));
                case 0xdc: return Container(n, MpKind.Array, d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)), depth);
                case 0xdd: return Container(n, MpKind.Array, d, ref pos, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)), depth);
                case 0xde: return Container(n, MpKind.Map, d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)), depth);
                case 0xdf: return Container(n, MpKind.Map, d, ref pos, BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)), depth);
                default: throw new FormatException("0xc1");
            }
        }

        private static ReadOnlySpan<byte> Take(byte[] d, ref int pos, long count)
        {
            if (count > d.Length - pos) throw new FormatException("truncated");
            var span = new ReadOnlySpan<byte>(d, pos, (int)count);
            pos += (int)count;
            return span;
        }

        private static MpNode Int(MpNode n, long v)
        {
            n.Kind = MpKind.Int;
            n.I = v;
            return n;
        }

        private static MpNode Blob(MpNode n, MpKind kind, byte[] d, ref int pos, long length)
        {
            n.Kind = kind;
            n.Bytes = Take(d, ref pos, length).ToArray();
            return n;
        }

        private static MpNode Ext(MpNode n, byte[] d, ref int pos, long length)
        {
            n.Kind = MpKind.Ext;
            n.ExtType = (sbyte)Take(d, ref pos, 1)[0];
            n.Bytes = Take(d, ref pos, length).ToArray();
            return n;
        }

        private static MpNode Container(MpNode n, MpKind kind, byte[] d, ref int pos, long count, int depth)
        {
            n.Kind = kind;
            long items = kind == MpKind.Map ? 2 * count : count;
            if (items > d.Length - pos) throw new FormatException("count beyond the input");
            n.Items = new List<MpNode>((int)items);
            for (long i = 0; i < items; i++) n.Items.Add(Read(d, ref pos, depth + 1));
            return n;
        }

        // ---- encoding ------------------------------------------------------------------------------------------

        public static byte[] Encode(List<MpNode> values)
        {
            var output = new MemoryStream();
            foreach (MpNode v in values) Write(output, v);
            return output.ToArray();
        }

        private static void Write(MemoryStream o, MpNode n)
        {
            for (int i = 0; i < n.NestDepth; i++)
            {
                if (n.NestInMaps)
                {
                    o.WriteByte(0x81);
                    o.WriteByte(0xa1);
                    o.WriteByte((byte)'k');
                }
                else
                {
                    o.WriteByte(0x91);
                }
            }

            switch (n.Kind)
            {
                case MpKind.Nil: o.WriteByte(0xc0); break;
                case MpKind.Bool: o.WriteByte(n.B ? (byte)0xc3 : (byte)0xc2); break;
                case MpKind.Int: WriteInt(o, n.I, n.Code); break;
                case MpKind.UInt: o.WriteByte(0xcf); Big(o, n.U, 8); break;
                case MpKind.F32: o.WriteByte(0xca); Big(o, (uint)BitConverter.SingleToInt32Bits((float)n.F), 4); break;
                case MpKind.F64: o.WriteByte(0xcb); Big(o, (ulong)BitConverter.DoubleToInt64Bits(n.F), 8); break;
                case MpKind.Str:
                    Header(o, Declared(n, n.Bytes!.Length), n.Code, fix: 0xa0, fixMax: 31, w8: 0xd9, w16: 0xda, w32: 0xdb);
                    o.Write(n.Bytes);
                    break;
                case MpKind.Bin:
                    Header(o, Declared(n, n.Bytes!.Length), n.Code, fix: 0, fixMax: -1, w8: 0xc4, w16: 0xc5, w32: 0xc6);
                    o.Write(n.Bytes);
                    break;
                case MpKind.Ext:
                    WriteExtHeader(o, Declared(n, n.Bytes!.Length), n.Code, n.ExtType);
                    o.Write(n.Bytes);
                    break;
                case MpKind.Array:
                    Header(o, Declared(n, n.Items!.Count), n.Code, fix: 0x90, fixMax: 15, w8: 0, w16: 0xdc, w32: 0xdd);
                    foreach (MpNode item in n.Items) Write(o, item);
                    break;
                case MpKind.Map:
                    Header(o, Declared(n, n.Items!.Count / 2), n.Code, fix: 0x80, fixMax: 15, w8: 0, w16: 0xde, w32: 0xdf);
                    foreach (MpNode item in n.Items) Write(o, item);
                    break;
            }
        }

        private static ulong Declared(MpNode n, int actual) => Math.Min(HostileProtobuf.DeclaredLength(n.LengthLie, actual), uint.MaxValue);

        /// <summary>Writes a length / count header in the original width when it fits, else the smallest that does.</summary>
        private static void Header(MemoryStream o, ulong length, byte original, byte fix, int fixMax, byte w8, byte w16, byte w32)
        {
            // Width classes: 0 fix, 1 one byte, 2 two bytes, 3 four bytes.
            int originalClass = original == w32 ? 3 : original == w16 ? 2 : w8 != 0 && original == w8 ? 1 : 0;
            int needed = fixMax >= 0 && length <= (ulong)fixMax ? 0 : w8 != 0 && length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : 3;
            int width = Math.Max(originalClass, needed);
            if (width == 0 && fixMax < 0) width = 1;
            if (width == 1 && w8 == 0) width = 2;
            switch (width)
            {
                case 0: o.WriteByte((byte)(fix | (byte)length)); break;
                case 1: o.WriteByte(w8); Big(o, length, 1); break;
                case 2: o.WriteByte(w16); Big(o, length, 2); break;
                default: o.WriteByte(w32); Big(o, length, 4); break;
            }
        }

        private static void WriteExtHeader(MemoryStream o, ulong length, byte original, sbyte type)
        {
            byte[] fixCodes = { 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 };
            int[] fixLengths = { 1, 2, 4, 8, 16 };
            int k = Array.IndexOf(fixLengths, (int)Math.Min(length, 17));
            if (k >= 0 && (Array.IndexOf(fixCodes, original) >= 0 || original == 0)) o.WriteByte(fixCodes[k]);
            else if (length <= 0xFF && original != 0xc8 && original != 0xc9)
            {
                o.WriteByte(0xc7);
                o.WriteByte((byte)length);
            }
            else if (length <= 0xFFFF && original != 0xc9)
            {
                o.WriteByte(0xc8);
                Big(o, length, 2);
            }
            else
            {
                o.WriteByte(0xc9);
                Big(o, length, 4);
            }

            o.WriteByte((byte)type);
        }

        private static void WriteInt(MemoryStream o, long v, byte original)
        {
            switch (original)
            {
                case 0xcc when v >= 0 && v <= byte.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 1); return;
                case 0xcd when v >= 0 && v <= ushort.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 2); return;
                case 0xce when v >= 0 && v <= uint.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 4); return;
                case 0xcf when v >= 0: o.WriteByte(original); Big(o, (ulong)v, 8); return;
                case 0xd0 when v >= sbyte.MinValue && v <= sbyte.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 1); return;
                case 0xd1 when v >= short.MinValue && v <= short.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 2); return;
                case 0xd2 when v >= int.MinValue && v <= int.MaxValue: o.WriteByte(original); Big(o, (ulong)v, 4); return;
                case 0xd3: o.WriteByte(original); Big(o, (ulong)v, 8); return;
            }

            if (v >= 0 && v <= 0x7f) o.WriteByte((byte)v);
            else if (v < 0 && v >= -32) o.WriteByte((byte)(sbyte)v);
            else if (v >= 0 && v <= byte.MaxValue) { o.WriteByte(0xcc); Big(o, (ulong)v, 1); }
            else if (v >= 0 && v <= ushort.MaxValue) { o.WriteByte(0xcd); Big(o, (ulong)v, 2); }
            else if (v >= 0 && v <= uint.MaxValue) { o.WriteByte(0xce); Big(o, (ulong)v, 4); }
            else if (v >= 0) { o.WriteByte(0xcf); Big(o, (ulong)v, 8); }
            else if (v >= sbyte.MinValue) { o.WriteByte(0xd0); Big(o, (ulong)v, 1); }
            else if (v >= short.MinValue) { o.WriteByte(0xd1); Big(o, (ulong)v, 2); }
            else if (v >= int.MinValue) { o.WriteByte(0xd2); Big(o, (ulong)v, 4); }
            else { o.WriteByte(0xd3); Big(o, (ulong)v, 8); }
        }

        private static void Big(MemoryStream o, ulong v, int bytes)
        {
            for (int i = bytes - 1; i >= 0; i--) o.WriteByte((byte)(v >> (8 * i)));
        }

        // ---- mutation -------------------------------------------------------------------------------------------

        public static List<MpNode> Clone(List<MpNode> values) => values.Select(v => v.Clone()).ToList();

        public static List<MpSite> Sites(List<MpNode> roots)
        {
            var sites = new List<MpSite>();
            Collect(roots, null, string.Empty, sites);
            return sites;
        }

        private static void Collect(List<MpNode> list, MpNode? container, string path, List<MpSite> sites)
        {
            for (int i = 0; i < list.Count; i++)
            {
                MpNode n = list[i];
                string p = container?.Kind == MpKind.Map
                    ? (i % 2 == 0 ? $"{path}{{key {i / 2}}}" : $"{path}.{Key(list[i - 1])}")
                    : container is null ? $"[{i}]" : $"{path}[{i}]";
                sites.Add(new MpSite(list, i, container, p));
                if (n.Items != null) Collect(n.Items, n, p, sites);
            }
        }

        private static string Key(MpNode key) => key.Kind == MpKind.Str ? HostileProtobuf.Printable(key.Bytes!) : "<" + key.Kind + ">";

        /// <summary>Every string in the tree (keys, names, kinds, dtypes): the SetString dictionary.</summary>
        public static List<byte[]> Strings(List<MpNode> roots) =>
            Sites(roots).Select(s => s.Node).Where(n => n.Kind == MpKind.Str && n.Bytes!.Length <= 64).Select(n => n.Bytes!)
                .Distinct(ByteArrayComparer.Instance).ToList();

        /// <summary>Applies one tree mutation; returns what it did.</summary>
        public static string Apply(List<MpNode> roots, HostileOp op, IReadOnlyList<byte[]> strings)
        {
            List<MpSite> all = Sites(roots);
            if (all.Count == 0) return $"{op.Kind}: no value";
            MpSite Pick(IList<MpSite> from, int k) => from[(int)((uint)k % (uint)from.Count)];

            switch (op.Kind)
            {
                case HostileOpKind.SetScalar:
                {
                    var scalars = all.Where(s => s.Node.Kind is MpKind.Int or MpKind.UInt or MpKind.F32 or MpKind.F64 or MpKind.Bool).ToList();
                    if (scalars.Count == 0) break;
                    MpSite s = Pick(scalars, op.A);
                    MpNode n = s.Node;
                    switch (n.Kind)
                    {
                        case MpKind.Bool:
                            n.B = !n.B;
                            return $"toggle {s.Path} to {n.B}";
                        case MpKind.F32:
                        case MpKind.F64:
                        {
                            double[] specials = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 1e39, 65505, 1.5, -1, 0 };
                            double old = n.F;
                            n.F = specials[(int)(op.V % specials.Length)];
                            return $"set {s.Path} from {old} to {n.F}";
                        }
                        default:
                        {
                            ulong current = n.Kind == MpKind.UInt ? n.U : (ulong)n.I;
                            ulong value = HostileInputBytes.Interesting(op.V, current);
                            if (value > long.MaxValue && op.V % 2 == 0)
                            {
                                n.Kind = MpKind.UInt;
                                n.U = value;
                            }
                            else
                            {
                                n.Kind = MpKind.Int;
                                n.I = (long)value;
                            }

                            return $"set {s.Path} from {(long)current} to {(n.Kind == MpKind.UInt ? n.U.ToString() : n.I.ToString())}";
                        }
                    }
                }
                case HostileOpKind.LieLength:
                {
                    var sized = all.Where(s => s.Node.Kind is MpKind.Str or MpKind.Bin or MpKind.Ext or MpKind.Array or MpKind.Map).ToList();
                    if (sized.Count == 0) break;
                    MpSite s = Pick(sized, op.A);
                    MpNode n = s.Node;
                    n.LengthLie = op.V;
                    int actual = n.Items is null ? n.Bytes!.Length : n.Kind == MpKind.Map ? n.Items.Count / 2 : n.Items.Count;
                    return $"header of {s.Path} ({n.Kind}) declares {Declared(n, actual)} for {actual}";
                }
                case HostileOpKind.InflatePacked:
                {
                    var blobs = all.Where(s => s.Node.Kind is MpKind.Bin or MpKind.Ext).ToList();
                    if (blobs.Count == 0) break;
                    MpSite s = Pick(blobs, op.A);
                    byte[] old = s.Node.Bytes!;
                    int length = (op.V % 5) switch
                    {
                        0 => old.Length + 1,
                        1 => Math.Max(0, old.Length - 1),
                        2 => old.Length * 2,
                        3 => 0,
                        _ => old.Length / 2,
                    };
                    var bytes = new byte[length];
                    old.AsSpan(0, Math.Min(length, old.Length)).CopyTo(bytes);
                    s.Node.Bytes = bytes;
                    return $"resize {s.Path} ({s.Node.Kind}) from {old.Length} to {length} bytes";
                }
                case HostileOpKind.Duplicate:
                case HostileOpKind.Remove:
                case HostileOpKind.Swap:
                {
                    MpSite s = Pick(all, op.A);
                    int width = s.InMap ? 2 : 1;
                    int first = s.InMap ? s.Index / 2 * 2 : s.Index;
                    string what = s.InMap ? $"entry {s.Path}" : s.Path;
                    if (op.Kind == HostileOpKind.Duplicate)
                    {
                        s.List.InsertRange(first + width, s.List.GetRange(first, width).Select(x => x.Clone()).ToList());
                        return $"duplicate {what}";
                    }

                    if (op.Kind == HostileOpKind.Remove)
                    {
                        s.List.RemoveRange(first, width);
                        return $"remove {what}";
                    }

                    if (first + 2 * width > s.List.Count) return $"swap {what}: last one, unchanged";
                    List<MpNode> pair = s.List.GetRange(first, width);
                    s.List.RemoveRange(first, width);
                    s.List.InsertRange(first + width, pair);
                    return $"swap {what} with the next";
                }
                case HostileOpKind.DuplicateMany:
                {
                    // Independent clones (map entries as key/value pairs, the container's count kept right), so a later
                    // mutation of one copy does not multiply; at most MaxDuplicatedBytes in all.
                    MpSite s = Pick(all, op.A);
                    int width = s.InMap ? 2 : 1;
                    int first = s.InMap ? s.Index / 2 * 2 : s.Index;
                    List<MpNode> item = s.List.GetRange(first, width);
                    int count = HostileInputBytes.CopyCount(op.V, Encode(item).Length);
                    s.List.InsertRange(first + width, Enumerable.Range(0, count).SelectMany(_ => item.Select(x => x.Clone())).ToList());
                    return $"repeat {(s.InMap ? "entry " : string.Empty)}{s.Path} {count} more times";
                }
                case HostileOpKind.Splice:
                {
                    MpSite s = Pick(all, op.A);
                    MpSite from = Pick(all, op.B);
                    s.List[s.Index] = from.Node.Clone();
                    return $"replace {s.Path} with a copy of {from.Path}";
                }
                case HostileOpKind.Nest:
                {
                    MpSite s = Pick(all, op.A);
                    s.Node.NestDepth = HostileInputBytes.NestDepth(op.V);
                    s.Node.NestInMaps = op.V / 17 % 2 == 1;
                    return $"wrap {s.Path} in {s.Node.NestDepth} {(s.Node.NestInMaps ? "maps" : "arrays")}";
                }
                case HostileOpKind.ChangeType:
                {
                    MpSite s = Pick(all, op.A);
                    MpNode replacement = ScalarOfKind(op.V);
                    s.List[s.Index] = replacement;
                    return $"replace {s.Path} with {Describe(replacement)}";
                }
                case HostileOpKind.SetString:
                {
                    var texts = all.Where(s => s.Node.Kind == MpKind.Str).ToList();
                    if (texts.Count == 0) break;
                    MpSite s = Pick(texts, op.A);
                    byte[] value = HostileProtobuf.StringValue(op.V, strings);
                    s.Node.Bytes = value;
                    return $"set {s.Path} to \"{HostileProtobuf.Printable(value)}\"";
                }
                case HostileOpKind.Reshape:
                    return Reshape(all, op);
            }

            return $"{op.Kind}: nothing to mutate";
        }

        /// <summary>
        /// A model-file tensor map ("shape", "dtype", "data") gets another shape, or the other dtype, and its data is
        /// resized to match, so only the layer checks can tell that something is wrong.
        /// </summary>
        private static string Reshape(List<MpSite> all, HostileOp op)
        {
            var tensors = all.Select(s => s.Node).Where(n => n.Kind == MpKind.Map && Value(n, "shape")?.Kind == MpKind.Array && Value(n, "data")?.Kind == MpKind.Bin).ToList();
            if (tensors.Count == 0) return "reshape: no tensor map";
            MpNode tensor = tensors[(int)((uint)op.A % (uint)tensors.Count)];
            MpNode shape = Value(tensor, "shape")!, data = Value(tensor, "data")!;
            MpNode? dtype = Value(tensor, "dtype");
            long[] dims = shape.Items!.Select(x => x.Kind == MpKind.Int ? x.I : 1).ToArray();
            string name = Value(tensor, "name") is MpNode n && n.Kind == MpKind.Str ? HostileProtobuf.Printable(n.Bytes!) : "?";
            bool half = dtype?.Kind == MpKind.Str && Encoding.UTF8.GetString(dtype.Bytes!) == "float16";
            string how;
            if (op.V % 11 == 10 && dtype?.Kind == MpKind.Str)
            {
                half = !half;
                dtype.Bytes = Encoding.UTF8.GetBytes(half ? "float16" : "float32");
                how = "dtype switched to " + (half ? "float16" : "float32");
            }
            else
            {
                dims = HostileInputBytes.OtherShape(dims, op.V, out how);
                shape.Items = dims.Select(d => new MpNode { Kind = MpKind.Int, I = d }).ToList();
            }

            long count = 1;
            foreach (long d in dims) count *= d;
            data.Bytes = HostileInputBytes.Resize(data.Bytes!, count * (half ? 2 : 4));
            return $"reshape tensor '{name}': {how} -> [{string.Join(",", dims)}], {data.Bytes.Length} data bytes";
        }

        private static MpNode? Value(MpNode map, string key)
        {
            for (int i = 0; i + 1 < map.Items!.Count; i += 2)
                if (map.Items[i].Kind == MpKind.Str && map.Items[i].Bytes!.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(key))) return map.Items[i + 1];
            return null;
        }

        private static MpNode ScalarOfKind(long v)
        {
            switch (v % 14)
            {
                case 0: return new MpNode { Kind = MpKind.Nil };
                case 1: return new MpNode { Kind = MpKind.Bool, B = true };
                case 2: return new MpNode { Kind = MpKind.Int, I = 0 };
                case 3: return new MpNode { Kind = MpKind.Int, I = -1 };
                case 4: return new MpNode { Kind = MpKind.UInt, U = ulong.MaxValue };
                case 5: return new MpNode { Kind = MpKind.F32, F = double.NaN };
                case 6: return new MpNode { Kind = MpKind.F64, F = 1.5 };
                case 7: return MpNode.Str(string.Empty);
                case 8: return new MpNode { Kind = MpKind.Bin, Bytes = Array.Empty<byte>() };
                case 9: return new MpNode { Kind = MpKind.Ext, ExtType = -1, Bytes = new byte[4] };
                case 10: return new MpNode { Kind = MpKind.Ext, ExtType = -1, Bytes = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1 } };
                case 11: return new MpNode { Kind = MpKind.Ext, ExtType = 5, Bytes = new byte[3] };
                case 12: return new MpNode { Kind = MpKind.Array, Items = new List<MpNode>() };
                default: return new MpNode { Kind = MpKind.Map, Items = new List<MpNode>() };
            }
        }

        private static string Describe(MpNode n) => n.Kind switch
        {
            MpKind.Int => $"Int {n.I}",
            MpKind.UInt => $"UInt {n.U}",
            MpKind.F32 or MpKind.F64 => $"{n.Kind} {n.F}",
            MpKind.Ext => $"Ext type {n.ExtType} ({n.Bytes!.Length} bytes)",
            _ => n.Kind.ToString(),
        };
    }
}
