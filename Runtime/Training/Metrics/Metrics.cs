// The metric registry: an explicit switch from Keras names and common aliases to new Metric instances (no reflection).
using System;

namespace Recurrent.Training
{
    public static class Metrics
    {
        /// <summary>Canonical names accepted by <see cref="FromName"/>.</summary>
        public static readonly string[] Names =
        {
            "accuracy", "binary_accuracy", "top_k_accuracy", "precision", "recall", "f1", "confusion_matrix", "auc",
            "mse", "rmse", "mae", "r2", "perplexity", "bpc",
        };

        /// <summary>
        /// A new metric by name, ignoring case, '_' and '-': "accuracy"/"acc"/"categorical_accuracy"/
        /// "sparse_categorical_accuracy", "binary_accuracy", "top_k_accuracy"/"(sparse_)top_k_categorical_accuracy" (k = 5),
        /// "precision", "recall", "f1"/"f1_score", "confusion_matrix", "auc"/"roc_auc", "mse", "rmse", "mae", "r2",
        /// "perplexity", "bpc"/"bits_per_character" (and the long Keras forms of the regression names).
        /// </summary>
        public static Metric FromName(string name, bool fromLogits = false)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            switch (Losses.Normalize(name))
            {
                case "accuracy":
                case "acc":
                case "categoricalaccuracy":
                case "sparsecategoricalaccuracy":
                    return new Accuracy(fromLogits: fromLogits);
                case "binaryaccuracy":
                    return new BinaryAccuracy(fromLogits: fromLogits);
                case "topkaccuracy":
                case "topkcategoricalaccuracy":
                case "sparsetopkcategoricalaccuracy":
                    return new TopKAccuracy();
                case "precision":
                    return new Precision(fromLogits: fromLogits);
                case "recall":
                    return new Recall(fromLogits: fromLogits);
                case "f1":
                case "f1score":
                    return new F1Score(fromLogits: fromLogits);
                case "confusionmatrix":
                    return new ConfusionMatrix(fromLogits: fromLogits);
                case "auc":
                case "rocauc":
                    return new RocAuc(fromLogits);
                case "mse":
                case "meansquarederror":
                    return new RegressionMetric(RegressionMetricKind.MeanSquaredError);
                case "rmse":
                case "rootmeansquarederror":
                    return new RegressionMetric(RegressionMetricKind.RootMeanSquaredError);
                case "mae":
                case "meanabsoluteerror":
                    return new RegressionMetric(RegressionMetricKind.MeanAbsoluteError);
                case "r2":
                case "r2score":
                    return new RegressionMetric(RegressionMetricKind.RSquared);
                case "perplexity":
                    return new Perplexity(fromLogits);
                case "bpc":
                case "bitspercharacter":
                    return new BitsPerCharacter(fromLogits);
                default:
                    throw new ArgumentException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", Names)}.", nameof(name));
            }
        }
    }
}
