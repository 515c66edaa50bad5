// Finds the package root and lists what Unity imports from it, the same way .ci/meta does (git's view of the tree
// when the root is a checkout, else a file-system walk). Reading and judging the files is left to the fixtures.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Recurrent.Tests.Package
{
    /// <summary>The package folder (repository root) and its importable paths, relative with '/' separators.</summary>
    internal sealed class PackageLayout
    {
        private static readonly Lazy<PackageLayout> s_current = new Lazy<PackageLayout>(() => Load(FindRoot()));

        /// <summary>Absolute path of the folder holding package.json and Directory.Build.props.</summary>
        public string Root { get; }

        /// <summary>True when the listing came from git rather than a file-system walk.</summary>
        public bool FromGit { get; }

        /// <summary>Importable files (not .meta), sorted ordinally.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>Folders that contain importable files, sorted ordinally.</summary>
        public IReadOnlyList<string> Folders { get; }

        /// <summary>.meta files at importable paths.</summary>
        public IReadOnlyList<string> MetaFiles { get; }

        private PackageLayout(string root, bool fromGit, List<string> files, List<string> folders, List<string> metas)
        {
            Root = root;
            FromGit = fromGit;
            Files = files;
            Folders = folders;
            MetaFiles = metas;
        }

        public static PackageLayout Current => s_current.Value;

        public string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public bool Exists(string relative)
        {
            string full = FullPath(relative);
            return File.Exists(full) || Directory.Exists(full);
        }

        public string ReadText(string relative) => File.ReadAllText(FullPath(relative));

        public JsonDocument ReadJson(string relative)
        {
            var options = new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
            return JsonDocument.Parse(ReadText(relative), options);
        }

        /// <summary>Importable files under <paramref name="folder"/> (recursively) whose name ends in <paramref name="suffix"/>.</summary>
        public IEnumerable<string> FilesUnder(string folder, string suffix) =>
            Files.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

        /// <summary>True when Unity imports the path: no segment is hidden, ends in '~', is named cvs, or ends in .tmp.</summary>
        public static bool IsImportable(string relative)
        {
            foreach (string segment in relative.Split('/'))
            {
                if (segment.Length == 0 || segment.StartsWith(".", StringComparison.Ordinal) || segment.EndsWith("~", StringComparison.Ordinal)
                    || string.Equals(segment, "cvs", StringComparison.OrdinalIgnoreCase)
                    || segment.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
            return true;
        }

        private static PackageLayout Load(string root)
        {
            List<string>? listed = TryListWithGit(root);
            bool fromGit = listed != null;
            listed ??= WalkFileSystem(root);

            var files = new SortedSet<string>(StringComparer.Ordinal);
            var folders = new SortedSet<string>(StringComparer.Ordinal);
            var metas = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string path in listed)
            {
                // git still lists tracked files that were deleted from the working tree.
                if (!IsImportable(path) || !File.Exists(Path.Combine(root, path)))
                {
                    continue;
                }
                if (path.EndsWith(".meta", StringComparison.Ordinal))
                {
                    metas.Add(path);
                    continue;
                }
                files.Add(path);
                for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                {
                    if (!folders.Add(path.Substring(0, slash)))
                    {
                        break;
                    }
                }
            }
            return new PackageLayout(root, fromGit, files.ToList(), folders.ToList(), metas.ToList());
        }

        /// <summary>`git ls-files --cached --others --exclude-standard`, or null when the root is not a checkout or git is absent.</summary>
        private static List<string>? TryListWithGit(string root)
        {
            var start = new ProcessStartInfo("git")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (string arg in new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
            {
                start.ArgumentList.Add(arg);
            }
            try
            {
                using Process? git = Process.Start(start);
                if (git == null)
                {
                    return null;
                }
                var stderr = git.StandardError.ReadToEndAsync();
                string output = git.StandardOutput.ReadToEnd();
                git.WaitForExit();
                _ = stderr.Result;
                if (git.ExitCode != 0)
                {
                    return null;
                }
                return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
            }
            catch (Win32Exception)
            {
                return null; // git is not installed
            }
        }

        /// <summary>Every file below the root, skipping hidden and '~' folders and build output (bin, obj, node_modules).</summary>
        private static List<string> WalkFileSystem(string root)
        {
            var result = new List<string>();
            var pending = new Stack<string>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                string folder = pending.Pop();
                foreach (string dir in Directory.EnumerateDirectories(folder))
                {
                    string name = Path.GetFileName(dir);
                    if (name.StartsWith(".", StringComparison.Ordinal) || name.EndsWith("~", StringComparison.Ordinal)
                        || name == "bin" || name == "obj" || name == "node_modules")
                    {
                        continue;
                    }
                    pending.Push(dir);
                }
                foreach (string file in Directory.EnumerateFiles(folder))
                {
                    result.Add(Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
                }
            }
            return result;
        }

        private static string FindRoot([CallerFilePath] string sourceFile = "")
        {
            // The test directory is inside the repository unless ArtifactsPath moved the build output elsewhere;
            // the working directory and this source file's compile-time path are the fallbacks for that case.
            var starts = new[] { TestContext.CurrentContext.TestDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile) };
            foreach (string? start in starts)
            {
                for (string? dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "package.json")) && File.Exists(Path.Combine(dir, "Directory.Build.props")))
                    {
                        return dir;
                    }
                }
            }
            throw new InvalidOperationException(
                "No folder holding both package.json and Directory.Build.props above any of: " + string.Join(", ", starts));
        }
    }
}
