// Bits per character of a character-level model: the weighted mean cross-entropy in nats divided by ln 2
// (Graves 2013, "Generating sequences with recurrent neural networks").
namespace Recurrent.Training
{
    public sealed class BitsPerCharacter : CrossEntropyMetric
    {
        private const double Ln2 = 0.69314718055994530942;

        public BitsPerCharacter(bool fromLogits = false) : base(fromLogits) { }

        public override string Name => "bpc";

        /// <summary>Mean CE / ln 2; 0 before any sample.</summary>
        public override double Result => MeanNats / Ln2;
    }
}
