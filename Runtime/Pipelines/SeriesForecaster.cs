// Time-series forecasting with the scaler and window saved in the model: raw history rows in → scaler → model →
// inverse-transformed forecast in the series' own units. Batch path; buffers are reused, so steady state allocates nothing.
using System;
using System.Collections.Generic;
using Recurrent.Core;
using Recurrent.Data;

namespace Recurrent.Pipelines
{
    /// <summary>Forecasts the next steps of a series with a model and the scaling and windowing it was trained with.</summary>
    /// <remarks>
    /// Input rows hold the F series features (the model's input size), in raw units. The model sees the last T rows
    /// (<see cref="WindowSettings.Length"/>; all rows when it is 0 or absent), scaled by the saved scaler when there is
    /// one. Its output after the last row ([H · Ft], horizon step h of target j at h · Ft + j, as <see cref="Windowing"/>
    /// lays out targets) is inverse-transformed with the target features' scaler columns. Without saved window settings,
    /// every feature is a target and H = O / F. Not thread-safe (it reuses its buffers).
    /// <code>
    /// var forecaster = new SeriesForecaster(ModelFile.Load("sales.rmodel").Model);
    /// float[] next = forecaster.Forecast(lastRows);   // [H · Ft] in the series' units
    /// </code>
    /// </remarks>
    public sealed class SeriesForecaster
    {
        private readonly int[] _targets;
        private BatchRunner? _runner;
        private float[] _input = Array.Empty<float>();   // [T, F] scaled
        private float[] _output = Array.Empty<float>();  // [T, O] or [O]

        /// <summary>Compiles <paramref name="model"/> (see <see cref="SeriesForecaster(InferenceModel)"/>).</summary>
        public SeriesForecaster(Model model)
            : this(new InferenceModel(model ?? throw new ArgumentNullException(nameof(model))))
        {
        }

        /// <summary>A forecaster over a compiled model, with the scaler and window of its <see cref="Model.Preprocessing"/> when saved.</summary>
        /// <exception cref="ArgumentException">The model takes token ids, or its output does not match the saved window.</exception>
        public SeriesForecaster(InferenceModel model)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Model m = model.Model;
            if (m.InputKind != ModelInputKind.Features)
                ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' takes token ids; a forecaster needs a model over float features.");
            int f = m.InputSize, o = m.OutputSize;
            PreprocessingSettings? p = m.Preprocessing;
            if (p?.Scaler != null)
            {
                Scaler = FeatureScaler.FromDescription(p.Scaler);
                if (Scaler.FeatureCount != f)
                    ThrowHelper.ThrowArgument(nameof(model), $"The scaler of model '{m.Name}' has {Scaler.FeatureCount} features but the model takes {f}.");
            }
            WindowSettings? window = p?.Window;
            if (window != null)
            {
                _targets = window.TargetFeatures is null ? AllFeatures(f) : (int[])window.TargetFeatures.Clone();
                WindowLength = window.Length;
                Horizon = window.Horizon;
                foreach (int j in _targets)
                    if ((uint)j >= (uint)f) ThrowHelper.ThrowArgument(nameof(model), $"Target feature {j} of model '{m.Name}' is not one of its {f} features.");
                if (Horizon < 1 || WindowLength < 0 || (long)Horizon * _targets.Length != o)
                    ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' outputs {o} values, but its window predicts {Horizon} steps of {_targets.Length} features.");
            }
            else
            {
                if (o % f != 0)
                    ThrowHelper.ThrowArgument(nameof(model), $"Model '{m.Name}' outputs {o} values, which are not whole steps of its {f} features; " +
                        "save its WindowSettings (windows.Describe()) to name the target features.");
                _targets = AllFeatures(f);
                Horizon = o / f;
            }
        }

        /// <summary>The compiled model.</summary>
        public InferenceModel Model { get; }

        /// <summary>The saved scaler, or null when the model takes raw values.</summary>
        public IFeatureScaler? Scaler { get; }

        /// <summary>F: features per history row.</summary>
        public int FeatureCount => Model.InputSize;

        /// <summary>T: the history rows the model reads (the last ones given); 0 when it reads all of them.</summary>
        public int WindowLength { get; }

        /// <summary>H: future steps per forecast.</summary>
        public int Horizon { get; }

        /// <summary>The series features forecast at each step, in output order.</summary>
        public IReadOnlyList<int> TargetFeatures => _targets;

        /// <summary>H · Ft: values per forecast.</summary>
        public int ForecastLength => Horizon * _targets.Length;

        /// <summary>
        /// Writes the forecast [H · Ft] (raw units) after <paramref name="history"/>: row-major [N, F] raw rows, oldest
        /// first, N ≥ <see cref="WindowLength"/> (at least one row).
        /// </summary>
        public void Forecast(ReadOnlySpan<float> history, Span<float> forecast)
        {
            int f = FeatureCount;
            ThrowHelper.CheckExactLength(forecast.Length, ForecastLength, nameof(forecast));
            if (history.Length % f != 0)
                ThrowHelper.ThrowArgument(nameof(history), $"{history.Length} values are not whole rows of {f} features.");
            int rows = history.Length / f;
            int t = WindowLength > 0 ? WindowLength : rows;
            if (rows < Math.Max(1, t))
                ThrowHelper.ThrowArgument(nameof(history), $"The model reads the last {Math.Max(1, t)} rows, but the history holds {rows}.");
            ReadOnlySpan<float> window = history.Slice((rows - t) * f, t * f);

            if (_input.Length < window.Length) _input = new float[Math.Max(window.Length, 2 * _input.Length)];
            Span<float> input = _input.AsSpan(0, window.Length);
            if (Scaler != null) Scaler.Transform(window, input);
            else window.CopyTo(input);

            _runner ??= Model.CreateBatchRunner();
            int length = _runner.OutputLength(1, t);
            if (_output.Length < length) _output = new float[Math.Max(length, 2 * _output.Length)];
            Span<float> output = _output.AsSpan(0, length);
            _runner.Run(input, 1, t, default, output);
            int o = Model.OutputSize;
            ReadOnlySpan<float> last = output.Slice(Model.OutputIsSequence ? (t - 1) * o : 0, o);
            if (Scaler != null) Scaler.InverseTransformColumns(last, forecast, _targets);
            else last.CopyTo(forecast);
        }

        /// <summary>The forecast [H · Ft] (raw units) after <paramref name="history"/> as a new array.</summary>
        public float[] Forecast(ReadOnlySpan<float> history)
        {
            var forecast = new float[ForecastLength];
            Forecast(history, forecast);
            return forecast;
        }

        private static int[] AllFeatures(int f)
        {
            var all = new int[f];
            for (int j = 0; j < f; j++) all[j] = j;
            return all;
        }
    }
}
