// An error the tool reports as one line (the file it concerns and what is wrong) with a chosen exit code. Errors from
// the library (RecurrentException, IOException, ...) are reported the same way by CliSession; this type is for the
// tool's own checks (a malformed input file, an input the model cannot take, a graph that cannot be converted).
using System;

namespace Recurrent.Cli
{
    internal sealed class CliException : Exception
    {
        public CliException(string? path, string message, int exitCode = ExitCodes.Error)
            : base(message)
        {
            Path = path;
            ExitCode = exitCode;
        }

        /// <summary>The file the error concerns, or null when it concerns none.</summary>
        public string? Path { get; }

        public int ExitCode { get; }
    }
}
