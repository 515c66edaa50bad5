// `recurrent inspect <model>`: a human-readable report on an ONNX file (OnnxInspector) or a Recurrent model file
// (ModelFileInspector). Only reports; nothing is written.
using System.CommandLine;

namespace Recurrent.Cli
{
    internal static class InspectCommand
    {
        public static Command Create(Option<bool> verbose)
        {
            var model = new Argument<string>("model")
            {
                Description = "An ONNX file (.onnx) or a Recurrent model file (any other extension).",
            };
            var command = new Command("inspect", "Describe a model: inputs, outputs, layers or nodes, parameters, and whether an ONNX graph maps onto layers.")
            {
                model,
            };
            command.SetAction(parse => Program.Session(parse, verbose).Run(s => Execute(s, parse.GetValue(model)!)));
            return command;
        }

        public static int Execute(CliSession session, string modelPath)
        {
            session.CurrentPath = modelPath;
            string report = ModelPaths.IsOnnx(modelPath) ? OnnxInspector.Inspect(modelPath) : ModelFileInspector.Inspect(modelPath);
            session.Out.Write(report);
            return ExitCodes.Success;
        }
    }
}
