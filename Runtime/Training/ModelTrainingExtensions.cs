// Keras-style entry point: model.Compile(optimizer, loss, metrics) gives a Trainer.
using System.Collections.Generic;

namespace Recurrent.Training
{
    public static class ModelTrainingExtensions
    {
        public static Trainer Compile(this Model model, Optimizer optimizer, Loss loss, IEnumerable<Metric>? metrics = null,
            TrainerOptions? options = null) => new Trainer(model, optimizer, loss, metrics, options);

        /// <summary>By name, as in Keras: model.Compile("adam", "sparse_categorical_crossentropy", "accuracy").</summary>
        public static Trainer Compile(this Model model, string optimizer, string loss, params string[] metrics)
        {
            var list = new List<Metric>();
            foreach (var m in metrics) list.Add(Recurrent.Training.Metrics.FromName(m));
            return new Trainer(model, Optimizers.FromName(optimizer), Losses.FromName(loss), list);
        }
    }
}
