// ONNX side of the hostile-input tests: seed files (models, test tensors, initializers), applying a case's mutations, and
// the executor inputs (the seed's test data where it still fits, else small synthetic tensors). The ONNX-aware mutations
// are in HostileInputOnnxGraph.cs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Recurrent.Formats.Onnx;
using RtTensor = Recurrent.Formats.Onnx.OnnxTensor;
using RtValueInfo = Recurrent.Formats.Onnx.OnnxValueInfo;

namespace Recurrent.Tests.Oracle
{
    /// <summary>A seed file: its bytes, parsed field tree, SetString dictionary and (for models) its test inputs by name.</summary>
    internal sealed class HostileSeed
    {
        public HostileSeed(string name, byte[] bytes, List<PbField> tree, List<byte[]> strings)
        {
            Name = name;
            Bytes = bytes;
            Tree = tree;
            Strings = strings;
        }

        public string Name { get; }
        public byte[] Bytes { get; }
        public List<PbField> Tree { get; }
        public List<byte[]> Strings { get; }
        public Dictionary<string, OnnxValue> Inputs { get; } = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);

        public override string ToString() => $"{Name} ({Bytes.Length} bytes)";
    }

    internal static partial class HostileOnnx
    {
        /// <summary>Start-group tag of field 1: repeated, it nests groups that the reader must skip with a depth limit.</summary>
        public static readonly byte[] NestUnit = { 0x0B };

        /// <summary>Real models up to this size are seeds (the larger ones add time, not new structure).</summary>
        public const int MaxRealModelBytes = 200 * 1024;

        // ---- seeds ----------------------------------------------------------------------------------------------

        /// <summary>
        /// Real-model folders: Tests/Fixtures~/onnx-real and the shared set beside the repository (../shared/onnx-real, or
        /// /work/shared/onnx-real); a model in both is taken once.
        /// </summary>
        public static List<string> RealModelFolders()
        {
            var folders = new List<string>();
            foreach (string candidate in new[]
                     {
                         Path.Combine(FixturePaths.Fixtures, "onnx-real"), Path.Combine(FixturePaths.Root, "..", "shared", "onnx-real"),
                         "/work/shared/onnx-real",
                     })
            {
                if (Directory.Exists(candidate) && !folders.Any(f => Path.GetFullPath(f) == Path.GetFullPath(candidate))) folders.Add(candidate);
            }

            return folders;
        }

        /// <summary>
        /// Every model.onnx of the conformance and ORT-generated fixtures, the real models up to
        /// <see cref="MaxRealModelBytes"/>, and the hand-built control-flow seeds (<see cref="HostileInputOnnxSeeds"/>).
        /// </summary>
        public static List<HostileSeed> ModelSeeds(bool withInputs)
        {
            var files = new List<string>();
            foreach (string root in new[] { FixturePaths.OnnxConformance, FixturePaths.OrtGenerated })
                files.AddRange(Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "model.onnx")).Where(File.Exists));
            var realNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (string real in RealModelFolders())
            {
                foreach (string dir in Directory.GetDirectories(real).OrderBy(d => d, StringComparer.Ordinal))
                {
                    string file = Path.Combine(dir, "model.onnx");
                    if (File.Exists(file) && new FileInfo(file).Length <= MaxRealModelBytes && realNames.Add(Path.GetFileName(dir))) files.Add(file);
                }
            }

            var seeds = new List<HostileSeed>();
            foreach (string file in files)
            {
                HostileSeed seed = Seed(file, File.ReadAllBytes(file));
                if (withInputs) LoadInputs(seed, file);
                seeds.Add(seed);
            }

            foreach ((string name, byte[] bytes) in HostileInputOnnxSeeds.All()) seeds.Add(Seed(name, bytes));
            return seeds;
        }

        /// <summary>Test-data tensors (input_N.pb / output_N.pb) and the initializers of the conformance models (up to 16 KiB each).</summary>
        public static List<HostileSeed> TensorSeeds()
        {
            var seeds = new List<HostileSeed>();
            foreach (string root in new[] { FixturePaths.OnnxConformance, FixturePaths.OrtGenerated })
            {
                foreach (string dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
                {
                    string data = Path.Combine(dir, "test_data_set_0");
                    if (!Directory.Exists(data)) continue;
                    foreach (string pb in Directory.GetFiles(data, "*.pb").OrderBy(f => f, StringComparer.Ordinal))
                        seeds.Add(Seed(pb, File.ReadAllBytes(pb)));
                }
            }

            foreach (string dir in Directory.GetDirectories(FixturePaths.OnnxConformance).OrderBy(d => d, StringComparer.Ordinal))
            {
                string model = Path.Combine(dir, "model.onnx");
                if (!File.Exists(model)) continue;
                List<PbField> tree = HostileProtobuf.Parse(File.ReadAllBytes(model))!;
                foreach (PbField graph in tree.Where(f => f.Number == ModelGraph && f.IsMessage))
                {
                    int k = 0;
                    foreach (PbField init in graph.Children!.Where(f => f.Number == GraphInitializer && f.Wire == 2))
                    {
                        byte[] bytes = init.PayloadBytes;
                        if (bytes.Length <= 16 * 1024) seeds.Add(Seed($"{model}#initializer{k}", bytes));
                        k++;
                    }
                }
            }

            return seeds;
        }

        private static HostileSeed Seed(string name, byte[] bytes)
        {
            List<PbField> tree = HostileProtobuf.Parse(bytes) ?? throw new InvalidDataException($"seed {name} is not a protobuf message");
            string shortName = name.StartsWith(FixturePaths.Fixtures, StringComparison.Ordinal) ? name.Substring(FixturePaths.Fixtures.Length + 1)
                : name.Contains("onnx-real", StringComparison.Ordinal) ? name.Substring(name.IndexOf("onnx-real", StringComparison.Ordinal)) : name;
            return new HostileSeed(shortName, bytes, tree, HostileProtobuf.Strings(tree));
        }

        // input_N.pb belongs to the N-th graph input that is not an initializer: the executor's Inputs[N].
        private static void LoadInputs(HostileSeed seed, string modelFile)
        {
            string data = Path.Combine(Path.GetDirectoryName(modelFile)!, "test_data_set_0");
            if (!Directory.Exists(data)) return;
            var executor = new OnnxGraphExecutor(OnnxReader.Read(seed.Bytes));
            for (int i = 0; i < executor.Inputs.Count; i++)
            {
                string file = Path.Combine(data, $"input_{i}.pb");
                if (File.Exists(file)) seed.Inputs[executor.Inputs[i].Name] = OnnxValue.FromTensor(OnnxReader.ReadTensorFile(file));
            }
        }

        // ---- mutation -------------------------------------------------------------------------------------------

        /// <summary>The seed with every mutation of <paramref name="c"/> applied; <paramref name="description"/> says what changed.</summary>
        public static byte[] Mutate(HostileSeed seed, HostileCase c, IReadOnlyList<byte[]> donors, out string description)
        {
            var what = new StringBuilder(seed.ToString());
            byte[] bytes = seed.Bytes;
            if (c.TreeOps.Any())
            {
                List<PbField> tree = HostileProtobuf.Clone(seed.Tree);
                foreach (HostileOp op in c.TreeOps)
                    what.Append("; ").Append(op.Kind == HostileOpKind.Reshape ? Reshape(tree, op)
                        : op.Kind >= HostileOpKind.Cycle && op.Kind <= HostileOpKind.NestGraph ? ApplyGraphOp(tree, op, seed.Strings)
                        : HostileProtobuf.Apply(tree, op, seed.Strings));
                bytes = HostileProtobuf.EncodeFields(tree);
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

        // ---- executor inputs ------------------------------------------------------------------------------------

        private static readonly long[] s_symbolicDims = { 2, 2, 2, 1, 3, 0 };
        /// <summary>
        /// Boundary integers for synthetic inputs. Products of the small ones stay tiny; 2^20 and 2^26 make shape-like
        /// inputs ask for tensors of megabytes to a gigabyte that the per-tensor cap allows, so the run's allocation budget
        /// has to refuse them; every larger one is past the 2^28-element cap or the largest .NET array (0x7FFFFFC7).
        /// </summary>
        private static readonly long[] s_hostileIntegers =
        {
            -1, -2, 0, 1, 3, 4, 17, 1 << 20, 1 << 26, 0x7FFFFFC8, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue,
        };
        private static readonly float[] s_hostileFloats = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, 0f };

        /// <summary>Most elements of one synthetic input (keeps a run cheap; larger declared shapes are not run).</summary>
        private const int MaxSyntheticElements = 1 << 14;

        /// <summary>
        /// Values for every input the executor asks for: in two cases of three the seed's test tensor when its name, type
        /// and rank still match, else a small deterministic tensor of the declared type and shape. Null when an input
        /// cannot be made (a string / complex type, or a declared shape too large to be worth running).
        /// </summary>
        public static Dictionary<string, OnnxValue>? Inputs(OnnxGraphExecutor executor, HostileSeed seed, int salt, out string? why,
            bool hostileValues = true)
        {
            var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            var random = new Random(salt);
            bool useSeedInputs = random.Next(3) != 0;
            why = null;
            foreach (RtValueInfo info in executor.Inputs)
            {
                if (inputs.ContainsKey(info.Name))
                {
                    why = $"input '{info.Name}' is declared twice";
                    return null;
                }

                if (useSeedInputs && seed.Inputs.TryGetValue(info.Name, out OnnxValue? known) && Fits(info, known))
                {
                    inputs[info.Name] = known;
                    continue;
                }

                OnnxValue? made = Synthesize(info, random, hostileValues);
                if (made is null)
                {
                    why = $"cannot make input {info}";
                    return null;
                }

                inputs[info.Name] = made;
            }

            return inputs;
        }

        private static bool Fits(RtValueInfo info, OnnxValue value)
        {
            OnnxDataType declared = info.ElementType is OnnxDataType.Float16 or OnnxDataType.BFloat16 ? OnnxDataType.Float : info.ElementType;
            return (declared == OnnxDataType.Undefined || declared == value.ElementType) && (info.Rank < 0 || info.Rank == value.Rank);
        }

        private static OnnxValue? Synthesize(RtValueInfo info, Random random, bool hostileValues)
        {
            int rank = info.Rank >= 0 ? info.Rank : 1;
            var dims = new long[rank];
            long count = 1;
            for (int k = 0; k < rank; k++)
            {
                // A symbolic dim is free: usually 2, sometimes 1, 3 or an empty 0.
                long d = info.DimValues is null || info.DimValues[k] < 0 ? s_symbolicDims[random.Next(s_symbolicDims.Length)] : info.DimValues[k];
                if (d > MaxSyntheticElements) return null;
                dims[k] = d;
                count *= d;
                if (count > MaxSyntheticElements) return null;
            }

            int n = (int)count;
            OnnxDataType type = info.ElementType == OnnxDataType.Undefined ? OnnxDataType.Float : info.ElementType;
            RtTensor tensor;
            switch (type)
            {
                case OnnxDataType.Float:
                case OnnxDataType.Float16:
                case OnnxDataType.BFloat16:
                {
                    bool hostile = hostileValues && random.Next(8) == 0;
                    tensor = new RtTensor(info.Name, OnnxDataType.Float, dims, floats: Enumerable.Range(0, n)
                        .Select(_ => hostile ? s_hostileFloats[random.Next(s_hostileFloats.Length)] : (float)(random.NextDouble() * 2 - 1)).ToArray());
                    break;
                }
                case OnnxDataType.Double:
                    tensor = new RtTensor(info.Name, type, dims, doubles: Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray());
                    break;
                case OnnxDataType.Bool:
                    tensor = new RtTensor(info.Name, type, dims, bools: Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray());
                    break;
                default:
                {
                    if (!OnnxValue.IsIntegerType(type)) return null;
                    // Mostly small non-negative values (valid indices, lengths and shapes more often than not); one
                    // input in four gets boundary values (negative, past the end, huge).
                    bool hostile = hostileValues && random.Next(4) == 0;
                    tensor = new RtTensor(info.Name, type, dims, longs: Enumerable.Range(0, n)
                        .Select(_ => hostile ? s_hostileIntegers[random.Next(s_hostileIntegers.Length)] : random.Next(0, 3)).ToArray());
                    break;
                }
            }

            return OnnxValue.FromTensor(tensor);
        }
    }
}
