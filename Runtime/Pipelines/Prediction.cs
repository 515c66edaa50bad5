// One ranked answer of a pipeline helper: an output index, what it stands for (a token string or a class label) and its
// probability. A plain value; ranking is OutputProbabilities' job.
namespace Recurrent.Pipelines
{
    /// <summary>An output index with its name (token string or label) and probability, as returned by the TopK methods.</summary>
    public readonly struct Prediction
    {
        /// <summary>An entry of a ranking: output <paramref name="index"/>, what it stands for and its probability.</summary>
        public Prediction(int index, string name, float probability)
        {
            Index = index;
            Name = name;
            Probability = probability;
        }

        /// <summary>The output index: a token id or a class index.</summary>
        public int Index { get; }

        /// <summary>The token's vocabulary string or the class label (the saved string itself, not a copy).</summary>
        public string Name { get; }

        /// <summary>The probability in [0, 1].</summary>
        public float Probability { get; }

        /// <summary>"name (0.123)", for logs.</summary>
        public override string ToString() => Name + " (" + Probability.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
