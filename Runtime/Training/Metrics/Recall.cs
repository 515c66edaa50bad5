// Recall: TP / (TP + FN), for one class, the positive class (binary) or the macro average, as sklearn.metrics with
// zero_division = 0. The counting is ConfusionMatrix's.
namespace Recurrent.Training
{
    public sealed class Recall : ConfusionMatrixMetric
    {
        /// <param name="classIndex">The class to report; null for the positive class (C = 1) or the macro average.</param>
        /// <param name="threshold">Decision threshold for single-output predictions.</param>
        /// <param name="fromLogits">Whether single-output predictions are logits.</param>
        /// <param name="classCount">K, or 0 to infer it from the first batch.</param>
        public Recall(int? classIndex = null, float threshold = 0.5f, bool fromLogits = false, int classCount = 0)
            : base(classIndex, threshold, fromLogits, classCount)
        {
        }

        public override string Name => "recall";

        protected override double ForClass(int k) => Matrix.Recall(k);

        protected override double Macro() => Matrix.MacroRecall;
    }
}
