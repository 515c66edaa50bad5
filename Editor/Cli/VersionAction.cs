// `recurrent --version`: prints this tool's informational version (e.g. 0.1.0+commit). System.CommandLine's own
// action prints the entry assembly's, which is the test host's when the tool runs in-process.
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Recurrent.Cli
{
    internal sealed class VersionAction : SynchronousCommandLineAction
    {
        public static string Version
        {
            get
            {
                Assembly assembly = typeof(VersionAction).Assembly;
                return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? assembly.GetName().Version?.ToString(3)
                    ?? "unknown";
            }
        }

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }
}
