// F1Score: 2TP / (2TP + FP + FN) (the harmonic mean of precision and recall) for one class, the positive class
// (binary) or the macro average of per-class F1, as sklearn.metrics with zero_division = 0. Counting is ConfusionMatrix's.
namespace Recurrent.Training
{
    public sealed class F1Score : ConfusionMatrixMetric
    {
        /// <param name="classIndex">The class to report; null for the positive class (C = 1) or the macro average.</param>
        /// <param name="threshold">Decision threshold for single-output predictions.</param>
        /// <param name="fromLogits">Whether single-output predictions are logits.</param>
        /// <param name="classCount">K, or 0 to infer it from the first batch.</param>
        public F1Score(int? classIndex = null, float threshold = 0.5f, bool fromLogits = false, int classCount = 0)
            : base(classIndex, threshold, fromLogits, classCount)
        {
        }

        public override string Name => "f1";

        protected override double ForClass(int k) => Matrix.F1(k);

        protected override double Macro() => Matrix.MacroF1;
    }
}
