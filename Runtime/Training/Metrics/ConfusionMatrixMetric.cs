// Base of Precision, Recall and F1Score: a ConfusionMatrix plus the class to report, or the macro average.
using System;
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Reports one class (<see cref="ClassIndex"/>) or, when it is null, the positive class for single-output (binary)
    /// predictions and the macro average otherwise.
    /// </summary>
    public abstract class ConfusionMatrixMetric : Metric
    {
        protected ConfusionMatrixMetric(int? classIndex, float threshold, bool fromLogits, int classCount)
        {
            if (classIndex < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(classIndex), $"Class index must not be negative (got {classIndex}).");
            ClassIndex = classIndex;
            Matrix = new ConfusionMatrix(classCount, threshold, fromLogits);
        }

        /// <summary>The class reported, or null for the positive class (binary) / macro average.</summary>
        public int? ClassIndex { get; }

        public ConfusionMatrix Matrix { get; }

        public override double Result
        {
            get
            {
                if (Matrix.ClassCount == 0) return 0;
                if (ClassIndex.HasValue) return ForClass(ClassIndex.Value);
                return Matrix.IsBinary ? ForClass(1) : Macro();
            }
        }

        public override void Update(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int n, int c, ReadOnlySpan<float> sampleWeights) =>
            Matrix.Update(predictions, targets, n, c, sampleWeights);

        public override void Reset() => Matrix.Reset();

        protected abstract double ForClass(int k);

        protected abstract double Macro();
    }
}
