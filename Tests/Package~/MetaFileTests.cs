// Unity needs a committed .meta with a stable GUID beside every file and folder it imports; these tests are the
// C# twin of `.ci/meta --check`, which also creates the missing ones.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Recurrent.Tests.Package
{
    [TestFixture]
    public sealed class MetaFileTests
    {
        private const string Fix = "\nRun .ci/meta to create missing ones (or .ci/meta --prune to delete orphans).";

        private static readonly Regex s_guidLine = new Regex(@"^guid:[ \t]*(\S*)", RegexOptions.Multiline);
        private static readonly Regex s_lowercaseHexGuid = new Regex("^[0-9a-f]{32}$");

        private static PackageLayout Layout => PackageLayout.Current;

        [Test]
        public void EveryImportableFileAndFolder_HasAMetaFile()
        {
            var missing = Layout.Files.Concat(Layout.Folders)
                .Where(p => !Layout.Exists(p + ".meta"))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => p + ".meta")
                .ToList();

            Assert.That(missing, Is.Empty, "Missing .meta files:\n  " + string.Join("\n  ", missing) + Fix);
        }

        [Test]
        public void EveryMetaFile_BelongsToAnAssetThatExists()
        {
            var orphaned = Layout.MetaFiles
                .Where(m => !Layout.Exists(m.Substring(0, m.Length - ".meta".Length)))
                .ToList();

            Assert.That(orphaned, Is.Empty, "Orphaned .meta files (their asset is gone):\n  " + string.Join("\n  ", orphaned) + Fix);
        }

        [Test]
        public void EveryMetaGuid_IsThirtyTwoLowercaseHexDigits()
        {
            var malformed = Layout.MetaFiles
                .Select(m => (Meta: m, Guid: GuidOf(m)))
                .Where(x => !s_lowercaseHexGuid.IsMatch(x.Guid))
                .Select(x => x.Meta + " (guid '" + x.Guid + "')")
                .ToList();

            Assert.That(malformed, Is.Empty, "Malformed GUIDs:\n  " + string.Join("\n  ", malformed));
        }

        [Test]
        public void EveryMetaGuid_IsUniqueAcrossThePackage()
        {
            var duplicates = Layout.MetaFiles
                .GroupBy(GuidOf, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => g.Key + ": " + string.Join(", ", g))
                .ToList();

            Assert.That(duplicates, Is.Empty, "GUIDs used by more than one .meta:\n  " + string.Join("\n  ", duplicates));
        }

        [Test]
        public void FolderMetaFiles_SayFolderAssetYes()
        {
            var wrong = Layout.MetaFiles
                .Where(m => IsFolder(m) && !Regex.IsMatch(Layout.ReadText(m), @"^folderAsset: yes\s*$", RegexOptions.Multiline))
                .ToList();

            Assert.That(wrong, Is.Empty, "Folder .meta files without 'folderAsset: yes':\n  " + string.Join("\n  ", wrong));
        }

        [Test]
        public void ScriptAndAssemblyDefinitionMetaFiles_UseTheirUnityImporter()
        {
            var importers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [".cs.meta"] = "MonoImporter:",
                [".asmdef.meta"] = "AssemblyDefinitionImporter:",
            };
            var wrong = new List<string>();
            foreach (string meta in Layout.MetaFiles.Where(m => !IsFolder(m)))
            {
                foreach (KeyValuePair<string, string> rule in importers)
                {
                    if (meta.EndsWith(rule.Key, StringComparison.OrdinalIgnoreCase)
                        && !Regex.IsMatch(Layout.ReadText(meta), "^" + Regex.Escape(rule.Value) + @"\s*$", RegexOptions.Multiline))
                    {
                        wrong.Add(meta + " (expected " + rule.Value.TrimEnd(':') + ")");
                    }
                }
            }

            Assert.That(wrong, Is.Empty, "Metas with the wrong importer:\n  " + string.Join("\n  ", wrong));
        }

        [Test]
        public void ListingOfImportablePaths_FindsThePackageAssemblies()
        {
            // Guards the tests above against passing vacuously on an empty or wrong listing.
            Assert.That(Layout.Files, Does.Contain("package.json").And.Contain("Runtime/Recurrent.Runtime.asmdef"),
                "Listing of " + Layout.Root + (Layout.FromGit ? " (git)" : " (file system)") + " lacks the package's own files");
        }

        private static bool IsFolder(string meta) =>
            System.IO.Directory.Exists(Layout.FullPath(meta.Substring(0, meta.Length - ".meta".Length)));

        private static string GuidOf(string meta)
        {
            Match m = s_guidLine.Match(Layout.ReadText(meta));
            return m.Success ? m.Groups[1].Value : "";
        }
    }
}
