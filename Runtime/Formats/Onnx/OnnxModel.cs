// A decoded ONNX ModelProto: IR version, opset imports, producer, the main graph and metadata, plus the path it was
// read from (for error messages and for resolving external data inside the model's folder).
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxModel
    {
        public OnnxModel(long irVersion, IReadOnlyDictionary<string, long> opsetImports, string producerName,
            string producerVersion, OnnxGraph graph, IReadOnlyDictionary<string, string> metadata, string? path)
        {
            IrVersion = irVersion;
            OpsetImports = opsetImports ?? throw new ArgumentNullException(nameof(opsetImports));
            ProducerName = producerName ?? string.Empty;
            ProducerVersion = producerVersion ?? string.Empty;
            Graph = graph ?? throw new ArgumentNullException(nameof(graph));
            Metadata = metadata ?? new Dictionary<string, string>();
            Path = path;
        }

        public long IrVersion { get; }
        /// <summary>Domain ("" = default ONNX domain, also for "ai.onnx") to opset version.</summary>
        public IReadOnlyDictionary<string, long> OpsetImports { get; }
        public string ProducerName { get; }
        public string ProducerVersion { get; }
        public OnnxGraph Graph { get; }
        public IReadOnlyDictionary<string, string> Metadata { get; }
        /// <summary>The file it came from, or null when read from memory.</summary>
        public string? Path { get; }

        /// <summary>The default-domain opset (0 when none is declared).</summary>
        public long Opset => OpsetImports.TryGetValue(string.Empty, out long v) ? v : 0;

        public override string ToString() => $"ONNX IR {IrVersion}, opset {Opset}, producer '{ProducerName} {ProducerVersion}'";
    }
}
