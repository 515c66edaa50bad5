// Maps an imported ONNX graph onto our layers when it is a recognised chain (input → [Transpose] → [Gather embedding]
// → RNN/GRU/LSTM (+ Squeeze / Transpose+Reshape / last-step Gather or Slice) … → MatMul+Add / Gemm → activations →
// Softmax), so it runs on the fast kernels, streams and fine-tunes like a model built in code. Every mapping is then
// verified by running the graph and the mapped model side by side on a probe input; anything else stays on the graph
// executor, with the reason.
using System;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    public static class OnnxImporter
    {
        /// <summary>Metadata key: "batch-major" or "time-major", the ONNX input layout the mapped model was read from.</summary>
        public const string InputLayoutKey = "onnx.input_layout";

        /// <summary>Metadata key: "batch-major" or "time-major" for a sequence output (absent for [B, O] outputs).</summary>
        public const string OutputLayoutKey = "onnx.output_layout";

        /// <summary>Metadata keys naming the ONNX graph's input and output.</summary>
        public const string InputNameKey = "onnx.input", OutputNameKey = "onnx.output";

        // Mapped model vs graph on the probe input: both run float32 on different kernels.
        private const double VerifyTolerance = 1e-4;

        /// <summary>Tries to express <paramref name="onnx"/> as a <see cref="Model"/>; the reason says why not.</summary>
        public static bool TryMapToModel(OnnxModel onnx, out Model? model, out string reason)
        {
            if (onnx is null) throw new ArgumentNullException(nameof(onnx));
            return TryMapToModel(new OnnxGraphExecutor(onnx), out model, out reason);
        }

        /// <summary>As above, reusing an executor that was already built (validated and constant-folded).</summary>
        public static bool TryMapToModel(OnnxGraphExecutor executor, out Model? model, out string reason)
        {
            if (executor is null) throw new ArgumentNullException(nameof(executor));
            var mapper = new OnnxLayerMapper(executor);
            if (!mapper.TryMap(out model, out reason)) return false;
            if (!Verify(executor, model!, out reason))
            {
                model = null;
                return false;
            }
            reason = string.Empty;
            return true;
        }

        /// <summary>Maps or throws an <see cref="OnnxFormatException"/> carrying the reason and the model path.</summary>
        public static Model MapToModel(OnnxModel onnx)
        {
            if (TryMapToModel(onnx, out var model, out string reason)) return model!;
            throw new OnnxFormatException($"ONNX model '{onnx.Path ?? "(memory)"}' cannot be mapped onto layers: {reason}");
        }

        /// <summary>Runs graph and model on the same probe input (B = 2, T = 3 where free) and compares.</summary>
        private static bool Verify(OnnxGraphExecutor executor, Model model, out string reason)
        {
            var info = executor.Inputs[0];
            bool timeMajor = model.Metadata.TryGetValue(InputLayoutKey, out var layout) && layout == "time-major";
            bool tokens = model.InputKind == ModelInputKind.Tokens;
            var dims = info.DimValues!;
            int d0 = dims[0] > 0 ? (int)dims[0] : (timeMajor ? 3 : 2);
            int d1 = dims[1] > 0 ? (int)dims[1] : (timeMajor ? 2 : 3);
            int T = timeMajor ? d0 : d1, B = timeMajor ? d1 : d0;
            if ((long)T * B > 1 << 16) { reason = string.Empty; return true; }   // fixed huge shapes: trust the mapping
            var rng = new Recurrent.Core.DeterministicRandom(12345);

            OnnxValue onnxInput;
            var modelOutput = new float[(model.OutputIsSequence ? B * T : B) * model.OutputSize];
            var runner = new InferenceModel(model).CreateBatchRunner();
            if (tokens)
            {
                int vocab = model.InputSize;
                var ids = new long[T * B];
                var batchMajor = new int[T * B];
                for (int i = 0; i < ids.Length; i++) ids[i] = rng.NextInt(vocab);
                for (int b = 0; b < B; b++)
                    for (int t = 0; t < T; t++)
                        batchMajor[b * T + t] = (int)ids[timeMajor ? t * B + b : b * T + t];
                onnxInput = info.ElementType == OnnxDataType.Int32
                    ? OnnxValue.FromInt32s(Array.ConvertAll(ids, v => (int)v), d0, d1)
                    : OnnxValue.FromInt64s(ids, d0, d1);
                runner.Run(batchMajor, B, T, default, modelOutput);
            }
            else
            {
                int I = model.InputSize;
                var x = new float[T * B * I];
                rng.FillUniform(x, -1f, 1f);
                var batchMajor = new float[x.Length];
                for (int b = 0; b < B; b++)
                    for (int t = 0; t < T; t++)
                        Array.Copy(x, (timeMajor ? t * B + b : b * T + t) * I, batchMajor, (b * T + t) * I, I);
                onnxInput = OnnxValue.FromFloats(x, d0, d1, I);
                runner.Run(batchMajor, B, T, default, modelOutput);
            }

            var graphOut = executor.Run(new Dictionary<string, OnnxValue> { [info.Name] = onnxInput })[0].AsFloats();
            bool outTimeMajor = model.Metadata.TryGetValue(OutputLayoutKey, out var ol) && ol == "time-major";
            int O = model.OutputSize;
            if (graphOut.Length != modelOutput.Length)
            {
                reason = $"the mapped model produces {modelOutput.Length} values where the graph produces {graphOut.Length}";
                return false;
            }
            double worst = 0;
            for (int b = 0; b < B; b++)
                for (int t = 0; t < (model.OutputIsSequence ? T : 1); t++)
                    for (int o = 0; o < O; o++)
                    {
                        int mi = model.OutputIsSequence ? (b * T + t) * O + o : b * O + o;
                        int gi = model.OutputIsSequence && outTimeMajor ? (t * B + b) * O + o : mi;
                        double diff = Math.Abs(modelOutput[mi] - graphOut[gi]);
                        if (!(diff <= VerifyTolerance * (1 + Math.Abs(graphOut[gi]))))
                            worst = Math.Max(worst, double.IsNaN(diff) ? double.PositiveInfinity : diff);
                    }
            if (worst > 0)
            {
                reason = $"the mapped model disagrees with the graph on a probe input (max |difference| {worst:G3})";
                return false;
            }
            reason = string.Empty;
            return true;
        }
    }
}
