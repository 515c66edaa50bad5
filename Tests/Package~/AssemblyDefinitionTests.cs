// Checks the Unity assembly definitions: the engine-free runtime, the Editor-only assemblies and the two test
// assemblies that Unity's Test Runner compiles. What compiles into them is checked by SourceRuleTests.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Recurrent.Tests.Package
{
    [TestFixture]
    public sealed class AssemblyDefinitionTests
    {
        private const string RuntimeAsmdef = "Runtime/Recurrent.Runtime.asmdef";
        private const string EditorAsmdef = "Editor/Recurrent.Editor.asmdef";
        private const string RuntimeTestsAsmdef = "Tests/Runtime/Recurrent.Tests.asmdef";
        private const string EditorTestsAsmdef = "Tests/Editor/Recurrent.Editor.Tests.asmdef";

        private static PackageLayout Layout => PackageLayout.Current;

        [Test]
        public void RuntimeAsmdef_IsEngineFreeAndAllowsUnsafeCode()
        {
            using JsonDocument asmdef = Layout.ReadJson(RuntimeAsmdef);
            JsonElement root = asmdef.RootElement;

            Assert.That(Bool(root, "noEngineReferences"), Is.True, RuntimeAsmdef + " \"noEngineReferences\"");
            Assert.That(Bool(root, "allowUnsafeCode"), Is.True, RuntimeAsmdef + " \"allowUnsafeCode\"");
            Assert.That(Strings(root, "references"), Is.Empty, RuntimeAsmdef + " \"references\"");
        }

        [TestCase(RuntimeTestsAsmdef)]
        [TestCase(EditorTestsAsmdef)]
        public void TestAsmdef_IsAUnityTestAssemblyUsingUnitysNUnit(string path)
        {
            using JsonDocument asmdef = Layout.ReadJson(path);
            JsonElement root = asmdef.RootElement;

            Assert.That(Strings(root, "defineConstraints"), Does.Contain("UNITY_INCLUDE_TESTS"), path + " \"defineConstraints\"");
            Assert.That(Bool(root, "overrideReferences"), Is.True, path + " \"overrideReferences\"");
            Assert.That(Strings(root, "precompiledReferences"), Does.Contain("nunit.framework.dll"), path + " \"precompiledReferences\"");
            Assert.That(Bool(root, "autoReferenced"), Is.False, path + " \"autoReferenced\"");
            Assert.That(Strings(root, "references"), Does.Contain("Recurrent.Runtime")
                .And.Contain("UnityEngine.TestRunner").And.Contain("UnityEditor.TestRunner"), path + " \"references\"");
        }

        [TestCase(EditorAsmdef)]
        [TestCase(EditorTestsAsmdef)]
        public void EditorAsmdef_IncludesOnlyTheEditorPlatform(string path)
        {
            using JsonDocument asmdef = Layout.ReadJson(path);

            Assert.That(Strings(asmdef.RootElement, "includePlatforms"), Is.EqualTo(new[] { "Editor" }), path + " \"includePlatforms\"");
        }

        [Test]
        public void EveryAsmdef_IsNamedAfterItsFileAndUnique()
        {
            var wrong = new List<string>();
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string path in Layout.Files.Where(f => f.EndsWith(".asmdef", StringComparison.OrdinalIgnoreCase)))
            {
                using JsonDocument asmdef = Layout.ReadJson(path);
                string name = asmdef.RootElement.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString() ?? ""
                    : "";
                if (name != Path.GetFileNameWithoutExtension(path))
                {
                    wrong.Add(path + " is named '" + name + "'");
                }
                if (owners.TryGetValue(name, out string? other))
                {
                    wrong.Add(path + " reuses the name of " + other);
                }
                owners[name] = path;
            }

            Assert.That(owners.Keys, Does.Contain("Recurrent.Runtime"), "Listing found no Runtime asmdef");
            Assert.That(wrong, Is.Empty, "Assembly definitions with a wrong or repeated name:\n  " + string.Join("\n  ", wrong));
        }

        private static bool? Bool(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        private static List<string?> Strings(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList()
                : new List<string?>();
    }
}
