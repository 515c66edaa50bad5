// ModelFile, decoding part 2: tensor maps (weights and optimizer slots, data left in place until the build step),
// metadata and optimizer state (preprocessing is ModelFile.Preprocessing.cs). Same rules as part 1: typed, located errors, unknown keys skipped.
using System;
using System.Collections.Generic;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Formats
{
    public static partial class ModelFile
    {
        /// <summary>The most dimensions a stored tensor may have.</summary>
        private const int MaxRank = 8;

        private static List<TensorEntry> ReadTensorList(ref MessagePackReader r, ModelFileReadContext ctx, bool slots)
        {
            int count = r.ReadArrayHeader();
            var list = new List<TensorEntry>(count);
            for (int i = 0; i < count; i++)
            {
                ctx.PushIndex(i);
                list.Add(ReadTensor(ref r, ctx, i, slots));
                ctx.Pop();
            }
            return list;
        }

        private static TensorEntry ReadTensor(ref MessagePackReader r, ModelFileReadContext ctx, int index, bool slot)
        {
            var e = new TensorEntry { Index = index, Offset = r.Position };
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                int at = r.Position;
                switch (key)
                {
                    case "name": MarkSeen(ref seen, 0, ctx, keyOffset); e.Name = ReadNonEmptyString(ref r, ctx); break;
                    case "dtype":
                        MarkSeen(ref seen, 1, ctx, keyOffset);
                        string dtype = r.ReadString();
                        if (dtype == "float32") e.Float16 = false;
                        else if (dtype == "float16") e.Float16 = true;
                        else throw ctx.Error($"unsupported dtype '{Shorten(dtype)}' (expected float32 or float16)", at);
                        break;
                    case "shape":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int rank = r.ReadArrayHeader();
                        if (rank > MaxRank) throw ctx.Error($"rank {rank} is more than the {MaxRank} dimensions a tensor may have", at);
                        var shape = new int[rank];
                        for (int d = 0; d < rank; d++)
                        {
                            ctx.PushIndex(d);
                            shape[d] = ReadNonNegativeInt(ref r, ctx);
                            ctx.Pop();
                        }
                        e.Shape = shape;
                        break;
                    }
                    case "data":
                    {
                        MarkSeen(ref seen, 3, ctx, keyOffset);
                        ReadOnlySpan<byte> data = r.ReadBytes();
                        e.DataOffset = r.Position - data.Length;
                        e.DataLength = data.Length;
                        break;
                    }
                    case "weight" when slot: MarkSeen(ref seen, 4, ctx, keyOffset); e.Weight = ReadNonEmptyString(ref r, ctx); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            if (e.Name is null) throw ctx.Error("the tensor has no 'name'", e.Offset);
            if (e.Float16 is null) throw ctx.Error("the tensor has no 'dtype'", e.Offset);
            if (e.Shape is null) throw ctx.Error("the tensor has no 'shape'", e.Offset);
            if (e.DataOffset < 0) throw ctx.Error("the tensor has no 'data'", e.Offset);
            if (slot && e.Weight is null) throw ctx.Error("the optimizer slot has no 'weight'", e.Offset);
            return e;
        }

        private static void ReadMetadata(ref MessagePackReader r, ModelFileReadContext ctx, Dictionary<string, string> metadata)
        {
            int count = r.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                if (metadata.ContainsKey(key)) throw ctx.Error("the key appears twice in one map", keyOffset);
                metadata.Add(key, r.ReadString());
                ctx.Pop();
            }
        }

        private static OptimizerState ReadOptimizer(ref MessagePackReader r, ModelFileReadContext ctx, out List<TensorEntry>? slots)
        {
            var o = new OptimizerState();
            slots = null;
            int count = r.ReadMapHeader();
            ulong seen = 0;
            for (int i = 0; i < count; i++)
            {
                string key = ReadKey(ref r, ctx, out int keyOffset);
                int at = r.Position;
                switch (key)
                {
                    case "kind": MarkSeen(ref seen, 0, ctx, keyOffset); o.Kind = r.ReadString(); break;
                    case "step":
                        MarkSeen(ref seen, 1, ctx, keyOffset);
                        o.Step = r.ReadInt64();
                        if (o.Step < 0) throw ctx.Error($"step {o.Step} is negative", at);
                        break;
                    case "hyperparameters":
                    {
                        MarkSeen(ref seen, 2, ctx, keyOffset);
                        int n = r.ReadMapHeader();
                        for (int h = 0; h < n; h++)
                        {
                            int nameOffset = r.Position;
                            string name = r.ReadString();
                            ctx.Push(name);
                            if (o.Hyperparameters.ContainsKey(name)) throw ctx.Error("the key appears twice in one map", nameOffset);
                            o.Hyperparameters.Add(name, r.ReadDouble());
                            ctx.Pop();
                        }
                        break;
                    }
                    case "slots": MarkSeen(ref seen, 3, ctx, keyOffset); slots = ReadTensorList(ref r, ctx, slots: true); break;
                    default: r.Skip(); break;
                }
                ctx.Pop();
            }
            return o;
        }
    }
}
