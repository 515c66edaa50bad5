// Checks package.json, the manifest Unity's Package Manager reads: required fields, version, samples.
// What the samples contain is left to their own tests.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Recurrent.Tests.Package
{
    [TestFixture]
    public sealed class PackageManifestTests
    {
        // https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string
        private static readonly Regex s_semVer = new Regex(
            @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$");

        private static readonly string[] s_expectedSamples =
        {
            "Samples~/Gestures", "Samples~/TextPrediction", "Samples~/Forecasting", "Samples~/NativeHost", "Samples~/QuickStart",
        };

        private static PackageLayout Layout => PackageLayout.Current;

        [TestCase("name", "com.recurrent.rnn")]
        [TestCase("displayName", "Recurrent")]
        [TestCase("unity", "2022.3")]
        [TestCase("license", "MIT")]
        public void PackageJson_Field_HasExpectedValue(string field, string expected)
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");

            Assert.That(StringProperty(manifest.RootElement, field), Is.EqualTo(expected), "package.json \"" + field + "\"");
        }

        [Test]
        public void PackageJson_Description_IsNotEmpty()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");

            Assert.That(StringProperty(manifest.RootElement, "description"), Is.Not.Null.And.Not.Empty, "package.json \"description\"");
        }

        [Test]
        public void PackageJson_Version_IsSemVer()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");
            string? version = StringProperty(manifest.RootElement, "version");

            Assert.That(version, Does.Match(s_semVer.ToString()), "package.json \"version\" is not semver: '" + version + "'");
        }

        [Test]
        public void PackageJson_Version_MatchesRecurrentVersionInDirectoryBuildProps()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");
            Match props = Regex.Match(Layout.ReadText("Directory.Build.props"), @"<RecurrentVersion>\s*([^<\s]+)\s*</RecurrentVersion>");

            Assert.That(props.Success, Is.True, "Directory.Build.props has no <RecurrentVersion>");
            Assert.That(StringProperty(manifest.RootElement, "version"), Is.EqualTo(props.Groups[1].Value),
                "package.json \"version\" and Directory.Build.props <RecurrentVersion> disagree");
        }

        [Test]
        public void PackageJson_KeywordsAndAuthor_ArePresent()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");
            JsonElement root = manifest.RootElement;
            var keywords = root.TryGetProperty("keywords", out JsonElement k) && k.ValueKind == JsonValueKind.Array
                ? k.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList()
                : new List<string?>();
            string? author = root.TryGetProperty("author", out JsonElement a) && a.ValueKind == JsonValueKind.Object
                ? StringProperty(a, "name")
                : null;

            Assert.That(keywords, Is.Not.Empty, "package.json \"keywords\" must be a non-empty array");
            Assert.That(keywords.Where(string.IsNullOrWhiteSpace), Is.Empty, "package.json \"keywords\" must all be non-empty strings");
            Assert.That(author, Is.Not.Null.And.Not.Empty, "package.json \"author\" must be an object with a \"name\"");
        }

        [Test]
        public void PackageJson_Samples_IncludeTheFiveSamplesWithNames()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");
            var samples = Samples(manifest.RootElement);
            var unnamed = samples
                .Where(s => string.IsNullOrWhiteSpace(s.DisplayName) || string.IsNullOrWhiteSpace(s.Description))
                .Select(s => s.Path ?? "(no path)")
                .ToList();

            Assert.That(samples.Select(s => s.Path), Is.SupersetOf(s_expectedSamples), "package.json \"samples[].path\" lacks some of the expected samples");
            Assert.That(unnamed, Is.Empty, "Samples without displayName or description: " + string.Join(", ", unnamed));
        }

        [Test]
        public void PackageJson_SamplePaths_AreExistingFoldersUnderSamplesTilde()
        {
            using JsonDocument manifest = Layout.ReadJson("package.json");
            var bad = Samples(manifest.RootElement)
                .Select(s => s.Path ?? "")
                .Where(p => !p.StartsWith("Samples~/", StringComparison.Ordinal) || !System.IO.Directory.Exists(Layout.FullPath(p)))
                .ToList();

            Assert.That(bad, Is.Empty, "Sample paths that are not existing folders under Samples~/:\n  " + string.Join("\n  ", bad));
        }

        private static string? StringProperty(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static List<(string? DisplayName, string? Description, string? Path)> Samples(JsonElement root)
        {
            if (!root.TryGetProperty("samples", out JsonElement samples) || samples.ValueKind != JsonValueKind.Array)
            {
                return new List<(string?, string?, string?)>();
            }
            return samples.EnumerateArray()
                .Select(s => (StringProperty(s, "displayName"), StringProperty(s, "description"), StringProperty(s, "path")))
                .ToList();
        }
    }
}
