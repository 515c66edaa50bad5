// `recurrent convert <model.onnx> -o <model file>`: maps an ONNX graph onto layers (OnnxImporter) and saves the model
// file atomically (ModelFile.Save). A graph that does not map is not an error in the file: exit code 2 with the reason.
using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using Recurrent.Editor;
using Recurrent.Formats;
using Recurrent.Formats.Onnx;

namespace Recurrent.Cli
{
    internal static class ConvertCommand
    {
        public static Command Create(Option<bool> verbose)
        {
            var model = new Argument<string>("model")
            {
                Description = "The ONNX file (.onnx) to convert.",
            };
            var output = new Option<string>("--output", "-o")
            {
                Description = "The model file to write (replaced atomically if it exists).",
                Required = true,
            };
            var float16 = new Option<bool>("--float16")
            {
                Description = "Store weights as float16 (half the size, about 3 significant digits).",
            };
            var command = new Command("convert", "Convert an ONNX graph that is a chain of recurrent and dense layers into a Recurrent model file.")
            {
                model, output, float16,
            };
            command.SetAction(parse => Program.Session(parse, verbose).Run(s =>
                Execute(s, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(float16))));
            return command;
        }

        public static int Execute(CliSession session, string onnxPath, string outputPath, bool float16)
        {
            session.CurrentPath = onnxPath;
            if (!ModelPaths.IsOnnx(onnxPath) && File.Exists(onnxPath))
                throw new CliException(onnxPath, "convert reads an ONNX file (.onnx); model files are already in the Recurrent format");
            if (ModelPaths.IsOnnx(outputPath))
                throw new CliException(outputPath, "the output is a Recurrent model file, not ONNX; give it another extension (e.g. .rmodel)");
            OnnxModel onnx = OnnxReader.ReadFile(onnxPath);
            var executor = new OnnxGraphExecutor(onnx);
            if (!OnnxImporter.TryMapToModel(executor, out Model? model, out string reason) || model is null)
                throw new CliException(onnxPath,
                    $"cannot convert: {CliSession.OneLine(reason)}; run it with `recurrent predict` instead", ExitCodes.CannotConvert);

            string producer = (onnx.ProducerName + " " + onnx.ProducerVersion).Trim();
            var metadata = new Dictionary<string, string>
            {
                ["onnx.file"] = Path.GetFileName(onnxPath),
                ["onnx.opset"] = onnx.Opset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (producer.Length > 0) metadata["onnx.producer"] = producer;
            var options = new ModelFileOptions
            {
                WeightType = float16 ? ModelWeightType.Float16 : ModelWeightType.Float32,
                Producer = "recurrent convert",
                Metadata = metadata,
            };

            session.CurrentPath = outputPath;
            ModelFile.Save(model, outputPath, options);

            session.Out.Write(ModelSummary.Of(model).ToText());
            session.Out.WriteLine($"wrote {outputPath} ({ModelPaths.SizeOf(outputPath)}, weights {(float16 ? "float16" : "float32")})");
            return ExitCodes.Success;
        }
    }
}
