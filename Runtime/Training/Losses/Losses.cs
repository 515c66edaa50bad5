// The loss registry: an explicit switch from Keras names and aliases to Loss instances (no reflection).
// Hyperparameters beyond fromLogits (Huber's delta, epsilon) use their Keras defaults; construct directly to change them.
using System;
using System.Text;

namespace Recurrent.Training
{
    public static class Losses
    {
        /// <summary>Canonical names accepted by <see cref="FromName"/>.</summary>
        public static readonly string[] Names =
        {
            "mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
        };

        /// <summary>
        /// A loss by Keras name, function alias or class name, ignoring case, '_' and '-': "mse" =
        /// "mean_squared_error" = "MeanSquaredError"; "mae"; "huber" / "huber_loss"; "binary_crossentropy" / "bce";
        /// "categorical_crossentropy" / "cce"; "sparse_categorical_crossentropy" / "scce".
        /// </summary>
        public static Loss FromName(string name, bool fromLogits = false)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            switch (Normalize(name))
            {
                case "mse":
                case "meansquarederror":
                    return new MeanSquaredError();
                case "mae":
                case "meanabsoluteerror":
                    return new MeanAbsoluteError();
                case "huber":
                case "huberloss":
                    return new Huber();
                case "bce":
                case "binarycrossentropy":
                    return new BinaryCrossEntropy(fromLogits);
                case "cce":
                case "categoricalcrossentropy":
                    return new CategoricalCrossEntropy(fromLogits);
                case "scce":
                case "sparsecategoricalcrossentropy":
                    return new SparseCategoricalCrossEntropy(fromLogits);
                default:
                    throw new ArgumentException(
                        $"Unknown loss '{name}'. Known losses: {string.Join(", ", Names)}.", nameof(name));
            }
        }

        internal static string Normalize(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char ch in name)
            {
                if (ch == '_' || ch == '-' || ch == ' ') continue;
                sb.Append(char.ToLowerInvariant(ch));
            }
            return sb.ToString();
        }
    }
}
