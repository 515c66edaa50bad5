// One ONNX node test case folder (model.onnx + test_data_set_0/input_N.pb, output_N.pb), decoded with Google.Protobuf.
// Test-only oracle: it maps data files to node slots by name and leaves running the node to the caller.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Recurrent.Tests.Oracle.Onnx;

namespace Recurrent.Tests.Oracle
{
    /// <summary>
    /// A single-node ONNX test case. <c>input_N.pb</c> belongs to the N-th graph input that is not an initializer and
    /// <c>output_N.pb</c> to the N-th graph output (the ONNX backend test convention); node slots are matched to them
    /// by value name, so an omitted optional input ("") simply has no tensor.
    /// </summary>
    internal sealed class OnnxTestCase
    {
        public const string ModelFileName = "model.onnx";
        public const string DefaultDataSet = "test_data_set_0";

        private readonly Dictionary<string, OnnxTensor> _values;

        private OnnxTestCase(
            string directory,
            ModelProto model,
            OnnxNode node,
            OnnxValueInfo[] graphInputs,
            OnnxValueInfo[] graphOutputs,
            OnnxTensor[] inputData,
            OnnxTensor[] outputData,
            Dictionary<string, OnnxTensor> initializers)
        {
            Directory = directory;
            Name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            Model = model;
            Node = node;
            GraphInputs = graphInputs;
            GraphOutputs = graphOutputs;
            InputData = inputData;
            OutputData = outputData;
            Initializers = initializers;

            _values = new Dictionary<string, OnnxTensor>(initializers, StringComparer.Ordinal);
            int dataIndex = 0;
            foreach (OnnxValueInfo input in graphInputs)
            {
                if (initializers.ContainsKey(input.Name)) continue;
                _values[input.Name] = inputData[dataIndex++];
            }
        }

        /// <summary>The case folder name, e.g. <c>test_lstm_defaults</c>.</summary>
        public string Name { get; }

        public string Directory { get; }

        public ModelProto Model { get; }

        /// <summary>The graph's only node.</summary>
        public OnnxNode Node { get; }

        /// <summary>Graph inputs in declaration order (initializers listed as inputs included).</summary>
        public IReadOnlyList<OnnxValueInfo> GraphInputs { get; }

        /// <summary>Graph outputs in declaration order; <see cref="OutputData"/>[N] belongs to entry N.</summary>
        public IReadOnlyList<OnnxValueInfo> GraphOutputs { get; }

        /// <summary>Decoded <c>input_N.pb</c> files in N order.</summary>
        public IReadOnlyList<OnnxTensor> InputData { get; }

        /// <summary>Decoded <c>output_N.pb</c> files in N order (the expected outputs).</summary>
        public IReadOnlyList<OnnxTensor> OutputData { get; }

        /// <summary>Graph initializers by name (none in the ONNX node tests; exported models keep weights there).</summary>
        public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

        public long OpsetVersion =>
            Model.OpsetImport.Where(o => o.Domain.Length == 0 || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

        /// <summary>Loads <paramref name="caseDirectory"/>/model.onnx and the files of one data set.</summary>
        public static OnnxTestCase Load(string caseDirectory, string dataSet = DefaultDataSet)
        {
            string modelPath = Path.Combine(caseDirectory, ModelFileName);
            ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
            GraphProto graph = model.Graph ?? throw new InvalidDataException($"{modelPath}: the model has no graph.");
            if (graph.Node.Count != 1)
            {
                throw new InvalidDataException($"{modelPath}: expected a single-node graph, found {graph.Node.Count} nodes.");
            }

            var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
            foreach (TensorProto initializer in graph.Initializer) initializers[initializer.Name] = OnnxTensor.FromProto(initializer);

            OnnxValueInfo[] graphInputs = graph.Input.Select(OnnxValueInfo.FromProto).ToArray();
            OnnxValueInfo[] graphOutputs = graph.Output.Select(OnnxValueInfo.FromProto).ToArray();
            int fedInputs = graphInputs.Count(i => !initializers.ContainsKey(i.Name));

            string dataDirectory = Path.Combine(caseDirectory, dataSet);
            OnnxTensor[] inputData = LoadNumbered(dataDirectory, "input_");
            OnnxTensor[] outputData = LoadNumbered(dataDirectory, "output_");
            if (inputData.Length != fedInputs)
            {
                throw new InvalidDataException(
                    $"{dataDirectory}: {inputData.Length} input_N.pb files for {fedInputs} graph inputs that are not initializers.");
            }

            if (outputData.Length != graphOutputs.Length)
            {
                throw new InvalidDataException(
                    $"{dataDirectory}: {outputData.Length} output_N.pb files for {graphOutputs.Length} graph outputs.");
            }

            return new OnnxTestCase(caseDirectory, model, new OnnxNode(graph.Node[0]), graphInputs, graphOutputs, inputData, outputData, initializers);
        }

        /// <summary>The tensor that feeds node input <paramref name="slot"/>, or null when the slot is omitted.</summary>
        public OnnxTensor? NodeInput(int slot)
        {
            if (!Node.HasInput(slot)) return null;
            string name = Node.Inputs[slot];
            if (_values.TryGetValue(name, out OnnxTensor? tensor)) return tensor;
            throw new InvalidDataException($"{Name}: node input {slot} '{name}' is neither a fed graph input nor an initializer.");
        }

        /// <summary>The expected tensor of graph output <paramref name="name"/>, or null when the graph does not declare it.</summary>
        public OnnxTensor? ExpectedOutput(string name)
        {
            for (int i = 0; i < GraphOutputs.Count; i++)
            {
                if (GraphOutputs[i].Name == name) return OutputData[i];
            }

            return null;
        }

        /// <summary>Node output slot that produces graph output <paramref name="name"/>, or -1.</summary>
        public int NodeOutputSlot(string name)
        {
            for (int slot = 0; slot < Node.Outputs.Count; slot++)
            {
                if (Node.Outputs[slot] == name) return slot;
            }

            return -1;
        }

        public override string ToString() => Name;

        /// <summary>Case folders (those holding a model.onnx) directly below <paramref name="root"/>, sorted by name.</summary>
        public static string[] FindCaseDirectories(string root)
        {
            if (!System.IO.Directory.Exists(root)) return Array.Empty<string>();
            return System.IO.Directory.GetDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, ModelFileName)))
                .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
                .ToArray();
        }

        private static OnnxTensor[] LoadNumbered(string dataDirectory, string prefix)
        {
            if (!System.IO.Directory.Exists(dataDirectory)) throw new DirectoryNotFoundException(dataDirectory);
            var files = new SortedDictionary<int, string>();
            foreach (string path in System.IO.Directory.GetFiles(dataDirectory, prefix + "*.pb"))
            {
                string stem = Path.GetFileNameWithoutExtension(path).Substring(prefix.Length);
                if (!int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) continue;
                files.Add(index, path);
            }

            int expected = 0;
            foreach (int index in files.Keys)
            {
                if (index != expected) throw new InvalidDataException($"{dataDirectory}: {prefix}{expected}.pb is missing.");
                expected++;
            }

            return files.Values.Select(OnnxTensor.Load).ToArray();
        }
    }
}
