// Reads a model's raw output as probabilities (after Softmax as is, after LogSoftmax exponentiated, otherwise logits
// through a softmax) and ranks them. Shared by the pipeline helpers; allocates nothing.
using System;
using Recurrent.Kernels;

namespace Recurrent.Pipelines
{
    internal sealed class OutputProbabilities
    {
        private enum Meaning { Probabilities, LogProbabilities, Logits }

        private readonly Meaning _meaning;

        public OutputProbabilities(Model model)
        {
            _meaning = Meaning.Logits;
            for (int i = model.Layers.Count - 1; i >= 0; i--)
            {
                Layer layer = model.Layers[i];
                if (layer is DropoutLayer) continue;   // the identity at inference
                if (layer is SoftmaxLayer softmax) _meaning = softmax.Log ? Meaning.LogProbabilities : Meaning.Probabilities;
                break;
            }
        }

        /// <summary>destination = the probabilities that <paramref name="output"/> stands for.</summary>
        public void Convert(ReadOnlySpan<float> output, Span<float> destination)
        {
            switch (_meaning)
            {
                case Meaning.Probabilities:
                    output.CopyTo(destination);
                    break;
                case Meaning.LogProbabilities:
                    for (int i = 0; i < output.Length; i++) destination[i] = (float)Math.Exp(output[i]);
                    break;
                default:
                    Elementwise.Softmax(output, destination);
                    break;
            }
        }

        /// <summary>Whether <paramref name="probability"/> enters the ranking <paramref name="results"/>[0..count).</summary>
        public static bool Qualifies(ReadOnlySpan<Prediction> results, int count, float probability) =>
            results.Length > 0 && (count < results.Length || probability > results[results.Length - 1].Probability);

        /// <summary>
        /// Inserts into a ranking kept largest first (ties keep the lower index first, which arrives first); when full,
        /// the smallest entry drops out. Call only when <see cref="Qualifies"/>. Returns the new count.
        /// </summary>
        public static int Insert(Span<Prediction> results, int count, Prediction prediction)
        {
            int at = count < results.Length ? count : results.Length - 1;
            while (at > 0 && prediction.Probability > results[at - 1].Probability)
            {
                results[at] = results[at - 1];
                at--;
            }
            results[at] = prediction;
            return count < results.Length ? count + 1 : count;
        }

        /// <summary>The <paramref name="results"/>.Length most probable entries of <paramref name="probabilities"/>, named by <paramref name="names"/>.</summary>
        public static int TopK(ReadOnlySpan<float> probabilities, System.Collections.Generic.IReadOnlyList<string> names, Span<Prediction> results)
        {
            int count = 0;
            for (int i = 0; i < probabilities.Length; i++)
                if (Qualifies(results, count, probabilities[i])) count = Insert(results, count, new Prediction(i, names[i], probabilities[i]));
            return count;
        }
    }
}
