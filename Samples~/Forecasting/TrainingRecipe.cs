// The issue's recipe (RNN(32) + Dense(1), MSE, Adam, 20 epochs, batch 32) and the knobs it leaves free: learning rate
// and schedule, initialisation (Runtime ModelInitialization), Keras' single bias, input/target scaling (Runtime/Data
// scalers), clipping, shuffling.
// Training is Trainer.Fit; scoring, the references and the printing are the caller's.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using Recurrent.Core;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Training;

namespace Recurrent.Samples.Forecasting
{
    internal enum ScheduleKind { Constant, Cosine }

    internal enum ScalingKind { None, Standard, MinMax }

    internal enum InitKind { Keras, PyTorch, Irnn }

    /// <summary>One model's run on one draw: per-epoch curves and the test MSE, all in the series' own units.</summary>
    internal sealed record ModelRun(string Kind, double[] TrainLoss, double[] ValLoss, double TestMse, double Seconds, long Parameters);

    internal sealed class TrainingRecipe
    {
        public const int Units = 32;
        public const int BatchSize = 32;
        public static readonly string[] Kinds = { "rnn", "lstm", "gru" };

        public int Epochs { get; set; } = 20;
        public float LearningRate { get; set; } = 1e-3f;
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Constant;
        public ScalingKind Scaling { get; set; } = ScalingKind.None;
        public InitKind Init { get; set; } = InitKind.Keras;
        /// <summary>
        /// Keras' one recurrent bias (RecurrentLayer.SingleBias: Rb held at 0) instead of ONNX's two trained biases,
        /// whose sum moves twice as far per Adam step.
        /// </summary>
        public bool SingleBias { get; set; } = true;
        public float? ClipNorm { get; set; }
        public bool Shuffle { get; set; } = true;

        /// <summary>
        /// The best learning rate and schedule per model found on noise draws 1–10 (README.md) and confirmed on draws
        /// 11–30: SimpleRNN Adam 1e-2 with cosine decay, LSTM the plain 1e-3, GRU 2e-2 with cosine decay. Every other
        /// setting is copied from <paramref name="basis"/>.
        /// </summary>
        public static TrainingRecipe Tuned(string kind, TrainingRecipe basis)
        {
            var r = (TrainingRecipe)basis.MemberwiseClone();
            (r.LearningRate, r.Schedule) = kind switch
            {
                "rnn" => (1e-2f, ScheduleKind.Cosine),
                "gru" => (2e-2f, ScheduleKind.Cosine),
                _ => (1e-3f, ScheduleKind.Constant),
            };
            return r;
        }

        public static string Label(string kind) => kind == "rnn" ? "SimpleRNN" : kind.ToUpperInvariant();

        public string Describe(string kind) =>
            $"Adam({LearningRate:G3}{(Schedule == ScheduleKind.Cosine ? ", cosine decay to 0" : "")}), {Epochs} epochs, batch {BatchSize}, " +
            $"{Init switch { InitKind.Keras => "Keras", InitKind.PyTorch => "PyTorch", _ => "Keras (SimpleRNN: identity recurrent)" }} init, " +
            $"{(kind == "gru" ? "two biases (Keras reset_after)" : SingleBias ? "one bias (Keras)" : "two biases (ONNX)")}, scaling {Scaling.ToString().ToLowerInvariant()}" +
            $"{(ClipNorm.HasValue ? $", clipnorm {ClipNorm.Value:G3}" : "")}{(Shuffle ? "" : ", no shuffling")}";

        /// <summary>
        /// The model; <paramref name="singleBias"/> gives the SimpleRNN and LSTM Keras' one trained bias. The GRU is Keras'
        /// default reset_after=True form, which has two biases in Keras too.
        /// </summary>
        public static Model Build(string kind, ulong seed, bool singleBias)
        {
            var builder = new ModelBuilder(inputFeatures: 1, seed: seed);
            switch (kind)
            {
                case "rnn": builder.SimpleRnn(Units, ActivationKind.Relu, returnSequences: false, singleBias: singleBias); break;
                case "lstm": builder.Lstm(Units, returnSequences: false, singleBias: singleBias); break;
                default: builder.Gru(Units, returnSequences: false); break;
            }
            return builder.Dense(1).Build(kind);
        }

        /// <summary>Builds, initialises and trains one model on <paramref name="data"/>; <paramref name="extra"/> sees every epoch.</summary>
        public ModelRun Run(string kind, ForecastSeries data, ulong seed, TrainingCallback? extra = null)
        {
            // Scaling: one affine map fitted on the training part of the series (the points the training windows and
            // targets cover), applied to inputs and targets alike. Losses are mapped back: MSE_original = MSE_scaled·a².
            SequenceDataset train = data.Train, test = data.Test;
            double lossFactor = 1;
            if (Scaling != ScalingKind.None)
            {
                ReadOnlySpan<float> seen = data.Series.AsSpan(0, data.FirstTestTarget);
                AffineFeatureScaler scaler = Scaling == ScalingKind.Standard ? StandardScaler.Fit(seen, 1) : MinMaxScaler.Fit(seen, 1);
                float[] unit = scaler.InverseTransform(new[] { 0f, 1f });
                lossFactor = Math.Pow(unit[1] - unit[0], 2);
                train = Scaled(train, scaler);
                test = Scaled(test, scaler);
            }

            Model model = Build(kind, seed, SingleBias);
            model.Initialize(Init == InitKind.PyTorch ? InitializationScheme.PyTorch : InitializationScheme.Keras, seed);
            if (Init == InitKind.Irnn && kind == "rnn") IdentityRecurrent(model);
            long steps = (long)Epochs * ((train.Count + BatchSize - 1) / BatchSize);
            var trainer = model.Compile(new Adam(LearningRate), new MeanSquaredError(), options: new TrainerOptions
            {
                Seed = seed,
                Shuffle = Shuffle,
                ClipNorm = ClipNorm,
                Schedule = Schedule == ScheduleKind.Cosine ? new CosineDecay(LearningRate, steps) : null,
            });
            var callbacks = extra != null ? new[] { extra } : Array.Empty<TrainingCallback>();

            // The test part is Fit's validation set only to record the per-epoch curve: nothing is decided on it.
            var clock = Stopwatch.StartNew();
            TrainingHistory history = trainer.Fit(train, Epochs, BatchSize, validation: test, callbacks: callbacks);
            clock.Stop();
            double testMse = trainer.Evaluate(test)["loss"] * lossFactor;
            double[] trainLoss = Scale(history.Values("loss"), lossFactor), valLoss = Scale(history.Values("val_loss"), lossFactor);
            return new ModelRun(kind, trainLoss, valLoss, testMse, clock.Elapsed.TotalSeconds, model.ParameterCount);
        }

        /// <summary>IRNN (Le, Jaitly &amp; Hinton 2015, for ReLU RNNs): the SimpleRNN's recurrent weights R [1, H, H] = I.</summary>
        private static void IdentityRecurrent(Model model)
        {
            foreach (var layer in model.Layers)
            {
                if (layer is RecurrentLayer r)
                {
                    var R = r.R.Data.AsSpan();
                    R.Clear();
                    for (int h = 0; h < r.HiddenSize; h++) R[h * r.HiddenSize + h] = 1f;
                }
            }
        }

        private static SequenceDataset Scaled(SequenceDataset d, AffineFeatureScaler scaler) =>
            SequenceDataset.FromFeatures(scaler.Transform(d.Inputs!), d.Count, d.Time, d.Features, scaler.Transform(d.Targets), d.TargetWidth);

        private static double[] Scale(IReadOnlyList<double> values, double factor)
        {
            var result = new double[values.Count];
            for (int i = 0; i < result.Length; i++) result[i] = values[i] * factor;
            return result;
        }
    }
}
