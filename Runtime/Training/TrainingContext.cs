// The shape of the batch being trained (time-major T × B, per-row lengths) and the training-time switches
// (dropout on, random stream) that every layer trainer sees.
using Recurrent.Core;

namespace Recurrent.Training
{
    internal sealed class TrainingContext
    {
        public int Time;
        public int Batch;
        /// <summary>Valid steps per row [B], or null when every row is Time long.</summary>
        public int[]? Lengths;
        public bool Training;
        public DeterministicRandom Random = new DeterministicRandom(1);

        public int Length(int b) => Lengths is null ? Time : Lengths[b];

        public int MaxLength
        {
            get
            {
                if (Lengths is null) return Time;
                int max = 0;
                foreach (int l in Lengths) if (l > max) max = l;
                return max;
            }
        }
    }
}
