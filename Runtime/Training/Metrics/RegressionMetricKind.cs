// Which value a RegressionMetric reports.
namespace Recurrent.Training
{
    public enum RegressionMetricKind
    {
        /// <summary>Σ w·(p − t)² / (Σ w · C).</summary>
        MeanSquaredError = 0,

        /// <summary>√MSE over everything accumulated (Keras RootMeanSquaredError).</summary>
        RootMeanSquaredError = 1,

        /// <summary>Σ w·|p − t| / (Σ w · C).</summary>
        MeanAbsoluteError = 2,

        /// <summary>Coefficient of determination, averaged uniformly over the C outputs (sklearn r2_score).</summary>
        RSquared = 3,
    }
}
