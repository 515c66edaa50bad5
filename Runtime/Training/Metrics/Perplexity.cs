// Perplexity of a language model: exp of the weighted mean cross-entropy in nats (Jurafsky & Martin, SLP3 ch. 3).
namespace Recurrent.Training
{
    public sealed class Perplexity : CrossEntropyMetric
    {
        public Perplexity(bool fromLogits = false) : base(fromLogits) { }

        public override string Name => "perplexity";

        /// <summary>exp(mean CE in nats); 1 before any sample.</summary>
        public override double Result => System.Math.Exp(MeanNats);
    }
}
