// Base of the learning-rate schedules: a pure function of the optimizer step, evaluated in double. The fit loop sets
// optimizer.LearningRate = schedule.LearningRateAt(optimizer.Iterations) before each step (Keras passes iterations).
namespace Recurrent.Training
{
    public abstract class LearningRateSchedule
    {
        /// <summary>The learning rate for the update that follows <paramref name="step"/> completed updates (0 for the first).</summary>
        public abstract float LearningRateAt(long step);
    }
}
