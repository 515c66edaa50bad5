// One row of a model summary: what an inspector shows for a layer. Plain data, no engine types.
using System.Collections.Generic;

namespace Recurrent.Editor
{
    public sealed class LayerSummary
    {
        internal LayerSummary(int index, string name, LayerKind kind, string description, int inputSize, int outputSize,
            bool returnsSequences, long parameters, IReadOnlyList<string> weights)
        {
            Index = index;
            Name = name;
            Kind = kind;
            Description = description;
            InputSize = inputSize;
            OutputSize = outputSize;
            ReturnsSequences = returnsSequences;
            Parameters = parameters;
            Weights = weights;
        }

        public int Index { get; }
        public string Name { get; }
        public LayerKind Kind { get; }
        public string Description { get; }
        public int InputSize { get; }
        public int OutputSize { get; }
        public bool ReturnsSequences { get; }
        public long Parameters { get; }

        /// <summary>"name [d0, d1, ...]" for every weight.</summary>
        public IReadOnlyList<string> Weights { get; }
    }
}
