// Settings of a Trainer that are not the optimizer, loss or metrics: clipping, seed, shuffling, schedules,
// class weights, stateful (truncated BPTT) training and publishing.
namespace Recurrent.Training
{
    public sealed class TrainerOptions
    {
        /// <summary>Clip gradients by global norm (null = off).</summary>
        public float? ClipNorm { get; set; }

        /// <summary>Clip each gradient element to [-v, v] (null = off).</summary>
        public float? ClipValue { get; set; }

        /// <summary>Seed of every random choice (shuffling, dropout): the same seed repeats a run bit for bit.</summary>
        public ulong Seed { get; set; } = 1;

        /// <summary>Shuffle samples each epoch (ignored when <see cref="Stateful"/>).</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>Learning rate per optimizer step (overrides the optimizer's rate when set).</summary>
        public LearningRateSchedule? Schedule { get; set; }

        /// <summary>Per-class loss weights, indexed by class id.</summary>
        public float[]? ClassWeights { get; set; }

        /// <summary>
        /// Truncated BPTT over long streams: recurrent state is carried from batch to batch (row b of batch k continues
        /// row b of batch k−1, i.e. sample k·B + b continues sample (k−1)·B + b), batches are taken in order and states
        /// reset at the start of every epoch. Forward-only recurrent layers.
        /// </summary>
        public bool Stateful { get; set; }
    }
}
