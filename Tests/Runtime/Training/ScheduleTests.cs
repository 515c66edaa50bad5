// Learning-rate schedules at specific steps, each expected value written from the schedule's published formula
// (Keras ExponentialDecay / CosineDecay, torch StepLR), not from the code under test.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class ScheduleTests
    {
        // Schedules compute in double and round once to float.
        private const double RateTolerance = 1e-7;

        [TestCase(0L)]
        [TestCase(1000000L)]
        public void Constant_NeverChanges(long step)
        {
            Assert.That(new ConstantSchedule(0.02f).LearningRateAt(step), Is.EqualTo(0.02f));
        }

        [TestCase(0L, 0.1)]
        [TestCase(9L, 0.1)]
        [TestCase(10L, 0.05)]
        [TestCase(19L, 0.05)]
        [TestCase(25L, 0.025)]
        public void StepDecay_MultipliesByGammaEveryStepSizeSteps(long step, double expected)
        {
            Assert.That(new StepDecay(0.1f, 10, 0.5f).LearningRateAt(step), Is.EqualTo(expected).Within(RateTolerance));
        }

        [TestCase(0L, false, 0.1)]
        [TestCase(50L, false, 0.08660254037844387)]    // 0.1·0.75^0.5
        [TestCase(100L, false, 0.075)]
        [TestCase(150L, false, 0.06495190528383290)]   // 0.1·0.75^1.5
        [TestCase(50L, true, 0.1)]
        [TestCase(150L, true, 0.075)]
        [TestCase(200L, true, 0.05625)]
        public void ExponentialDecay_FollowsKerasFormula(long step, bool staircase, double expected)
        {
            var schedule = new ExponentialDecay(0.1f, 100, 0.75f, staircase);

            Assert.That(schedule.LearningRateAt(step), Is.EqualTo(expected).Within(RateTolerance));
        }

        [TestCase(0L, 0.1)]
        [TestCase(25L, 0.0853553390593274)]   // 0.1·½(1 + cos(π/4))
        [TestCase(50L, 0.05)]
        [TestCase(100L, 0.0)]
        [TestCase(500L, 0.0)]                  // capped at decay_steps
        public void CosineDecay_WithoutWarmup_FollowsHalfCosine(long step, double expected)
        {
            Assert.That(new CosineDecay(0.1f, 100).LearningRateAt(step), Is.EqualTo(expected).Within(RateTolerance));
        }

        [Test]
        public void CosineDecay_Alpha_SetsTheFloor()
        {
            var schedule = new CosineDecay(0.1f, 100, alpha: 0.2f);

            Assert.That(schedule.LearningRateAt(100), Is.EqualTo(0.02).Within(RateTolerance));
            Assert.That(schedule.LearningRateAt(50), Is.EqualTo(0.1 * (0.8 * 0.5 + 0.2)).Within(RateTolerance));
        }

        [TestCase(0L, 0.0)]
        [TestCase(5L, 0.05)]       // linear warmup from 0 to 0.1 over 10 steps, halfway
        [TestCase(10L, 0.1)]       // the decay starts at the warmup target: 0.1·(0.9·1 + 0.1)
        [TestCase(60L, 0.055)]     // halfway through the decay: 0.1·(0.9·½ + 0.1)
        [TestCase(110L, 0.01)]     // the end: target·alpha
        [TestCase(1000L, 0.01)]    // capped at warmup + decay steps
        public void CosineDecay_WithWarmup_RisesLinearlyThenDecays(long step, double expected)
        {
            var schedule = new CosineDecay(0f, 100, alpha: 0.1f, warmupTarget: 0.1f, warmupSteps: 10);

            Assert.That(schedule.LearningRateAt(step), Is.EqualTo(expected).Within(RateTolerance));
        }

        [Test]
        public void Schedules_RejectInvalidArguments()
        {
            Assert.That(() => new StepDecay(0.1f, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ExponentialDecay(0.1f, 0, 0.5f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new CosineDecay(0.1f, 10, alpha: 2f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ConstantSchedule(float.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
