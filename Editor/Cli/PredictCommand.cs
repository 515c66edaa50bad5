// `recurrent predict <model> --input in.json [--output out.json]`: runs an ONNX file on the graph executor or a model
// file on InferenceModel and writes the outputs as JSON. Tensor file syntax is TensorJson's; the numbers are the
// library's (this command only maps named JSON tensors onto each API's inputs).
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Recurrent.Formats;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal static class PredictCommand
    {
        /// <summary>The optional model-file input that holds each batch row's valid length.</summary>
        public const string LengthsInputName = "lengths";

        public static Command Create(Option<bool> verbose)
        {
            var model = new Argument<string>("model")
            {
                Description = "An ONNX file (.onnx) or a Recurrent model file (any other extension).",
            };
            var input = new Option<string>("--input", "-i")
            {
                Description = "JSON inputs: {\"inputs\": [{\"name\", \"dtype\", \"shape\", \"data\"}]}, data flat in row-major order.",
                Required = true,
            };
            var output = new Option<string?>("--output", "-o")
            {
                Description = "Where to write {\"outputs\": [...]} (graph order). Default: standard output.",
            };
            var command = new Command("predict", "Run a model on inputs from a JSON file and write its outputs as JSON.")
            {
                model, input, output,
            };
            command.SetAction(parse => Program.Session(parse, verbose).Run(s =>
                Execute(s, parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(output))));
            return command;
        }

        public static int Execute(CliSession session, string modelPath, string inputPath, string? outputPath)
        {
            IReadOnlyList<JsonTensor> outputs = ModelPaths.IsOnnx(modelPath)
                ? RunOnnx(session, modelPath, inputPath)
                : RunModelFile(session, modelPath, inputPath);

            session.CurrentPath = outputPath;
            TensorJson.Write(outputPath, session.Out, "outputs", outputs);
            if (outputPath != null && outputPath != "-")
            {
                var described = new List<string>();
                foreach (JsonTensor t in outputs) described.Add(t.ToString());
                session.Out.WriteLine($"wrote {outputPath}: {string.Join("; ", described)}");
            }
            return ExitCodes.Success;
        }

        private static IReadOnlyList<JsonTensor> RunOnnx(CliSession session, string modelPath, string inputPath)
        {
            session.CurrentPath = modelPath;
            OnnxModel model = OnnxReader.ReadFile(modelPath);
            var executor = new OnnxGraphExecutor(model);

            session.CurrentPath = inputPath;
            var declared = new Dictionary<string, OnnxValueInfo>(StringComparer.Ordinal);
            foreach (OnnxValueInfo info in executor.Inputs) declared[info.Name] = info;
            List<JsonTensor> inputs = TensorJson.ReadFile(inputPath, "inputs",
                name => declared.TryGetValue(name, out OnnxValueInfo? info) ? info.ElementType : null);

            var feed = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            foreach (JsonTensor t in inputs)
            {
                if (!declared.TryGetValue(t.Name, out OnnxValueInfo? info))
                    throw new CliException(inputPath, $"the model has no input '{t.Name}' (it takes {DescribeInputs(executor.Inputs)})");
                feed[t.Name] = Adapt(inputPath, t, info);
            }
            foreach (OnnxValueInfo info in executor.Inputs)
                if (!feed.ContainsKey(info.Name))
                    throw new CliException(inputPath, $"input '{info.Name}' is missing (the model takes {DescribeInputs(executor.Inputs)})");

            session.CurrentPath = modelPath;
            OnnxGraphOutputs result = executor.Run(feed);
            var outputs = new List<JsonTensor>(result.Count);
            for (int i = 0; i < result.Count; i++) outputs.Add(new JsonTensor(result.Names[i], result[i]));
            return outputs;
        }

        /// <summary>
        /// Converts between integer types and between float32 and float64 where the JSON says one and the graph declares
        /// the other (exporters disagree on int32 vs int64 lengths); anything else is left for the executor to reject.
        /// </summary>
        private static OnnxValue Adapt(string inputPath, JsonTensor tensor, OnnxValueInfo info)
        {
            OnnxValue v = tensor.Value;
            OnnxDataType want = info.ElementType == OnnxDataType.Float16 || info.ElementType == OnnxDataType.BFloat16
                ? OnnxDataType.Float : info.ElementType;
            if (want == OnnxDataType.Undefined || v.IsSequence || want == v.ElementType) return v;
            int[] shape = v.GetShape();
            if (OnnxValue.IsIntegerType(want) && OnnxValue.IsIntegerType(v.ElementType))
            {
                long[] data = v.AsInt64s().ToArray();
                var dims = new long[shape.Length];
                for (int i = 0; i < dims.Length; i++) dims[i] = shape[i];
                return OnnxValue.FromTensor(new OnnxTensor(tensor.Name, want, dims, longs: data));
            }
            if (want == OnnxDataType.Double && v.ElementType == OnnxDataType.Float)
            {
                ReadOnlySpan<float> f = v.AsFloats();
                var d = new double[f.Length];
                for (int i = 0; i < d.Length; i++) d[i] = f[i];
                return OnnxValue.FromDoubles(d, shape);
            }
            if (want == OnnxDataType.Float && v.ElementType == OnnxDataType.Double)
            {
                ReadOnlySpan<double> d = v.AsDoubles();
                var f = new float[d.Length];
                for (int i = 0; i < f.Length; i++) f[i] = (float)d[i];
                return OnnxValue.FromFloats(f, shape);
            }
            throw new CliException(inputPath,
                $"input '{tensor.Name}' is {TensorJson.DescribeValue(v)} but the model declares {OnnxText.Describe(info)}");
        }

        private static string DescribeInputs(IReadOnlyList<OnnxValueInfo> inputs)
        {
            var parts = new List<string>(inputs.Count);
            foreach (OnnxValueInfo info in inputs) parts.Add(OnnxText.Describe(info));
            return parts.Count == 0 ? "no inputs" : string.Join(", ", parts);
        }

        private static IReadOnlyList<JsonTensor> RunModelFile(CliSession session, string modelPath, string inputPath)
        {
            session.CurrentPath = modelPath;
            Model model = ModelFile.Load(modelPath).Model;
            var io = new ModelFileLayout(model);

            session.CurrentPath = inputPath;
            List<JsonTensor> inputs = TensorJson.ReadFile(inputPath, "inputs",
                name => name == LengthsInputName || io.Tokens ? OnnxDataType.Int64 : OnnxDataType.Float);
            JsonTensor? x = null, lengths = null;
            foreach (JsonTensor t in inputs)
            {
                if (t.Name == LengthsInputName && lengths is null) lengths = t;
                else if (x is null) x = t;
                else
                    throw new CliException(inputPath,
                        $"unexpected input '{t.Name}': a model file takes one input ({io.DescribeInput()}) and an optional '{LengthsInputName}' [B]");
            }
            if (x is null)
                throw new CliException(inputPath, $"no model input: a model file takes {io.DescribeInput()} (the first tensor) and an optional '{LengthsInputName}' [B]");

            OnnxValue xv = x.Value;
            if (xv.IsSequence || xv.Rank != (io.Tokens ? 2 : 3))
                throw new CliException(inputPath, $"input '{x.Name}' is {TensorJson.DescribeValue(xv)}; the model takes {io.DescribeInput()}");
            int batch = io.TimeMajorInput ? xv.Dim(1) : xv.Dim(0);
            int time = io.TimeMajorInput ? xv.Dim(0) : xv.Dim(1);
            if (!io.Tokens && xv.Dim(2) != model.InputSize)
                throw new CliException(inputPath, $"input '{x.Name}' has {xv.Dim(2)} features per step; the model takes {io.DescribeInput()}");

            int[] lens = Array.Empty<int>();
            if (lengths != null)
            {
                OnnxValue lv = lengths.Value;
                if (lv.IsSequence || !OnnxValue.IsIntegerType(lv.ElementType) || lv.Rank != 1 || lv.Dim(0) != batch)
                    throw new CliException(inputPath, $"'{LengthsInputName}' is {TensorJson.DescribeValue(lv)}; expected integers [{batch}] (one length per batch row, each 0..{time})");
                lens = ToInts(inputPath, lengths.Name, lv.AsInt64s());
            }

            session.CurrentPath = modelPath;
            BatchRunner runner = new InferenceModel(model).CreateBatchRunner();
            var output = new float[runner.OutputLength(batch, time)];
            if (io.Tokens)
            {
                if (!OnnxValue.IsIntegerType(xv.ElementType))
                    throw new CliException(inputPath, $"input '{x.Name}' is {TensorJson.DescribeValue(xv)}; the model takes {io.DescribeInput()}");
                int[] ids = ToInts(inputPath, x.Name, xv.AsInt64s());
                if (io.TimeMajorInput) ids = ModelFileLayout.SwapLeadingAxes(ids, time, batch, 1);
                runner.Run(ids, batch, time, lens, output);
            }
            else
            {
                float[] features = xv.ElementType switch
                {
                    OnnxDataType.Float => xv.ToFloatArray(),
                    OnnxDataType.Double => ToFloats(xv.AsDoubles()),
                    _ => throw new CliException(inputPath, $"input '{x.Name}' is {TensorJson.DescribeValue(xv)}; the model takes {io.DescribeInput()}"),
                };
                if (io.TimeMajorInput) features = ModelFileLayout.SwapLeadingAxes(features, time, batch, model.InputSize);
                runner.Run(features, batch, time, lens, output);
            }

            int O = model.OutputSize;
            int[] shape;
            if (!model.OutputIsSequence) shape = new[] { batch, O };
            else if (io.TimeMajorOutput)
            {
                output = ModelFileLayout.SwapLeadingAxes(output, batch, time, O);
                shape = new[] { time, batch, O };
            }
            else shape = new[] { batch, time, O };
            return new[] { new JsonTensor(io.OutputName, OnnxValue.FromFloats(output, shape)) };
        }

        private static int[] ToInts(string path, string name, ReadOnlySpan<long> values)
        {
            var ints = new int[values.Length];
            for (int i = 0; i < ints.Length; i++)
            {
                long v = values[i];
                if (v < int.MinValue || v > int.MaxValue) throw new CliException(path, $"'{name}' value {v} at index {i} does not fit in int32");
                ints[i] = (int)v;
            }
            return ints;
        }

        private static float[] ToFloats(ReadOnlySpan<double> values)
        {
            var f = new float[values.Length];
            for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
            return f;
        }
    }
}
