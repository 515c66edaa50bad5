// Everything a model needs besides its weights to turn raw input into model input and outputs into answers, as plain
// data: tokenizer, scaler, stroke and window settings and the class labels. A Model carries it and the model file
// stores it; the Recurrent.Pipelines helpers apply it at inference. Nothing here runs a model.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Data
{
    /// <summary>The preprocessing a model was trained with (every part optional), saved with it in the model file.</summary>
    /// <remarks>
    /// Attach it with <c>Model.WithPreprocessing</c> (or <c>ModelBuilder.Build</c>); <c>ModelFile.Save</c> writes it and
    /// <c>ModelFile.Load</c> returns it as <c>Model.Preprocessing</c>. A model checks that its preprocessing fits it
    /// (vocabulary size = embedding rows, scaler and stroke widths = input features, labels = outputs, …) and that each
    /// part is well-formed, so a model never carries preprocessing that cannot be applied.
    /// </remarks>
    public sealed class PreprocessingSettings
    {
        /// <summary>Text → token ids: the trained vocabulary, BPE merges and special tokens (<see cref="ITokenizer.Describe"/>).</summary>
        public TokenizerSettings? Tokenizer { get; set; }

        /// <summary>Per-feature scaling of float input with its fitted statistics (<see cref="IFeatureScaler.Describe"/>).</summary>
        public ScalerSettings? Scaler { get; set; }

        /// <summary>Touch / pen points → per-point features (<see cref="StrokePreprocessor.Describe"/>).</summary>
        public StrokeSettings? Stroke { get; set; }

        /// <summary>The windows a forecasting model was trained on (<see cref="WindowedSeries.Describe"/>).</summary>
        public WindowSettings? Window { get; set; }

        /// <summary>Class names; index = output index.</summary>
        public List<string>? Labels { get; set; }

        /// <summary>True when no part is set.</summary>
        public bool IsEmpty => Tokenizer is null && Scaler is null && Stroke is null && Window is null && Labels is null;

        /// <summary>A deep copy: changing it (or the settings it holds) does not change this one.</summary>
        public PreprocessingSettings Clone() => new PreprocessingSettings
        {
            Tokenizer = Tokenizer?.Clone(),
            Scaler = Scaler?.Clone(),
            Stroke = Stroke?.Clone(),
            Window = Window?.Clone(),
            Labels = Labels is null ? null : new List<string>(Labels),
        };

        /// <summary>
        /// The first reason these settings cannot be applied to a model with the given input and output, or null when they
        /// can. <paramref name="part"/> names the part ("tokenizer", "scaler", "stroke", "window", "labels"). Each part is
        /// checked by building it (so a broken vocabulary or merge list is found here), then against the model's sizes.
        /// </summary>
        internal string? FindProblem(bool takesTokens, int inputSize, int outputSize, out string part)
        {
            part = "tokenizer";
            if (Tokenizer != null)
            {
                string? problem = Build(() => Data.Tokenizer.FromDescription(Tokenizer));
                if (problem != null) return problem;
                int v = Tokenizer.Vocabulary.Count;
                if (v != inputSize)
                {
                    return takesTokens
                        ? $"the tokenizer has {Count(v, "token")} but the model's embedding has {Count(inputSize, "row")} (one per token id); save the tokenizer the model was trained with"
                        : $"the tokenizer has {Count(v, "token")} but the model takes {Count(inputSize, "feature")} per step (a tokenizer needs an embedding with one row per token, or one-hot input of one feature per token)";
                }
            }

            part = "scaler";
            if (Scaler != null)
            {
                if (takesTokens) return "the model takes token ids; a scaler needs a model over float features";
                string? problem = Build(() => FeatureScaler.FromDescription(Scaler));
                if (problem != null) return problem;
                if (Scaler.FeatureCount != inputSize)
                    return $"the scaler has {Count(Scaler.FeatureCount, "feature")} but the model takes {Count(inputSize, "feature")} per step";
            }

            part = "stroke";
            if (Stroke != null)
            {
                if (takesTokens) return "the model takes token ids; stroke features need a model over float features";
                string? problem = Build(() => new StrokePreprocessor(Stroke));
                if (problem != null) return problem;
                if (Stroke.Features.Count != inputSize)
                    return $"the stroke settings give {Count(Stroke.Features.Count, "feature")} per point but the model takes {Count(inputSize, "feature")} per step";
            }

            part = "window";
            if (Window != null)
            {
                if (takesTokens) return "the model takes token ids; forecasting windows need a model over float features";
                if (Window.Length < 0) return $"the window length {Window.Length} is negative";
                if (Window.Horizon < 1) return $"the horizon {Window.Horizon} is not positive";
                int[]? targets = Window.TargetFeatures;
                if (targets != null)
                {
                    if (targets.Length == 0) return "the window lists no target features (leave it null for all features)";
                    for (int j = 0; j < targets.Length; j++)
                        if ((uint)targets[j] >= (uint)inputSize)
                            return $"target feature {targets[j]} is not one of the model's {Count(inputSize, "input feature")}";
                }
                long values = (long)Window.Horizon * (targets?.Length ?? inputSize);
                if (values != outputSize)
                    return $"the window predicts {Count(Window.Horizon, "step")} of {Count(targets?.Length ?? inputSize, "feature")} ({values} values) but the model outputs {outputSize}";
            }

            part = "labels";
            if (Labels != null)
            {
                for (int i = 0; i < Labels.Count; i++)
                    if (Labels[i] is null) return $"label {i} is null";
                if (Labels.Count != outputSize)
                    return $"the model outputs {Count(outputSize, "value")} per step but {Count(Labels.Count, "label")} {(Labels.Count == 1 ? "is" : "are")} given";
            }

            part = "";
            return null;
        }

        private static string? Build(Func<object> create)
        {
            try
            {
                create();
                return null;
            }
            catch (ArgumentException e)
            {
                return Reason(e);
            }
            catch (InvalidOperationException e)
            {
                return Reason(e);
            }
        }

        /// <summary>The exception's own sentence, without the runtime's "(Parameter 'x')" / "Parameter name: x" suffix.</summary>
        private static string Reason(Exception e)
        {
            string message = e.Message;
            int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (cut > 0) message = message.Substring(0, cut);
            cut = message.IndexOf('\n');
            if (cut > 0) message = message.Substring(0, cut).TrimEnd('\r');
            return message;
        }

        private static string Count(int n, string noun) =>
            n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");
    }
}
