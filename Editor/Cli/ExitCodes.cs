// The tool's exit codes. System.CommandLine itself returns 1 for a command line it cannot parse.
namespace Recurrent.Cli
{
    internal static class ExitCodes
    {
        public const int Success = 0;

        /// <summary>Any failure: a missing or corrupt file, an input the model cannot take, an I/O error.</summary>
        public const int Error = 1;

        /// <summary><c>convert</c>: the ONNX graph is valid but cannot be mapped onto layers.</summary>
        public const int CannotConvert = 2;
    }
}
