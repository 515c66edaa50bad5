// Finds the package's test fixtures (Tests/Fixtures~) from wherever the test runner put the test assembly.
// Plain C# 9 for Unity too; it only locates folders and leaves reading the files to the tests.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using NUnit.Framework;

namespace Recurrent.Tests
{
    public static class FixturePaths
    {
        private const string FixturesRelative = "Tests/Fixtures~";
        private const string ProjectDirectoryMetadataKey = "RecurrentTestsProjectDirectory";

        private static readonly string[] s_unityPackageFolders = { "Packages", Path.Combine("Library", "PackageCache") };

        private static string? s_root;

        /// <summary>The package root: the directory that contains <c>Tests/Fixtures~</c>.</summary>
        public static string Root => s_root ??= FindRoot();

        /// <summary><c>Tests/Fixtures~</c>.</summary>
        public static string Fixtures => Path.Combine(Root, "Tests", "Fixtures~");

        /// <summary>ONNX node conformance cases (copied from the ONNX repository; see its README.md).</summary>
        public static string OnnxConformance => Path.Combine(Fixtures, "onnx-conformance");

        /// <summary>Cases whose expected outputs were produced with ONNX Runtime.</summary>
        public static string OrtGenerated => Path.Combine(Fixtures, "ort-generated");

        private static string FindRoot()
        {
            var starts = new List<string>();
            try
            {
                starts.Add(TestContext.CurrentContext.TestDirectory);
            }
            catch (Exception)
            {
                // No NUnit context (e.g. called from a static initializer): fall back to the working directory.
            }

            starts.Add(Directory.GetCurrentDirectory());

            // The test project's own directory, stamped in by Recurrent.Tests.csproj (absent in Unity, which does
            // not need it: its working directory is the project root).
            foreach (AssemblyMetadataAttribute metadata in typeof(FixturePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (metadata.Key == ProjectDirectoryMetadataKey && !string.IsNullOrEmpty(metadata.Value)) starts.Add(metadata.Value!);
            }

            foreach (string start in starts)
            {
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (Directory.Exists(Path.Combine(dir.FullName, "Tests", "Fixtures~"))) return dir.FullName;

                    // A Unity project: the package sits in Packages/<name>/ (embedded or local) or in
                    // Library/PackageCache/<name>@<version>/ (registry or git) below the project root.
                    foreach (string container in s_unityPackageFolders)
                    {
                        string packages = Path.Combine(dir.FullName, container);
                        if (!Directory.Exists(packages)) continue;
                        foreach (string package in Directory.GetDirectories(packages))
                        {
                            if (Directory.Exists(Path.Combine(package, "Tests", "Fixtures~", "onnx-conformance"))) return package;
                        }
                    }
                }
            }

            throw new DirectoryNotFoundException(
                "Could not find " + FixturesRelative + " above any of: " + string.Join(", ", starts) + ".");
        }
    }
}
