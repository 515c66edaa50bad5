// An optimizer's resumable state as stored in a model file: kind, step count, hyperparameters and per-weight slots.
// Plain data; the training code creates and consumes it.
using System.Collections.Generic;

namespace Recurrent.Formats
{
    /// <summary>Optimizer state (<c>optimizer</c>) so that training can resume where it stopped.</summary>
    public sealed class OptimizerState
    {
        /// <summary>e.g. "adam", "sgd".</summary>
        public string Kind { get; set; } = "";

        /// <summary>Update steps taken so far.</summary>
        public long Step { get; set; }

        /// <summary>e.g. learning_rate, beta1, beta2, epsilon.</summary>
        public Dictionary<string, double> Hyperparameters { get; set; } = new Dictionary<string, double>();

        /// <summary>Per-weight state tensors.</summary>
        public List<OptimizerSlot> Slots { get; set; } = new List<OptimizerSlot>();
    }
}
