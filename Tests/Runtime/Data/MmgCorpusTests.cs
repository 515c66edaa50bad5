// The MMG corpus loader on the packed fixture archive, checked against the counts in its README, plus the XML reader
// on small inline files (stroke order, labels) and the folder loader.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using Recurrent.Data;

namespace Recurrent.Tests.Data
{
    public sealed class MmgCorpusTests
    {
        // README: mean 75.2 points and 2.17 strokes per sample (rounded to the digits given).
        private const double MeanPoints = 75.2, MeanPointsTolerance = 0.05;
        private const double MeanStrokes = 2.17, MeanStrokesTolerance = 0.005;

        private static readonly string[] s_classes =
        {
            "D", "H", "I", "N", "P", "T", "X", "arrowhead", "asterisk", "exclamation_point", "five_point_star",
            "half_note", "line", "null", "pitchfork", "six_point_star",
        };

        private static readonly string[] s_subjects =
        {
            "10", "11", "12", "22", "28", "41", "58", "61", "66", "68", "71", "73", "75", "77", "85", "88", "94", "95", "98", "99",
        };

        [Test]
        public void Archive_HoldsTheReadmesSamplesClassesAndSubjects()
        {
            MmgCorpus corpus = DataFixtures.Mmg;

            Assert.That(corpus.Samples.Count, Is.EqualTo(DataFixtures.MmgSamples));
            Assert.That(corpus.Labels, Is.EqualTo(s_classes));
            Assert.That(corpus.Labels.Count, Is.EqualTo(DataFixtures.MmgClasses));
            Assert.That(corpus.Subjects, Is.EqualTo(s_subjects));
            Assert.That(corpus.Subjects.Count, Is.EqualTo(DataFixtures.MmgSubjects));
        }

        [Test]
        public void Archive_PerClassAndPerFolderCounts_MatchTheReadme()
        {
            MmgCorpus corpus = DataFixtures.Mmg;

            var perClass = corpus.Samples.GroupBy(s => s.Label).ToDictionary(g => g.Key, g => g.Count());
            foreach (string label in s_classes)
                Assert.That(perClass[label], Is.EqualTo(label == "asterisk" || label == "null" ? 599 : 600), label);

            var perFolder = corpus.Samples.GroupBy(s => s.Subject + "-" + s.InputType + "-" + s.Speed).ToDictionary(g => g.Key, g => g.Count());
            Assert.That(perFolder.Count, Is.EqualTo(60));
            Assert.That(perFolder["41-finger-SLOW"], Is.EqualTo(159));
            Assert.That(perFolder["61-finger-FAST"], Is.EqualTo(159));
            Assert.That(perFolder.Values.Count(c => c == 160), Is.EqualTo(58));
            Assert.That(corpus.Samples.Count(s => s.InputType == "stylus"), Is.EqualTo(1600 * 3));
        }

        [Test]
        public void Archive_MeanPointsAndStrokes_MatchTheReadme()
        {
            IReadOnlyList<GestureSample> samples = DataFixtures.Mmg.Samples;

            double points = samples.Average(s => s.Points.Length);
            double strokes = samples.Average(s => s.StrokeCount);

            Assert.That(points, Is.EqualTo(MeanPoints).Within(MeanPointsTolerance));
            Assert.That(strokes, Is.EqualTo(MeanStrokes).Within(MeanStrokesTolerance));
            Assert.That(samples.Max(s => s.StrokeCount), Is.LessThanOrEqualTo(5), "README: up to 5 strokes occur");
        }

        [Test]
        public void Archive_SampleFields_ComeFromTheXmlAndItsPath()
        {
            GestureSample first = DataFixtures.Mmg.Samples[0];

            Assert.That(first.Source, Is.EqualTo("mmg/10-stylus-FAST/10-stylus-fast-D-01.xml"));
            Assert.That(first.Label, Is.EqualTo("D"));
            Assert.That(first.Name, Is.EqualTo("D~01"));
            Assert.That(first.Repetition, Is.EqualTo(1));
            Assert.That(first.Subject, Is.EqualTo("10"));
            Assert.That(first.InputType, Is.EqualTo("stylus"));
            Assert.That(first.Speed, Is.EqualTo("FAST"));
            foreach (GestureSample s in DataFixtures.Mmg.Samples)
            {
                string file = s.Source.Substring(s.Source.LastIndexOf('/') + 1);
                Assert.That(file.StartsWith(s.Subject + "-" + s.InputType + "-" + s.Speed.ToLowerInvariant() + "-" + s.Label + "-", StringComparison.Ordinal),
                    Is.True, s.Source);
            }
        }

        [Test]
        public void Archive_EverySample_PreprocessesToFiniteFeatures()
        {
            var pre = new StrokePreprocessor(new StrokeSettings
            {
                Points = 32,
                RotationInvariant = true,
                Features = new List<string> { "x", "y", "dx", "dy", "pen" },
            });

            int bad = 0;
            foreach (GestureSample sample in DataFixtures.Mmg.Samples)
            {
                float[] f = pre.Process(sample);
                if (f.Length != 32 * 5 || f.Any(v => float.IsNaN(v) || float.IsInfinity(v))) bad++;
            }

            Assert.That(bad, Is.EqualTo(0));
        }

        [Test]
        public void ReadGesture_OrdersStrokesByIndexAndNumbersThemFromZero()
        {
            const string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<Gesture Name=\"T~03\" Subject=\"7\" InputType=\"finger\" Speed=\"SLOW\" NumPts=\"3\">\n"
                + "  <Stroke index=\"2\"><Point X=\"5\" Y=\"0\" T=\"200\" Pressure=\"1\" /><Point X=\"5\" Y=\"9\" T=\"210\" Pressure=\"1\" /></Stroke>\n"
                + "  <Stroke index=\"1\"><Point X=\"0\" Y=\"0\" T=\"100\" Pressure=\"1\" /></Stroke>\n"
                + "</Gesture>";

            GestureSample sample = MmgCorpus.ReadGesture(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "inline");

            Assert.That(sample.Label, Is.EqualTo("T"));
            Assert.That(sample.Repetition, Is.EqualTo(3));
            Assert.That(sample.StrokeCount, Is.EqualTo(2));
            Assert.That(sample.Points.Select(p => p.StrokeId), Is.EqualTo(new[] { 0, 1, 1 }));
            Assert.That(sample.Points.Select(p => p.Time), Is.EqualTo(new[] { 100.0, 200.0, 210.0 }));
        }

        [Test]
        public void ReadGesture_MalformedXml_NamesTheSource()
        {
            var stream = new MemoryStream(Encoding.UTF8.GetBytes("<Gesture Name=\"x~1\"><Stroke>"));

            Assert.That(() => MmgCorpus.ReadGesture(stream, "broken.xml"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("broken.xml"));
        }

        [Test]
        public void LoadFolder_ReadsXmlFilesRecursivelyInPathOrder()
        {
            string root = Path.Combine(Path.GetTempPath(), "recurrent-mmg-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "b"));
                Directory.CreateDirectory(Path.Combine(root, "a"));
                File.WriteAllText(Path.Combine(root, "b", "x.xml"), Gesture("line~02", "2"));
                File.WriteAllText(Path.Combine(root, "a", "y.xml"), Gesture("X~01", "1"));
                File.WriteAllText(Path.Combine(root, "a", "notes.txt"), "not a gesture");

                MmgCorpus corpus = MmgCorpus.Load(root);

                Assert.That(corpus.Samples.Select(s => s.Source), Is.EqualTo(new[] { "a/y.xml", "b/x.xml" }));
                Assert.That(corpus.Labels, Is.EqualTo(new[] { "X", "line" }));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static string Gesture(string name, string subject) =>
            "<Gesture Name=\"" + name + "\" Subject=\"" + subject + "\" InputType=\"stylus\" Speed=\"FAST\">"
            + "<Stroke index=\"1\"><Point X=\"1\" Y=\"2\" T=\"3\" Pressure=\"0\" /></Stroke></Gesture>";
    }
}
