// Each optimizer against a step-by-step double-precision evaluation of its documented update rule (Keras source /
// torch.optim docs), written out here for 3 steps on w = [1, −2] with a fixed gradient sequence, plus literal hand
// values for the first steps and the behaviours the fit loop relies on (frozen, decay exemption, gradients kept).
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class OptimizerTests
    {
        // Three steps of float arithmetic against a double reference: a few float ulps of |w| ≤ 2.
        private const double StepTolerance = 2e-6;

        private static readonly double[] s_initial = { 1.0, -2.0 };

        // g_t for t = 1, 2, 3: signs change so momentum and moment estimates are exercised in both directions.
        private static readonly double[][] s_gradients =
        {
            new[] { 0.5, -0.25 },
            new[] { -0.3, 0.1 },
            new[] { 0.2, 0.4 },
        };

        private static Parameter NewParameter(string name = "w") =>
            new Parameter(name, new Tensor(new[] { (float)s_initial[0], (float)s_initial[1] }, 2));

        private static float[] RunThreeSteps(Optimizer optimizer)
        {
            Parameter p = NewParameter();
            var list = new[] { p };
            for (int t = 0; t < 3; t++)
            {
                p.Gradient[0] = (float)s_gradients[t][0];
                p.Gradient[1] = (float)s_gradients[t][1];
                optimizer.Step(list);
            }
            return p.Value.Data;
        }

        // ---- literal hand computations ------------------------------------------------------------------------

        [Test]
        public void Sgd_WithoutMomentum_SubtractsLearningRateTimesGradient()
        {
            float[] w = RunThreeSteps(new Sgd(0.1f));

            // 1 − 0.1·(0.5 − 0.3 + 0.2) = 0.96; −2 − 0.1·(−0.25 + 0.1 + 0.4) = −2.025.
            TrainingAssert.Close(new[] { 0.96, -2.025 }, w, StepTolerance, 0, "SGD");
        }

        [Test]
        public void Sgd_KerasMomentum_MatchesHandValues_ForConstantGradient()
        {
            Parameter p = NewParameter();
            var sgd = new Sgd(0.1f, momentum: 0.9f);
            for (int t = 0; t < 3; t++)
            {
                p.Gradient[0] = 0.5f;
                p.Gradient[1] = -0.25f;
                sgd.Step(new[] { p });
            }

            // m: −0.05, −0.095, −0.1355 → w0 = 1 − 0.05 − 0.095 − 0.1355; m: 0.025, 0.0475, 0.06775 for w1.
            TrainingAssert.Close(new[] { 0.7195, -1.85975 }, p.Value.Data, StepTolerance, 0, "SGD momentum");
        }

        [Test]
        public void Adam_FirstStep_DiffersOnlyInEpsilonPlacement([Values] OptimizerConvention convention)
        {
            // ε = 0.01 is large enough to separate the two forms. Step 1: m = 0.1g, v = 0.001g².
            // Keras:   lr·√0.001/0.1 · 0.1g/(√0.001·|g| + ε) = lr·g/(|g| + ε/√0.001)
            // PyTorch: lr·m̂/(√v̂ + ε) = lr·g/(|g| + ε)
            var adam = new Adam(0.1f, epsilon: 0.01f, convention: convention);
            Parameter p = NewParameter();
            p.Gradient[0] = 0.5f;
            p.Gradient[1] = -0.25f;
            adam.Step(new[] { p });

            double epsilonSeen = convention == OptimizerConvention.Keras ? 0.01 / Math.Sqrt(0.001) : 0.01;
            var expected = new[] { 1 - 0.1 * 0.5 / (0.5 + epsilonSeen), -2 + 0.1 * 0.25 / (0.25 + epsilonSeen) };
            TrainingAssert.Close(expected, p.Value.Data, StepTolerance, 0, $"Adam step 1 ({convention})");
        }

        // ---- three-step references ----------------------------------------------------------------------------

        [Test]
        public void Sgd_Momentum_MatchesReference([Values] OptimizerConvention convention, [Values] bool nesterov,
            [Values(0f, 0.1f)] float weightDecay)
        {
            const double lr = 0.1, mu = 0.9;
            float[] actual = RunThreeSteps(new Sgd((float)lr, 0.9f, nesterov, weightDecay, convention));

            double[] w = (double[])s_initial.Clone();
            var buf = new double[2];
            for (int t = 0; t < 3; t++)
            {
                for (int i = 0; i < 2; i++)
                {
                    double g = s_gradients[t][i] + weightDecay * w[i];
                    if (convention == OptimizerConvention.Keras)
                    {
                        buf[i] = mu * buf[i] - lr * g;                       // keras sgd.py
                        w[i] += nesterov ? mu * buf[i] - lr * g : buf[i];
                    }
                    else
                    {
                        buf[i] = t == 0 ? g : mu * buf[i] + g;               // torch.optim.SGD, dampening 0
                        w[i] -= lr * (nesterov ? g + mu * buf[i] : buf[i]);
                    }
                }
            }
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"SGD {convention} nesterov={nesterov} wd={weightDecay}");
        }

        [Test]
        public void Sgd_PyTorchDampening_UsesRawGradientOnFirstStep()
        {
            float[] actual = RunThreeSteps(new Sgd(0.1f, 0.9f, convention: OptimizerConvention.PyTorch, dampening: 0.5f));

            double[] w = (double[])s_initial.Clone();
            var b = new double[2];
            for (int t = 0; t < 3; t++)
                for (int i = 0; i < 2; i++)
                {
                    b[i] = t == 0 ? s_gradients[t][i] : 0.9 * b[i] + 0.5 * s_gradients[t][i];
                    w[i] -= 0.1 * b[i];
                }
            TrainingAssert.Close(w, actual, StepTolerance, 0, "SGD dampening");
        }

        [Test]
        public void Sgd_MomentumConventions_GiveSameWeights_AtConstantLearningRate([Values] bool nesterov)
        {
            float[] keras = RunThreeSteps(new Sgd(0.1f, 0.9f, nesterov, convention: OptimizerConvention.Keras));
            float[] torch = RunThreeSteps(new Sgd(0.1f, 0.9f, nesterov, convention: OptimizerConvention.PyTorch));

            TrainingAssert.Close(TrainingAssert.ToDouble(keras), torch, StepTolerance, 0, "Keras vs PyTorch SGD");
        }

        [Test]
        public void RmsProp_MatchesReference([Values] OptimizerConvention convention, [Values(0f, 0.9f)] float momentum,
            [Values] bool centered, [Values(0f, 0.1f)] float weightDecay)
        {
            const double lr = 0.01, rho = 0.9, eps = 1e-3;
            float[] actual = RunThreeSteps(new RmsProp((float)lr, (float)rho, momentum, (float)eps, centered, weightDecay, convention));

            double[] w = (double[])s_initial.Clone();
            double[] v = new double[2], a = new double[2], b = new double[2];
            for (int t = 0; t < 3; t++)
            {
                for (int i = 0; i < 2; i++)
                {
                    double g = s_gradients[t][i] + weightDecay * w[i];
                    v[i] = rho * v[i] + (1 - rho) * g * g;
                    double centeredV = v[i];
                    if (centered)
                    {
                        a[i] = rho * a[i] + (1 - rho) * g;
                        centeredV -= a[i] * a[i];
                    }
                    if (convention == OptimizerConvention.Keras)
                    {
                        double increment = lr * g / Math.Sqrt(centeredV + eps);   // keras rmsprop.py
                        if (momentum > 0) { b[i] = momentum * b[i] + increment; w[i] -= b[i]; }
                        else w[i] -= increment;
                    }
                    else
                    {
                        double scaled = g / (Math.Sqrt(centeredV) + eps);         // torch.optim.RMSprop
                        if (momentum > 0) { b[i] = momentum * b[i] + scaled; w[i] -= lr * b[i]; }
                        else w[i] -= lr * scaled;
                    }
                }
            }
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"RMSprop {convention} μ={momentum} centered={centered} wd={weightDecay}");
        }

        [Test]
        public void Adagrad_MatchesReference([Values] OptimizerConvention convention, [Values(0f, 0.1f)] float weightDecay)
        {
            const double lr = 0.1, init = 0.1, eps = 1e-3;
            float[] actual = RunThreeSteps(new Adagrad((float)lr, (float)init, (float)eps, weightDecay, convention));

            double[] w = (double[])s_initial.Clone();
            double[] acc = { init, init };
            for (int t = 0; t < 3; t++)
            {
                for (int i = 0; i < 2; i++)
                {
                    double g = s_gradients[t][i] + weightDecay * w[i];
                    acc[i] += g * g;
                    w[i] -= convention == OptimizerConvention.Keras
                        ? lr * g / Math.Sqrt(acc[i] + eps)     // keras adagrad.py
                        : lr * g / (Math.Sqrt(acc[i]) + eps);  // torch.optim.Adagrad
                }
            }
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"Adagrad {convention} wd={weightDecay}");
        }

        [Test]
        public void Adam_MatchesReference([Values] OptimizerConvention convention, [Values] bool amsgrad,
            [Values(0f, 0.1f)] float weightDecay)
        {
            const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-2;
            float[] actual = RunThreeSteps(new Adam((float)lr, (float)b1, (float)b2, (float)eps, amsgrad, weightDecay, convention));

            double[] w = AdamReference(convention, amsgrad, lr, (float)b1, (float)b2, eps, coupledDecay: weightDecay, decoupledDecay: 0);
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"Adam {convention} amsgrad={amsgrad} wd={weightDecay}");
        }

        [Test]
        public void Adam_WithDefaultEpsilon_MatchesReference([Values] OptimizerConvention convention)
        {
            float[] actual = RunThreeSteps(new Adam(convention: convention));

            double[] w = AdamReference(convention, false, 0.001f, 0.9f, 0.999f, 1e-7f, 0, 0);
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"Adam defaults {convention}");
        }

        [Test]
        public void AdamW_DecaysWeightsDecoupled_MatchesReference([Values] OptimizerConvention convention, [Values] bool amsgrad)
        {
            const double lr = 0.1, eps = 1e-2;
            const float wd = 0.2f;
            float[] actual = RunThreeSteps(new AdamW((float)lr, wd, 0.9f, 0.999f, (float)eps, amsgrad, convention));

            double[] w = AdamReference(convention, amsgrad, lr, 0.9f, 0.999f, eps, coupledDecay: 0, decoupledDecay: wd);
            TrainingAssert.Close(w, actual, StepTolerance, 0, $"AdamW {convention} amsgrad={amsgrad}");
        }

        [Test]
        public void AdamW_DiffersFromAdamWithCoupledL2()
        {
            float[] coupled = RunThreeSteps(new Adam(0.1f, weightDecay: 0.2f));
            float[] decoupled = RunThreeSteps(new AdamW(0.1f, 0.2f));

            Assert.That(Math.Abs(coupled[0] - decoupled[0]), Is.GreaterThan(1e-3), "the two decays must not coincide");
        }

        /// <summary>Adam per the Keras source (adam.py) or the torch.optim.Adam/AdamW pseudo-code, in double.</summary>
        private static double[] AdamReference(OptimizerConvention convention, bool amsgrad, double lr, double b1, double b2,
            double eps, double coupledDecay, double decoupledDecay)
        {
            double[] w = (double[])s_initial.Clone();
            double[] m = new double[2], v = new double[2], vmax = new double[2];
            for (int t = 1; t <= 3; t++)
            {
                for (int i = 0; i < 2; i++)
                {
                    w[i] *= 1 - lr * decoupledDecay;
                    double g = s_gradients[t - 1][i] + coupledDecay * w[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    vmax[i] = Math.Max(vmax[i], v[i]);
                    double vUsed = amsgrad ? vmax[i] : v[i];
                    if (convention == OptimizerConvention.Keras)
                    {
                        double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
                        w[i] -= alpha * m[i] / (Math.Sqrt(vUsed) + eps);
                    }
                    else
                    {
                        double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = vUsed / (1 - Math.Pow(b2, t));
                        w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
                    }
                }
            }
            return w;
        }

        [Test]
        public void AmsGrad_KeepsTheMaximumSecondMoment()
        {
            // Shrinking gradients (g² < v): v falls after step 1, so v̂max stays at its step-1 value.
            var adam = new Adam(0.1f, amsgrad: true);
            Parameter p = NewParameter();
            foreach (float g in new[] { 1f, 0.01f, 0.001f })
            {
                p.Gradient[0] = g;
                adam.Step(new[] { p });
            }
            var state = adam.ExportState();
            float vhat = 0, v = 0;
            foreach (var slot in state.Slots)
            {
                if (slot.Name == "vhat") vhat = slot.Value.Data[0];
                if (slot.Name == "v") v = slot.Value.Data[0];
            }

            // 1 − β2 is 1 − 0.999f = 0.00099998713 in float, 1.3e-8 from 0.001.
            Assert.That(vhat, Is.EqualTo(0.001).Within(1e-7), "v after step 1 = (1 − β2)·1²");
            Assert.That(v, Is.LessThan(vhat));
        }

        // ---- behaviours the fit loop relies on ------------------------------------------------------------------

        [Test]
        public void Step_SkipsFrozenParameters_AndKeepsNoStateForThem([Values("sgd", "rmsprop", "adagrad", "adam", "adamw")] string name)
        {
            Optimizer optimizer = Optimizers.FromName(name, 0.1f);
            Parameter frozen = NewParameter("frozen");
            frozen.Trainable = false;
            frozen.Gradient[0] = 1f;
            Parameter live = NewParameter("live");
            live.Gradient[0] = 1f;

            optimizer.Step(new[] { frozen, live });

            Assert.That(frozen.Value.Data, Is.EqualTo(new[] { 1f, -2f }));
            Assert.That(live.Value.Data[0], Is.Not.EqualTo(1f));
            foreach (var slot in optimizer.ExportState().Slots) Assert.That(slot.Weight, Is.EqualTo("live"));
        }

        [Test]
        public void WeightDecay_SkipsParametersWithDecayOff([Values("sgd", "adam", "adamw", "rmsprop", "adagrad")] string name)
        {
            Optimizer decayed = Optimizers.FromName(name, 0.1f);
            decayed.WeightDecay = 0.5f;
            Optimizer plain = Optimizers.FromName(name, 0.1f);
            plain.WeightDecay = 0f;
            Parameter exempt = NewParameter(), reference = NewParameter();
            exempt.Decay = false;
            exempt.Gradient[0] = reference.Gradient[0] = 0.3f;

            decayed.Step(new[] { exempt });
            plain.Step(new[] { reference });

            TrainingAssert.BitExact(reference.Value.Data, exempt.Value.Data, name + ": exempt parameter vs no decay");
        }

        [Test]
        public void Step_LeavesGradientsUntouched()
        {
            Parameter p = NewParameter();
            p.Gradient[0] = 0.5f;
            p.Gradient[1] = -0.25f;

            new Adam(0.1f).Step(new[] { p });

            Assert.That(p.Gradient, Is.EqualTo(new[] { 0.5f, -0.25f }));
        }

        [Test]
        public void Iterations_CountsSteps_AndUpdateNeedsBeginStep()
        {
            var adam = new Adam();
            Parameter p = NewParameter();

            Assert.That(() => adam.Update(p), Throws.InvalidOperationException);
            adam.BeginStep();
            adam.Update(p);
            adam.Step(new[] { p });
            Assert.That(adam.Iterations, Is.EqualTo(2));
            adam.ResetState();
            Assert.That(adam.Iterations, Is.EqualTo(0));
        }

        [Test]
        public void BeginStepThenUpdate_EqualsStep_ForTimeSlicing()
        {
            var whole = new Adam(0.1f);
            var sliced = new Adam(0.1f);
            Parameter a1 = NewParameter("a"), b1 = NewParameter("b"), a2 = NewParameter("a"), b2 = NewParameter("b");
            for (int t = 0; t < 3; t++)
            {
                foreach (Parameter p in new[] { a1, b1, a2, b2 })
                {
                    p.Gradient[0] = (float)s_gradients[t][0];
                    p.Gradient[1] = (float)s_gradients[t][1];
                }
                whole.Step(new[] { a1, b1 });
                sliced.BeginStep();
                sliced.Update(a2);   // e.g. one frame
                sliced.Update(b2);   // the next frame
            }

            TrainingAssert.BitExact(a1.Value.Data, a2.Value.Data, "a");
            TrainingAssert.BitExact(b1.Value.Data, b2.Value.Data, "b");
        }

        [Test]
        public void Step_AllocatesNothing_AfterTheFirstStep()
        {
            var optimizers = new Optimizer[]
            {
                new Adam(0.01f, amsgrad: true, weightDecay: 0.1f), new AdamW(0.01f), new RmsProp(0.01f, momentum: 0.9f, centered: true),
                new Sgd(0.01f, 0.9f, true), new Adagrad(0.01f),
            };
            var parameters = new[] { NewParameter("a"), NewParameter("b") };
            foreach (Optimizer o in optimizers) o.Step(parameters);   // allocates the slots

            long allocated = AllocationCounter.Measure(() =>
            {
                for (int i = 0; i < 100; i++)
                    foreach (Optimizer o in optimizers) o.Step(parameters);
            });

            Assert.That(allocated, Is.EqualTo(0L), "bytes allocated by 500 optimizer steps");
        }

        [TestCase("sgd", typeof(Sgd), 0.01f)]
        [TestCase("RMSprop", typeof(RmsProp), 0.001f)]
        [TestCase("adagrad", typeof(Adagrad), 0.001f)]
        [TestCase("Adam", typeof(Adam), 0.001f)]
        [TestCase("adam_w", typeof(AdamW), 0.001f)]
        public void FromName_UsesKerasDefaults(string name, Type type, float learningRate)
        {
            Optimizer o = Optimizers.FromName(name);

            Assert.That(o, Is.InstanceOf(type));
            Assert.That(o.LearningRate, Is.EqualTo(learningRate));
            Assert.That(Optimizers.FromName(name, 0.5f).LearningRate, Is.EqualTo(0.5f));
        }

        [Test]
        public void FromName_RejectsUnknownNames()
        {
            Assert.That(() => Optimizers.FromName("lbfgs"), Throws.ArgumentException.With.Message.Contains("lbfgs"));
        }

        [Test]
        public void Hyperparameters_RejectOutOfRangeValues()
        {
            Assert.That(() => new Adam(beta1: 1f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Sgd(momentum: -0.1f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new RmsProp(rho: 1f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Adam().LearningRate = float.NaN, Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
