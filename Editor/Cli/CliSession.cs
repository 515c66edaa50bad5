// One command's run: its output writers, the --verbose switch and the file being worked on, and the single place
// that turns exceptions into one line on stderr and an exit code. Commands do the work; this only reports.
using System;
using System.IO;
using System.Text.Json;
using Recurrent.Formats;

namespace Recurrent.Cli
{
    internal sealed class CliSession
    {
        public CliSession(TextWriter output, TextWriter error, bool verbose)
        {
            Out = output;
            Error = error;
            Verbose = verbose;
        }

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        /// <summary>Print the exception's full text (with the stack trace) after the one-line message.</summary>
        public bool Verbose { get; }

        /// <summary>The file the current step reads or writes; named in the error line when that step fails.</summary>
        public string? CurrentPath { get; set; }

        /// <summary>Runs a command body and maps every failure to one stderr line and an exit code.</summary>
        public int Run(Func<CliSession, int> body)
        {
            try
            {
                int code = body(this);
                Out.Flush();
                return code;
            }
            catch (CliException e)
            {
                return Report(e.Path, e.Message, e, e.ExitCode);
            }
            catch (ModelFormatException e)
            {
                return Report(e.FilePath ?? CurrentPath, e.Message, e, ExitCodes.Error);
            }
            catch (Exception e) when (e is RecurrentException || e is IOException || e is UnauthorizedAccessException
                || e is JsonException || e is ArgumentException || e is InvalidOperationException || e is FormatException
                || e is NotSupportedException || e is OverflowException)
            {
                return Report(CurrentPath, e.Message, e, ExitCodes.Error);
            }
            catch (OutOfMemoryException e)
            {
                return Report(CurrentPath, "out of memory: " + e.Message, e, ExitCodes.Error);
            }
            catch (Exception e)
            {
                // Not an expected failure mode: still one line, but name the exception type so a bug report can be made.
                return Report(CurrentPath, $"internal error ({e.GetType().Name}): {e.Message}", e, ExitCodes.Error);
            }
        }

        private int Report(string? path, string message, Exception exception, int exitCode)
        {
            Out.Flush();
            string text = OneLine(message);
            // The runtime's messages for these repeat the absolute path; the user's own spelling of it is clearer.
            if (path != null && exception is FileNotFoundException) text = "file not found";
            else if (path != null && exception is DirectoryNotFoundException) text = "folder not found";
            // Library messages usually name the file already ("Model 'x.onnx' uses ..."); do not say it twice.
            string line = path is null || text.Contains(path, StringComparison.Ordinal)
                ? "error: " + text
                : "error: " + path + ": " + text;
            Error.WriteLine(line);
            if (Verbose) Error.WriteLine(exception.ToString());
            Error.Flush();
            return exitCode;
        }

        /// <summary>Collapses line breaks so that an error is always exactly one line.</summary>
        internal static string OneLine(string message)
        {
            if (string.IsNullOrWhiteSpace(message)) return "unknown error";
            var parts = message.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return string.Join(" ", parts);
        }
    }
}
