// Byte-level mutations shared by every format (truncate, flip, overwrite, insert, delete, duplicate, cross over, nest
// prefix) and the table of boundary values the tree mutations write. Each returns a line saying what it did.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Tests.Oracle
{
    internal static class HostileInputBytes
    {
        /// <summary>
        /// Boundary values for integers, counts, lengths and dims: sign and width edges, the 2^29 / 2^31 / 2^32 element
        /// edges, the reader limits (MaxFeatures 2^24, MaxRank 8) and the 64-bit extremes.
        /// </summary>
        public static readonly ulong[] InterestingValues =
        {
            0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 63, 64, 65, 127, 128, 255, 256, 1000, 4096, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
            (1UL << 24), (1UL << 24) + 1, (1UL << 28), 0x1FFFFFFF, 0x20000000, 0x3FFFFFFF, 0x40000000, 0x7FFFFFC7, 0x7FFFFFFE,
            0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF, 0x100000000, 0x100000001, 1UL << 40, 1UL << 53,
            (1UL << 53) + 1, 0x7FFFFFFFFFFFFFFE, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001,
            unchecked((ulong)-2L), unchecked((ulong)-1L), unchecked((ulong)(long)int.MinValue), unchecked((ulong)-65536L),
        };

        /// <summary>A boundary value, the current value moved a little, or the current value scaled up.</summary>
        public static ulong Interesting(long v, ulong current)
        {
            int pick = (int)(v % (InterestingValues.Length + 6));
            if (pick < InterestingValues.Length) return InterestingValues[pick];
            switch (pick - InterestingValues.Length)
            {
                case 0: return current + 1;
                case 1: return current - 1;
                case 2: return current * 2;
                case 3: return current << 16;
                case 4: return current << 31;
                default: return ~current;
            }
        }

        /// <summary>Most bytes one DuplicateMany mutation adds (keeps every case fast).</summary>
        public const int MaxDuplicatedBytes = 128 << 10;

        /// <summary>How many copies DuplicateMany inserts of an item of <paramref name="size"/> encoded bytes: 10, 1,000 or 20,000, within <see cref="MaxDuplicatedBytes"/>.</summary>
        public static int CopyCount(long v, int size)
        {
            int[] counts = { 10, 1000, 20000 };
            return Math.Max(1, Math.Min(counts[(int)(v % counts.Length)], MaxDuplicatedBytes / Math.Max(1, size)));
        }

        /// <summary>Nesting depths for wrap-in-itself mutations: around every limit (32, 64, 256, 1000) and far beyond.</summary>
        public static int NestDepth(long v)
        {
            int[] depths = { 2, 20, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 999, 1000, 1001, 3000, 20000 };
            return depths[(int)(v % depths.Length)];
        }

        /// <summary>
        /// Another shape for a tensor of shape <paramref name="dims"/>: scalar, a dim dropped or added, reversed,
        /// flattened, a dim doubled, zeroed, split or transposed. The caller resizes the data to match.
        /// </summary>
        public static long[] OtherShape(long[] dims, long v, out string how)
        {
            var d = new List<long>(dims);
            switch (v % 10)
            {
                case 0: how = "scalar"; return Array.Empty<long>();
                case 1: how = "last dim dropped"; if (d.Count > 0) d.RemoveAt(d.Count - 1); break;
                case 2: how = "first dim dropped"; if (d.Count > 0) d.RemoveAt(0); break;
                case 3: how = "trailing 1 added"; d.Add(1); break;
                case 4: how = "leading 1 added"; d.Insert(0, 1); break;
                case 5: how = "dims reversed"; d.Reverse(); break;
                case 6:
                {
                    how = "flattened";
                    long n = 1;
                    foreach (long x in d) n *= x;
                    return new[] { n };
                }
                case 7: how = "first dim doubled"; if (d.Count > 0) d[0] *= 2; else d.Add(2); break;
                case 8: how = "a dim set to 0"; if (d.Count > 0) d[(int)(v / 10 % d.Count)] = 0; else d.Add(0); break;
                default:
                    how = "last two dims swapped";
                    if (d.Count >= 2) (d[d.Count - 1], d[d.Count - 2]) = (d[d.Count - 2], d[d.Count - 1]);
                    else d.Insert(0, 3);
                    break;
            }

            return d.ToArray();
        }

        /// <summary>Largest resized tensor payload: keeps every case fast (a larger tensor adds time, not new structure).</summary>
        public const int MaxResizedBytes = 1 << 20;

        /// <summary><paramref name="data"/> cut or repeated to <paramref name="length"/> bytes (at most <see cref="MaxResizedBytes"/>).</summary>
        public static byte[] Resize(byte[] data, long length)
        {
            var result = new byte[Math.Max(0, Math.Min(length, MaxResizedBytes))];
            for (int i = 0; i < result.Length && data.Length > 0; i += data.Length)
                data.AsSpan(0, Math.Min(data.Length, result.Length - i)).CopyTo(result.AsSpan(i));
            return result;
        }

        /// <summary>Applies one byte-level mutation; <paramref name="nestUnit"/> is the format's "open a level" bytes.</summary>
        public static byte[] Apply(byte[] data, HostileOp op, byte[] nestUnit, IReadOnlyList<byte[]> donors, out string what)
        {
            int n = data.Length;
            int at = n == 0 ? 0 : (int)((uint)op.A % (uint)n);
            switch (op.Kind)
            {
                case HostileOpKind.Truncate:
                {
                    int keep = n == 0 ? 0 : (int)((uint)op.A % (uint)n);
                    what = $"truncate to {keep} of {n} bytes";
                    return data.AsSpan(0, keep).ToArray();
                }
                case HostileOpKind.FlipBit:
                {
                    if (n == 0) break;
                    var copy = (byte[])data.Clone();
                    int bit = op.B & 7;
                    copy[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} of byte {at} (0x{data[at]:x2} -> 0x{copy[at]:x2})";
                    return copy;
                }
                case HostileOpKind.OverwriteByte:
                {
                    if (n == 0) break;
                    var copy = (byte[])data.Clone();
                    byte[] interesting = { 0x00, 0xFF, 0x7F, 0x80, 0x01, 0xC0, 0xC1, 0xDF, 0xDD, 0xCF, 0xD3, 0x08, 0x0A, 0x12 };
                    copy[at] = op.V % 2 == 0 ? interesting[(int)(op.V / 2 % interesting.Length)] : (byte)(op.V >> 3);
                    what = $"overwrite byte {at} (0x{data[at]:x2} -> 0x{copy[at]:x2})";
                    return copy;
                }
                case HostileOpKind.OverwriteRun:
                {
                    if (n == 0) break;
                    var copy = (byte[])data.Clone();
                    int count = Math.Min(1 + op.B % 16, n - at);
                    byte fill = op.V % 3 == 0 ? (byte)0xFF : op.V % 3 == 1 ? (byte)0x00 : (byte)0x80;
                    copy.AsSpan(at, count).Fill(fill);
                    what = $"overwrite {count} bytes at {at} with 0x{fill:x2}";
                    return copy;
                }
                case HostileOpKind.InsertBytes:
                {
                    int count = 1 + op.B % 8;
                    var inserted = new byte[count];
                    new Random((int)op.V).NextBytes(inserted);
                    what = $"insert {count} bytes {Convert.ToHexString(inserted)} at {at}";
                    return Splice(data, at, 0, inserted);
                }
                case HostileOpKind.DeleteRange:
                {
                    if (n == 0) break;
                    int count = Math.Min(1 + op.B % 64, n - at);
                    what = $"delete {count} bytes at {at}";
                    return Splice(data, at, count, Array.Empty<byte>());
                }
                case HostileOpKind.DuplicateChunk:
                {
                    if (n == 0) break;
                    int count = Math.Min(1 + op.B % 256, n - at);
                    int to = (int)(op.V % (n + 1));
                    what = $"copy {count} bytes from {at} to {to}";
                    return Splice(data, to, 0, data.AsSpan(at, count).ToArray());
                }
                case HostileOpKind.CrossOver:
                {
                    byte[] donor = donors[(int)(op.V % donors.Count)];
                    if (donor.Length == 0) break;
                    int from = (int)((uint)op.B % (uint)donor.Length);
                    int count = Math.Min(1 + (int)(op.V / donors.Count % 512), donor.Length - from);
                    int replace = Math.Min(count, n - at);
                    what = $"replace {replace} bytes at {at} with {count} bytes from seed #{op.V % donors.Count} offset {from}";
                    return Splice(data, at, replace, donor.AsSpan(from, count).ToArray());
                }
                case HostileOpKind.NestPrefix:
                {
                    int depth = NestDepth(op.V);
                    var prefix = new byte[depth * nestUnit.Length];
                    for (int i = 0; i < depth; i++) nestUnit.CopyTo(prefix, i * nestUnit.Length);
                    what = $"insert {depth} x {Convert.ToHexString(nestUnit)} (nesting) at {at}";
                    return Splice(data, at, 0, prefix);
                }
            }

            what = $"{op.Kind} skipped (empty input)";
            return data;
        }

        public static byte[] Splice(byte[] data, int at, int remove, byte[] insert)
        {
            var result = new byte[data.Length - remove + insert.Length];
            data.AsSpan(0, at).CopyTo(result);
            insert.CopyTo(result, at);
            data.AsSpan(at + remove).CopyTo(result.AsSpan(at + insert.Length));
            return result;
        }

        public static string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
    }
}
