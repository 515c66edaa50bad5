// How a model file's one input and one output appear in the tool's JSON. A model built in code takes [B, T, I] (or
// token ids [B, T]) and gives "output" [B, T, O] or [B, O]. A model converted from ONNX keeps the graph's conventions,
// recorded by OnnxImporter in its metadata: the output's name and time-major [T, B, ...] tensors where the graph had
// them, so the same JSON runs the ONNX file and the converted model file alike.
using System;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal sealed class ModelFileLayout
    {
        /// <summary>The output's name when the model says none.</summary>
        public const string DefaultOutputName = "output";

        private const string TimeMajor = "time-major";

        private readonly Model _model;

        public ModelFileLayout(Model model)
        {
            _model = model;
            Tokens = model.InputKind == ModelInputKind.Tokens;
            TimeMajorInput = Is(model, OnnxImporter.InputLayoutKey, TimeMajor);
            TimeMajorOutput = model.OutputIsSequence && Is(model, OnnxImporter.OutputLayoutKey, TimeMajor);
            OutputName = model.Metadata.TryGetValue(OnnxImporter.OutputNameKey, out string? name) && !string.IsNullOrEmpty(name)
                ? name
                : DefaultOutputName;
        }

        public bool Tokens { get; }

        /// <summary>The input is [T, B, I] (or [T, B] ids) rather than [B, T, I].</summary>
        public bool TimeMajorInput { get; }

        /// <summary>The sequence output is [T, B, O] rather than [B, T, O].</summary>
        public bool TimeMajorOutput { get; }

        public string OutputName { get; }

        /// <summary>"float32 [B, T, 10]", "token ids [T, B] < 100 (time-major, as in the ONNX graph)".</summary>
        public string DescribeInput()
        {
            string axes = TimeMajorInput ? "T, B" : "B, T";
            string text = Tokens ? $"token ids [{axes}] < {_model.InputSize}" : $"float32 [{axes}, {_model.InputSize}]";
            return TimeMajorInput ? text + " (time-major, as in the ONNX graph it was converted from)" : text;
        }

        /// <summary>"[B, T, 3]", "[T, B, 3]" or "[B, 3]".</summary>
        public string DescribeOutput() => !_model.OutputIsSequence ? $"[B, {_model.OutputSize}]"
            : TimeMajorOutput ? $"[T, B, {_model.OutputSize}]" : $"[B, T, {_model.OutputSize}]";

        /// <summary>[A, C, F] row-major → [C, A, F] row-major.</summary>
        public static T[] SwapLeadingAxes<T>(T[] data, int a, int c, int f)
        {
            var result = new T[data.Length];
            for (int i = 0; i < a; i++)
                for (int j = 0; j < c; j++)
                    Array.Copy(data, (i * c + j) * f, result, (j * a + i) * f, f);
            return result;
        }

        private static bool Is(Model model, string key, string value) =>
            model.Metadata.TryGetValue(key, out string? v) && string.Equals(v, value, StringComparison.Ordinal);
    }
}
