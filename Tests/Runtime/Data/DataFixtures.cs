// Shared fixture files of the data tests: tiny Shakespeare text and the MMG gesture corpus, each read once per run.
// Facts quoted from the fixtures' README files are kept here so tests compare against them, not against the code.
#nullable enable
using System.IO;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    internal static class DataFixtures
    {
        // Tests/Fixtures~/text/README.md.
        public const int ShakespeareCharacters = 1115394;
        public const int ShakespeareVocabulary = 65;
        public const int ShakespeareTrainCharacters = 1003854;

        // Tests/Fixtures~/gestures/mmg/README.md.
        public const int MmgSamples = 9598;
        public const int MmgClasses = 16;
        public const int MmgSubjects = 20;

        private static string? s_shakespeare;
        private static MmgCorpus? s_mmg;

        public static string ShakespearePath => Path.Combine(FixturePaths.Fixtures, "text", "tinyshakespeare.txt");

        public static string MmgArchivePath => Path.Combine(FixturePaths.Fixtures, "gestures", "mmg", "mmg.tar.gz");

        public static string Shakespeare => s_shakespeare ??= File.ReadAllText(ShakespearePath);

        public static MmgCorpus Mmg => s_mmg ??= MmgCorpus.Load(MmgArchivePath);
    }
}
