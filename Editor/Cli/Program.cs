// Entry point of the `recurrent` tool: builds the command tree (predict, inspect, convert) and runs it against the
// given writers, so tests call Run in-process. Each command's work is in its own file; errors are CliSession's.
using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;

namespace Recurrent.Cli
{
    public static class Program
    {
        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        /// <summary>Runs the tool with <paramref name="args"/>; returns the exit code (0 success, 1 error, 2 cannot convert).</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args is null) throw new ArgumentNullException(nameof(args));
            if (stdout is null) throw new ArgumentNullException(nameof(stdout));
            if (stderr is null) throw new ArgumentNullException(nameof(stderr));
            Command root = CreateRootCommand();
            ParseResult parse = root.Parse(args);
            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // Command bodies report their own errors (CliSession); anything else is a bug and may show its trace.
                EnableDefaultExceptionHandler = true,
            };
            int code = parse.Invoke(configuration);
            stdout.Flush();
            stderr.Flush();
            return code;
        }

        /// <summary>The command tree. The root is named "recurrent" whatever the host process is called.</summary>
        internal static Command CreateRootCommand()
        {
            var verbose = new Option<bool>("--verbose")
            {
                Description = "On error, also print the exception with its stack trace.",
                Recursive = true,
            };
            var root = new Command("recurrent",
                "Run, inspect and convert recurrent neural network models (ONNX files and Recurrent model files).")
            {
                new HelpOption(),
                new VersionOption { Action = new VersionAction() },
                verbose,
                PredictCommand.Create(verbose),
                InspectCommand.Create(verbose),
                ConvertCommand.Create(verbose),
            };
            return root;
        }

        internal static CliSession Session(ParseResult parse, Option<bool> verbose) =>
            new CliSession(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(verbose));
    }
}
