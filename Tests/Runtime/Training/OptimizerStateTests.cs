// Saving and resuming training: ExportState/ImportState (and Optimizers.FromState) must continue exactly where the
// optimizer stopped, copy rather than share buffers, and refuse state that does not fit.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Formats;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class OptimizerStateTests
    {
        private static Optimizer Configured(string kind)
        {
            switch (kind)
            {
                case "sgd": return new Sgd(0.05f, 0.9f, nesterov: true, weightDecay: 0.01f, convention: OptimizerConvention.PyTorch, dampening: 0.1f);
                case "rmsprop": return new RmsProp(0.01f, 0.8f, 0.5f, 1e-4f, centered: true, convention: OptimizerConvention.PyTorch);
                case "adagrad": return new Adagrad(0.1f, 0.2f, 1e-5f, convention: OptimizerConvention.PyTorch);
                case "adam": return new Adam(0.01f, 0.8f, 0.99f, 1e-3f, amsgrad: true, weightDecay: 0.02f, convention: OptimizerConvention.PyTorch);
                default: return new AdamW(0.01f, 0.05f, 0.85f, 0.995f, 1e-4f, amsgrad: true);
            }
        }

        private static Parameter[] NewParameters() => new[]
        {
            new Parameter("lstm_1/W", new Tensor(new[] { 0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f }, 3, 2)),
            new Parameter("dense_1/bias", new Tensor(new[] { 1f, -1f }, 2)) { Decay = false },
        };

        private static void SetGradients(Parameter[] parameters, int step)
        {
            foreach (Parameter p in parameters)
                for (int i = 0; i < p.Length; i++) p.Gradient[i] = (float)Math.Sin(1 + 3 * step + 0.7 * i) * (p.Name.Length % 3 + 1);
        }

        [Test]
        public void ExportThenImport_ContinuesBitExactly([Values("sgd", "rmsprop", "adagrad", "adam", "adamw")] string kind)
        {
            Optimizer continuous = Configured(kind);
            Parameter[] a = NewParameters();
            for (int t = 0; t < 5; t++)
            {
                SetGradients(a, t);
                continuous.Step(a);
            }

            Optimizer first = Configured(kind);
            Parameter[] b = NewParameters();
            for (int t = 0; t < 3; t++)
            {
                SetGradients(b, t);
                first.Step(b);
            }
            OptimizerState saved = first.ExportState();
            Optimizer resumed = Optimizers.FromState(saved);   // defaults replaced by the saved hyperparameters
            for (int t = 3; t < 5; t++)
            {
                SetGradients(b, t);
                resumed.Step(b);
            }

            Assert.That(resumed.Iterations, Is.EqualTo(5));
            for (int p = 0; p < a.Length; p++) TrainingAssert.BitExact(a[p].Value.Data, b[p].Value.Data, $"{kind} {a[p].Name}");
        }

        [Test]
        public void ExportState_NamesKindStepHyperparametersAndSlots()
        {
            var adam = new Adam(0.01f, amsgrad: true);
            Parameter[] ps = NewParameters();
            SetGradients(ps, 0);
            adam.Step(ps);

            OptimizerState state = adam.ExportState();

            Assert.That(state.Kind, Is.EqualTo("adam"));
            Assert.That(state.Step, Is.EqualTo(1));
            Assert.That(state.Hyperparameters["learning_rate"], Is.EqualTo(0.01f));
            Assert.That(state.Hyperparameters["beta_1"], Is.EqualTo(0.9f));
            Assert.That(state.Hyperparameters["amsgrad"], Is.EqualTo(1.0));
            var names = new List<string>();
            foreach (OptimizerSlot slot in state.Slots) names.Add(slot.Weight + ":" + slot.Name);
            Assert.That(names, Is.EquivalentTo(new[]
            {
                "lstm_1/W:m", "lstm_1/W:v", "lstm_1/W:vhat", "dense_1/bias:m", "dense_1/bias:v", "dense_1/bias:vhat",
            }));
            OptimizerSlot w = state.Slots.Find(s => s.Weight == "lstm_1/W" && s.Name == "m")!;
            Assert.That(w.Value.Shape, Is.EqualTo(new TensorShape(3, 2)), "slots keep the parameter's shape");
        }

        [Test]
        public void ExportState_ReturnsCopies()
        {
            var sgd = new Sgd(0.1f, 0.9f);
            Parameter[] ps = NewParameters();
            SetGradients(ps, 0);
            sgd.Step(ps);
            OptimizerState state = sgd.ExportState();
            float before = state.Slots[0].Value.Data[0];

            sgd.Step(ps);

            Assert.That(state.Slots[0].Value.Data[0], Is.EqualTo(before), "a later step must not change an exported state");
        }

        [Test]
        public void ImportState_RejectsAnotherOptimizersState()
        {
            OptimizerState state = new Sgd().ExportState();

            Assert.That(() => new Adam().ImportState(state), Throws.ArgumentException.With.Message.Contains("sgd"));
        }

        [Test]
        public void ImportState_RejectsUnknownSlotNames()
        {
            var state = new OptimizerState { Kind = "adam", Step = 1 };
            state.Slots.Add(new OptimizerSlot("w", "momentum", new Tensor(new float[2], 2)));

            Assert.That(() => new Adam().ImportState(state), Throws.ArgumentException.With.Message.Contains("momentum"));
        }

        [Test]
        public void ImportedSlot_WithWrongLength_IsRejectedAtTheParametersNextUpdate()
        {
            var state = new OptimizerState { Kind = "adagrad", Step = 1 };
            state.Slots.Add(new OptimizerSlot("w", "accumulator", new Tensor(new float[3], 3)));
            var adagrad = new Adagrad();
            adagrad.ImportState(state);
            var p = new Parameter("w", new Tensor(new float[2], 2));

            Assert.That(() => adagrad.Step(new[] { p }), Throws.ArgumentException.With.Message.Contains("'w'"));
        }
    }
}
