// One ONNX node with its attributes looked up by name (ints, floats, strings, tensors and their lists).
// Test-only oracle; it applies no operator defaults except the ones a caller passes in.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;

namespace Recurrent.Tests.Oracle
{
    internal sealed class OnnxNode
    {
        private readonly Dictionary<string, AttributeProto> _attributes;

        public OnnxNode(NodeProto proto)
        {
            Proto = proto;
            Inputs = proto.Input.ToArray();
            Outputs = proto.Output.ToArray();
            _attributes = new Dictionary<string, AttributeProto>(StringComparer.Ordinal);
            foreach (AttributeProto attribute in proto.Attribute)
            {
                if (!_attributes.TryAdd(attribute.Name, attribute))
                {
                    throw new InvalidDataException($"Node '{proto.Name}' ({proto.OpType}) has attribute '{attribute.Name}' twice.");
                }
            }
        }

        public NodeProto Proto { get; }

        public string OpType => Proto.OpType;

        /// <summary>ONNX operator domain; "" (or "ai.onnx") is the default domain.</summary>
        public string Domain => Proto.Domain;

        /// <summary>Input slot names in slot order; an omitted optional input is "".</summary>
        public IReadOnlyList<string> Inputs { get; }

        /// <summary>Output slot names in slot order; an output that is not wanted is "".</summary>
        public IReadOnlyList<string> Outputs { get; }

        public IEnumerable<string> AttributeNames => _attributes.Keys;

        public bool HasAttribute(string name) => _attributes.ContainsKey(name);

        /// <summary>Whether input <paramref name="slot"/> is present (listed and not "").</summary>
        public bool HasInput(int slot) => slot < Inputs.Count && Inputs[slot].Length > 0;

        /// <summary>Whether output <paramref name="slot"/> is present (listed and not "").</summary>
        public bool HasOutput(int slot) => slot < Outputs.Count && Outputs[slot].Length > 0;

        public long GetInt(string name) => Get(name, AttributeType.Int).I;

        public long GetInt(string name, long defaultValue) => HasAttribute(name) ? GetInt(name) : defaultValue;

        public float GetFloat(string name) => Get(name, AttributeType.Float).F;

        public float GetFloat(string name, float defaultValue) => HasAttribute(name) ? GetFloat(name) : defaultValue;

        public string GetString(string name) => Get(name, AttributeType.String).S.ToStringUtf8();

        public string GetString(string name, string defaultValue) => HasAttribute(name) ? GetString(name) : defaultValue;

        public OnnxTensor GetTensor(string name) => OnnxTensor.FromProto(Get(name, AttributeType.Tensor).T);

        public long[] GetInts(string name) => Get(name, AttributeType.Ints).Ints.ToArray();

        public float[] GetFloats(string name) => Get(name, AttributeType.Floats).Floats.ToArray();

        public string[] GetStrings(string name) => Get(name, AttributeType.Strings).Strings.Select(s => s.ToStringUtf8()).ToArray();

        public OnnxTensor[] GetTensors(string name) => Get(name, AttributeType.Tensors).Tensors.Select(OnnxTensor.FromProto).ToArray();

        public override string ToString() =>
            $"{OpType}({string.Join(", ", Inputs.Select(i => i.Length == 0 ? "\"\"" : i))}) -> ({string.Join(", ", Outputs)})";

        private AttributeProto Get(string name, AttributeType expected)
        {
            if (!_attributes.TryGetValue(name, out AttributeProto? attribute))
            {
                throw new KeyNotFoundException($"Node {OpType} has no attribute '{name}'.");
            }

            // IR >= 2 sets the type discriminator; UNDEFINED is tolerated for very old files.
            if (attribute.Type != expected && attribute.Type != AttributeType.Undefined)
            {
                throw new InvalidDataException($"Attribute '{name}' of node {OpType} is {attribute.Type}, expected {expected}.");
            }

            return attribute;
        }
    }
}
