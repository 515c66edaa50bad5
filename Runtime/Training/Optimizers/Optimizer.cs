// Base of the optimizers: step counting, per-parameter slot storage keyed by parameter name, frozen/decay handling and
// export/import of the resumable state as Recurrent.Formats.OptimizerState. The update rules live in the subclasses.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Formats;

namespace Recurrent.Training
{
    /// <summary>
    /// Updates <see cref="Parameter.Value"/> in place from <see cref="Parameter.Gradient"/> (which it does not zero).
    /// Frozen parameters (<see cref="Parameter.Trainable"/> false) are skipped and keep no state; parameters with
    /// <see cref="Parameter.Decay"/> false get no weight decay. A step is <see cref="BeginStep"/> followed by
    /// <see cref="Update"/> for each parameter (so a frame-budgeted loop can spread one step over several frames), or
    /// simply <see cref="Step"/>. Slots are allocated on a parameter's first update; later steps allocate nothing.
    /// </summary>
    public abstract class Optimizer
    {
        private readonly Dictionary<string, OptimizerSlotSet> _slots = new Dictionary<string, OptimizerSlotSet>(StringComparer.Ordinal);
        private float _learningRate;
        private float _weightDecay;

        protected Optimizer(float learningRate, float weightDecay)
        {
            LearningRate = learningRate;
            WeightDecay = weightDecay;
        }

        /// <summary>The registry name written to model files ("sgd", "rmsprop", "adagrad", "adam", "adamw").</summary>
        public abstract string Kind { get; }

        /// <summary>The current learning rate; a schedule or ReduceLearningRateOnPlateau sets it between steps.</summary>
        public float LearningRate
        {
            get => _learningRate;
            set
            {
                if (!(value >= 0f) || float.IsInfinity(value))
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(LearningRate), $"Learning rate must be finite and ≥ 0 (got {value}).");
                _learningRate = value;
            }
        }

        /// <summary>
        /// Weight decay factor. Coupled L2 (g += wd·w, PyTorch's weight_decay) in SGD, RMSprop, Adagrad and Adam;
        /// decoupled (w −= lr·wd·w) in AdamW. Parameters with Decay = false are exempt.
        /// </summary>
        public float WeightDecay
        {
            get => _weightDecay;
            set
            {
                if (!(value >= 0f) || float.IsInfinity(value))
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(WeightDecay), $"Weight decay must be finite and ≥ 0 (got {value}).");
                _weightDecay = value;
            }
        }

        /// <summary>Steps begun so far; during step t (1-based, as in the Adam paper) this is t.</summary>
        public long Iterations { get; private set; }

        /// <summary>One full step: <see cref="BeginStep"/>, then <see cref="Update"/> for every parameter.</summary>
        public void Step(IReadOnlyList<Parameter> parameters)
        {
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            BeginStep();
            for (int i = 0; i < parameters.Count; i++) Update(parameters[i]);
        }

        /// <summary>Starts step t = Iterations + 1 (bias corrections and other per-step scalars are computed here).</summary>
        public void BeginStep()
        {
            Iterations++;
            OnBeginStep(Iterations);
        }

        /// <summary>Applies the current step to one parameter; frozen parameters are skipped.</summary>
        public void Update(Parameter parameter)
        {
            if (parameter is null) throw new ArgumentNullException(nameof(parameter));
            if (!parameter.Trainable) return;
            if (Iterations == 0) ThrowHelper.ThrowInvalidOperation("Call BeginStep before Update.");
            OptimizerSlotSet set = SlotsFor(parameter);
            bool first = set.Updates == 0;
            set.Updates++;
            UpdateCore(parameter.Value.Data, parameter.Gradient, set.Values, first, parameter.Decay ? WeightDecay : 0f);
            parameter.ApplyHeldZeros();   // e.g. a single-bias layer's Rb: no step, state or decay moves it
        }

        /// <summary>Forgets every slot and sets <see cref="Iterations"/> to 0 (hyperparameters stay).</summary>
        public void ResetState()
        {
            _slots.Clear();
            Iterations = 0;
        }

        /// <summary>A copy of the resumable state: kind, step count, hyperparameters and every allocated slot.</summary>
        public OptimizerState ExportState()
        {
            var state = new OptimizerState { Kind = Kind, Step = Iterations };
            state.Hyperparameters["learning_rate"] = LearningRate;
            state.Hyperparameters["weight_decay"] = WeightDecay;
            WriteHyperparameters(state.Hyperparameters);
            var names = new List<string>(_slots.Keys);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                OptimizerSlotSet set = _slots[name];
                for (int s = 0; s < set.Values.Length; s++)
                {
                    float[]? values = set.Values[s];
                    if (values is null) continue;
                    state.Slots.Add(new OptimizerSlot(name, SlotName(s), new Tensor(set.Shape, (float[])values.Clone())));
                }
            }
            return state;
        }

        /// <summary>
        /// Replaces the state with <paramref name="state"/>: its step count, the hyperparameters it names (others keep
        /// their values; unknown keys are ignored) and copies of its slots, bound by name to parameters on their next
        /// update (where a length mismatch throws).
        /// </summary>
        public void ImportState(OptimizerState state)
        {
            if (state is null) throw new ArgumentNullException(nameof(state));
            if (!string.Equals(state.Kind, Kind, StringComparison.OrdinalIgnoreCase))
                ThrowHelper.ThrowArgument(nameof(state), $"The state is for optimizer '{state.Kind}', not '{Kind}'.");
            if (state.Step < 0) ThrowHelper.ThrowArgument(nameof(state), $"Step must not be negative (got {state.Step}).");
            var h = state.Hyperparameters ?? new Dictionary<string, double>();
            var slots = new Dictionary<string, OptimizerSlotSet>(StringComparer.Ordinal);
            if (state.Slots != null)
            {
                foreach (OptimizerSlot slot in state.Slots)
                {
                    if (slot is null) ThrowHelper.ThrowArgument(nameof(state), "The state holds a null slot.");
                    int index = SlotIndex(slot.Name);
                    if (index < 0)
                        ThrowHelper.ThrowArgument(nameof(state), $"Optimizer '{Kind}' has no slot '{slot.Name}' (weight '{slot.Weight}').");
                    if (!slots.TryGetValue(slot.Weight, out OptimizerSlotSet? set))
                    {
                        set = new OptimizerSlotSet(SlotCount, slot.Value.Shape, slot.Value.Length) { Updates = state.Step };
                        slots.Add(slot.Weight, set);
                    }
                    if (slot.Value.Length != set.Length)
                        ThrowHelper.ThrowArgument(nameof(state), $"Slots of '{slot.Weight}' disagree in length ({slot.Value.Length} vs {set.Length}).");
                    if (set.Values[index] != null)
                        ThrowHelper.ThrowArgument(nameof(state), $"Slot '{slot.Name}' of '{slot.Weight}' appears twice.");
                    set.Values[index] = (float[])slot.Value.Data.Clone();
                }
            }

            if (h.TryGetValue("learning_rate", out double lr)) LearningRate = (float)lr;
            if (h.TryGetValue("weight_decay", out double wd)) WeightDecay = (float)wd;
            ReadHyperparameters(h);
            _slots.Clear();
            foreach (KeyValuePair<string, OptimizerSlotSet> kv in slots) _slots.Add(kv.Key, kv.Value);
            Iterations = state.Step;
        }

        /// <summary>Number of slot kinds (Adam: m, v, vhat).</summary>
        protected abstract int SlotCount { get; }

        /// <summary>The file name of slot <paramref name="index"/> ("m", "v", "momentum", ...).</summary>
        protected abstract string SlotName(int index);

        /// <summary>Whether the current hyperparameters use slot <paramref name="index"/> (momentum only when μ > 0).</summary>
        protected virtual bool UsesSlot(int index) => true;

        /// <summary>A new slot's fill value (Adagrad's initial accumulator; 0 otherwise).</summary>
        protected virtual float SlotInitialValue(int index) => 0f;

        /// <summary>Computes the per-step scalars of step <paramref name="step"/> (1-based).</summary>
        protected virtual void OnBeginStep(long step) { }

        /// <summary>Updates <paramref name="w"/> from <paramref name="g"/> and the slots of one parameter.</summary>
        /// <param name="w">[L] the parameter's values, updated in place.</param>
        /// <param name="g">[L] its gradient (read only).</param>
        /// <param name="slots">[SlotCount] arrays of [L], allocated where <see cref="UsesSlot"/> holds, else null.</param>
        /// <param name="firstUpdate">Whether this parameter has never been updated (and has no imported state).</param>
        /// <param name="weightDecay">The decay to apply: <see cref="WeightDecay"/>, or 0 for exempt parameters.</param>
        protected abstract void UpdateCore(Span<float> w, ReadOnlySpan<float> g, float[]?[] slots, bool firstUpdate, float weightDecay);

        /// <summary>Adds the optimizer's own hyperparameters (flags as 0/1, the convention as its enum value).</summary>
        protected abstract void WriteHyperparameters(IDictionary<string, double> hyperparameters);

        /// <summary>Reads back those present in <paramref name="hyperparameters"/>.</summary>
        protected abstract void ReadHyperparameters(IReadOnlyDictionary<string, double> hyperparameters);

        /// <summary>Reads a convention written by <see cref="WriteHyperparameters"/>.</summary>
        protected static OptimizerConvention ReadConvention(IReadOnlyDictionary<string, double> h, OptimizerConvention current)
        {
            if (!h.TryGetValue("convention", out double v)) return current;
            if (v == 0) return OptimizerConvention.Keras;
            if (v == 1) return OptimizerConvention.PyTorch;
            ThrowHelper.ThrowArgument("state", $"Unknown optimizer convention {v}.");
            return current;
        }

        private int SlotIndex(string name)
        {
            for (int s = 0; s < SlotCount; s++)
                if (string.Equals(SlotName(s), name, StringComparison.Ordinal)) return s;
            return -1;
        }

        private OptimizerSlotSet SlotsFor(Parameter parameter)
        {
            if (!_slots.TryGetValue(parameter.Name, out OptimizerSlotSet? set))
            {
                set = new OptimizerSlotSet(SlotCount, parameter.Shape, parameter.Length);
                _slots.Add(parameter.Name, set);
            }
            else if (set.Length != parameter.Length)
            {
                ThrowLengthMismatch(parameter, set.Length);
            }
            float[]?[] values = set.Values;
            for (int s = 0; s < values.Length; s++)
            {
                if (values[s] is null && UsesSlot(s))
                {
                    var a = new float[set.Length];
                    float init = SlotInitialValue(s);
                    if (init != 0f) a.AsSpan().Fill(init);
                    values[s] = a;
                }
            }
            return set;
        }

        private static void ThrowLengthMismatch(Parameter parameter, int stateLength) =>
            ThrowHelper.ThrowArgument(nameof(parameter),
                $"Optimizer state for '{parameter.Name}' holds {stateLength} values but the parameter has {parameter.Length}.");
    }
}
