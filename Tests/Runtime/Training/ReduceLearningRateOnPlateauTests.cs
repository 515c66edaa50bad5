// ReduceLearningRateOnPlateau traced epoch by epoch against the Keras ReduceLROnPlateau callback's logic
// (keras/src/callbacks/reduce_lr_on_plateau.py): patience, min_delta, cooldown, min_lr and both modes.
#nullable enable
using NUnit.Framework;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class ReduceLearningRateOnPlateauTests
    {
        [Test]
        public void Min_ReducesAfterPatienceEpochsWithoutImprovement_ThenCoolsDown()
        {
            var plateau = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 2, minDelta: 0.01, cooldown: 1);
            float lr = 1f;
            double[] losses = { 1.0, 0.995, 0.992, 0.98, 0.98, 0.98, 0.98, 0.98 };
            // 1: best 1.0. 2: 0.995 is not below best − δ = 0.99 → wait 1. 3: wait 2 = patience → 0.5, cooldown 1.
            // 4: cooldown 1 → 0 (wait cleared); 0.98 < 0.99 improves, best 0.98. 5: wait 1. 6: wait 2 → 0.25, cooldown 1.
            // 7: cooldown → 0, then (no longer in cooldown) wait 1. 8: wait 2 → 0.125.
            float[] expectedLr = { 1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.125f };
            for (int e = 0; e < losses.Length; e++)
            {
                lr = plateau.Update(losses[e], lr);
                Assert.That(lr, Is.EqualTo(expectedLr[e]), $"epoch {e + 1} (best {plateau.Best}, wait {plateau.Wait}, cooldown {plateau.CooldownCounter})");
            }
        }

        [Test]
        public void Cooldown_SuppressesWaiting()
        {
            var plateau = new ReduceLearningRateOnPlateau(factor: 0.1f, patience: 1, cooldown: 2);
            float lr = 1f;

            lr = plateau.Update(5, lr);        // best 5
            lr = plateau.Update(5, lr);        // wait 1 ≥ 1 → 0.1, cooldown 2
            Assert.That(lr, Is.EqualTo(0.1f).Within(1e-9));
            Assert.That(plateau.Reduced, Is.True);
            lr = plateau.Update(5, lr);        // cooldown 2 → 1, no waiting
            lr = plateau.Update(5, lr);        // cooldown 1 → 0, in_cooldown now false → wait 1 → reduce
            Assert.That(lr, Is.EqualTo(0.01f).Within(1e-8));
        }

        [Test]
        public void Max_TreatsRisesAsImprovement()
        {
            var plateau = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 1, mode: PlateauMode.Max, minDelta: 0);
            float lr = 1f;

            lr = plateau.Update(0.5, lr);
            lr = plateau.Update(0.6, lr);
            Assert.That(lr, Is.EqualTo(1f));
            lr = plateau.Update(0.55, lr);
            Assert.That(lr, Is.EqualTo(0.5f));
            Assert.That(plateau.Best, Is.EqualTo(0.6));
        }

        [Test]
        public void MinLearningRate_IsAFloor_AndStopsFurtherReductions()
        {
            var plateau = new ReduceLearningRateOnPlateau(factor: 0.1f, patience: 1, minLearningRate: 0.05f);
            float lr = 1f;

            lr = plateau.Update(1, lr);
            lr = plateau.Update(1, lr);
            Assert.That(lr, Is.EqualTo(0.1f).Within(1e-9));
            lr = plateau.Update(1, lr);
            Assert.That(lr, Is.EqualTo(0.05f));
            lr = plateau.Update(1, lr);
            Assert.That(lr, Is.EqualTo(0.05f));
            Assert.That(plateau.Reduced, Is.False);
        }

        [Test]
        public void NaN_NeverImproves()
        {
            var plateau = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 2);
            float lr = plateau.Update(double.NaN, 1f);

            Assert.That(plateau.Wait, Is.EqualTo(1));
            Assert.That(lr, Is.EqualTo(1f));
        }

        [Test]
        public void SetStateAndReset_RestoreAPosition()
        {
            var plateau = new ReduceLearningRateOnPlateau(patience: 3);
            plateau.SetState(0.5, 2, 0);

            Assert.That(plateau.Update(0.6, 1f), Is.EqualTo(0.1f).Within(1e-9), "wait 2 → 3 = patience");
            plateau.Reset();
            Assert.That(plateau.Best, Is.EqualTo(double.PositiveInfinity));
            Assert.That(plateau.Wait, Is.EqualTo(0));
        }
    }
}
