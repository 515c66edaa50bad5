// The optimizer registry: an explicit switch from names to optimizers with Keras defaults, and the inverse of
// Optimizer.ExportState for resuming from a model file. No reflection.
using System;
using Recurrent.Formats;

namespace Recurrent.Training
{
    public static class Optimizers
    {
        /// <summary>Names accepted by <see cref="FromName"/>.</summary>
        public static readonly string[] Names = { "sgd", "rmsprop", "adagrad", "adam", "adamw" };

        /// <summary>
        /// An optimizer with Keras' defaults ("sgd" lr 0.01; "rmsprop", "adagrad", "adam", "adamw" lr 0.001), ignoring
        /// case, '_' and '-'. A positive <paramref name="learningRate"/> overrides the default.
        /// </summary>
        public static Optimizer FromName(string name, float learningRate = 0f)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            Optimizer optimizer;
            switch (Losses.Normalize(name))
            {
                case "sgd": optimizer = new Sgd(); break;
                case "rmsprop": optimizer = new RmsProp(); break;
                case "adagrad": optimizer = new Adagrad(); break;
                case "adam": optimizer = new Adam(); break;
                case "adamw": optimizer = new AdamW(); break;
                default:
                    throw new ArgumentException($"Unknown optimizer '{name}'. Known optimizers: {string.Join(", ", Names)}.", nameof(name));
            }
            if (learningRate > 0f) optimizer.LearningRate = learningRate;
            return optimizer;
        }

        /// <summary>The optimizer of <paramref name="state"/>.Kind with its hyperparameters, step count and slots.</summary>
        public static Optimizer FromState(OptimizerState state)
        {
            if (state is null) throw new ArgumentNullException(nameof(state));
            Optimizer optimizer = FromName(state.Kind ?? "");
            optimizer.ImportState(state);
            return optimizer;
        }
    }
}
