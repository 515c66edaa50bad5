// One hostile input as FsCheck sees it: a seed file and a short list of mutations with raw parameters, resolved against
// the seed when applied. How the mutations are applied is the format's business (HostileInputProtobuf/MessagePack/Bytes).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace Recurrent.Tests.Oracle
{
    /// <summary>Every mutation the generators can pick. Tree mutations keep the wire format consistent; byte mutations do not.</summary>
    internal enum HostileOpKind
    {
        // Tree level: the mutated document is re-encoded with correct enclosing lengths.
        SetScalar,
        LieLength,
        InflatePacked,
        Duplicate,
        DuplicateMany,
        Remove,
        Splice,
        Nest,
        ChangeType,
        Swap,
        Renumber,
        SetString,

        // A tensor gets another shape (rank, order, sizes) and its data is resized to match: consistent but wrong.
        Reshape,

        // ONNX graph level (HostileOnnx): rewire, rename, reorder and retype nodes, change the opset, nest subgraphs.
        Cycle,
        DanglingInput,
        DuplicateName,
        ReorderNodes,
        OpType,
        Opset,
        Attribute,
        InputShape,
        ExternalData,
        NestGraph,

        // Byte level: applied to the encoded bytes.
        Truncate,
        FlipBit,
        OverwriteByte,
        OverwriteRun,
        InsertBytes,
        DeleteRange,
        DuplicateChunk,
        CrossOver,
        NestPrefix,
    }

    /// <summary>One mutation: <see cref="A"/> and <see cref="B"/> pick sites (modulo what the seed has), <see cref="V"/> a value.</summary>
    internal readonly struct HostileOp
    {
        public HostileOp(HostileOpKind kind, int a, int b, long v)
        {
            Kind = kind;
            A = a;
            B = b;
            V = v;
        }

        public HostileOpKind Kind { get; }
        public int A { get; }
        public int B { get; }
        public long V { get; }

        public bool IsByteLevel => Kind >= HostileOpKind.Truncate;

        public HostileOp With(int a, int b, long v) => new HostileOp(Kind, a, b, v);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}({1},{2},{3})", Kind, A, B, V);
    }

    /// <summary>A seed (by index into the target's seed list) and the mutations applied to it, tree ones first.</summary>
    internal sealed class HostileCase
    {
        public HostileCase(int seed, HostileOp[] ops)
        {
            Seed = seed;
            Ops = ops;
        }

        public int Seed { get; }
        public HostileOp[] Ops { get; }

        /// <summary>Tree mutations in application order: DuplicateMany last, so no other one walks thousands of copies.</summary>
        public IEnumerable<HostileOp> TreeOps => Ops.Where(o => !o.IsByteLevel).OrderBy(o => o.Kind == HostileOpKind.DuplicateMany ? 1 : 0);
        public IEnumerable<HostileOp> ByteOps => Ops.Where(o => o.IsByteLevel);

        public override string ToString() => $"seed #{Seed} [{string.Join("; ", Ops)}]";
    }

    /// <summary>Generators and the shrinker shared by every target.</summary>
    internal static class HostileCaseGen
    {
        /// <summary>
        /// A case over <paramref name="seedCount"/> seeds: <paramref name="minTreeOps"/> to <paramref name="maxTreeOps"/> tree
        /// mutations drawn from <paramref name="treeKinds"/>, then, in <paramref name="bytePercent"/>% of the cases (and
        /// always when there is no tree mutation), 1 to <paramref name="maxByteOps"/> byte mutations.
        /// </summary>
        public static Arbitrary<HostileCase> Cases(int seedCount, (int Weight, HostileOpKind Kind)[] treeKinds, int minTreeOps, int maxTreeOps,
            int bytePercent, int maxByteOps)
        {
            Gen<HostileOp> tree = Op(treeKinds);
            Gen<HostileOp> bytes = Op(DefaultByteKinds);
            Gen<HostileCase> gen =
                from seed in Gen.Choose(0, seedCount - 1)
                from treeCount in Gen.Choose(minTreeOps, maxTreeOps)
                from roll in Gen.Choose(0, 99)
                from byteCount in Gen.Choose(1, maxByteOps)
                from treeOps in Gen.ArrayOf(tree, treeCount)
                from byteOps in Gen.ArrayOf(bytes, treeCount == 0 || roll < bytePercent ? byteCount : 0)
                select new HostileCase(seed, treeOps.Concat(byteOps).ToArray());
            return Arb.From(gen, Shrink);
        }

        /// <summary>Byte mutations and how often each is drawn.</summary>
        public static readonly (int Weight, HostileOpKind Kind)[] DefaultByteKinds =
        {
            (4, HostileOpKind.Truncate),
            (6, HostileOpKind.FlipBit),
            (4, HostileOpKind.OverwriteByte),
            (2, HostileOpKind.OverwriteRun),
            (2, HostileOpKind.InsertBytes),
            (2, HostileOpKind.DeleteRange),
            (2, HostileOpKind.DuplicateChunk),
            (1, HostileOpKind.CrossOver),
            (1, HostileOpKind.NestPrefix),
        };

        private static Gen<HostileOp> Op((int Weight, HostileOpKind Kind)[] kinds) =>
            from kind in Gen.Frequency(kinds.Select(k => (k.Weight, Gen.Constant(k.Kind))).ToArray())
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            from v in Gen.Choose(0, int.MaxValue)
            select new HostileOp(kind, a, b, v);

        /// <summary>Drops one mutation at a time, then moves each parameter toward 0 (the first site, the first value).</summary>
        public static IEnumerable<HostileCase> Shrink(HostileCase c)
        {
            if (c.Ops.Length > 1)
            {
                for (int i = 0; i < c.Ops.Length; i++)
                    yield return new HostileCase(c.Seed, c.Ops.Where((_, k) => k != i).ToArray());
            }

            for (int i = 0; i < c.Ops.Length; i++)
            {
                HostileOp op = c.Ops[i];
                foreach (HostileOp smaller in Smaller(op))
                {
                    var ops = (HostileOp[])c.Ops.Clone();
                    ops[i] = smaller;
                    yield return new HostileCase(c.Seed, ops);
                }
            }
        }

        private static IEnumerable<HostileOp> Smaller(HostileOp op)
        {
            if (op.V > 0) yield return op.With(op.A, op.B, 0);
            if (op.V > 1) yield return op.With(op.A, op.B, op.V / 2);
            if (op.A > 0) yield return op.With(0, op.B, op.V);
            if (op.A > 1) yield return op.With(op.A / 2, op.B, op.V);
            if (op.B > 0) yield return op.With(op.A, 0, op.V);
        }
    }
}
