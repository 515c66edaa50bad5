// Loader for the Mixed Multistroke Gestures corpus ($N recogniser, Anthony & Wobbrock 2012): one XML file per gesture,
// from a folder or straight from mmg.tar.gz. Preprocessing the strokes is StrokePreprocessor's job.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Xml;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>The gesture samples of an MMG-format corpus, sorted by source path.</summary>
    /// <remarks>
    /// File format: <c>&lt;Gesture Name="D~01" Subject="10" InputType="stylus" Speed="FAST"&gt;</c> holding
    /// <c>&lt;Stroke index="1"&gt;</c> elements of <c>&lt;Point X= Y= T= Pressure=/&gt;</c>. Strokes are ordered by
    /// their index attribute; the label is the name before '~'. Pressure is not kept.
    /// </remarks>
    public sealed class MmgCorpus
    {
        private MmgCorpus(List<GestureSample> samples)
        {
            samples.Sort((a, b) => string.CompareOrdinal(a.Source, b.Source));
            Samples = samples;
            Labels = Distinct(samples, s => s.Label);
            Subjects = Distinct(samples, s => s.Subject);
        }

        public IReadOnlyList<GestureSample> Samples { get; }

        /// <summary>Distinct labels in ordinal order (index = class id when used as-is).</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>Distinct subject ids in ordinal order.</summary>
        public IReadOnlyList<string> Subjects { get; }

        /// <summary>Loads every *.xml under a folder (recursively), or every *.xml entry of a .tar, .tar.gz or .tgz file.</summary>
        public static MmgCorpus Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (Directory.Exists(path))
            {
                var files = new List<string>(Directory.EnumerateFiles(path, "*.xml", SearchOption.AllDirectories));
                var samples = new List<GestureSample>(files.Count);
                string root = Path.GetFullPath(path);
                foreach (string file in files)
                {
                    string relative = Path.GetFullPath(file).Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                        .Replace(Path.DirectorySeparatorChar, '/');
                    using FileStream stream = File.OpenRead(file);
                    samples.Add(ReadGesture(stream, relative));
                }
                return new MmgCorpus(samples);
            }
            if (!File.Exists(path)) throw new FileNotFoundException("No MMG corpus folder or archive at this path.", path);
            using FileStream archive = File.OpenRead(path);
            bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
            return gzip ? LoadTarGz(archive) : LoadTar(archive);
        }

        /// <summary>Loads the *.xml entries of a gzip-compressed tar stream.</summary>
        public static MmgCorpus LoadTarGz(Stream stream)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var buffered = new BufferedStream(gzip, 1 << 16);
            return LoadTar(buffered);
        }

        /// <summary>Loads the *.xml entries of an uncompressed tar stream.</summary>
        public static MmgCorpus LoadTar(Stream stream)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            var reader = new TarEntryReader(stream);
            var samples = new List<GestureSample>();
            while (reader.TryNext(out string entry, out byte[] contents))
            {
                if (!entry.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) continue;
                using var xml = new MemoryStream(contents, writable: false);
                samples.Add(ReadGesture(xml, entry));
            }
            return new MmgCorpus(samples);
        }

        /// <summary>Reads one gesture file; <paramref name="source"/> names it in errors and in <see cref="GestureSample.Source"/>.</summary>
        public static GestureSample ReadGesture(Stream xml, string source = "")
        {
            if (xml is null) throw new ArgumentNullException(nameof(xml));
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                IgnoreComments = true,
                IgnoreWhitespace = true,
                IgnoreProcessingInstructions = true,
            };
            try
            {
                using XmlReader reader = XmlReader.Create(xml, settings);
                return Parse(reader, source);
            }
            catch (XmlException e)
            {
                throw new InvalidDataException($"'{source}' is not well-formed gesture XML: {e.Message}", e);
            }
        }

        private static GestureSample Parse(XmlReader reader, string source)
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Gesture")
                throw new InvalidDataException($"'{source}' does not start with a <Gesture> element.");
            string name = reader.GetAttribute("Name") ?? "";
            string subject = reader.GetAttribute("Subject") ?? "";
            string inputType = reader.GetAttribute("InputType") ?? "";
            string speed = reader.GetAttribute("Speed") ?? "";
            int tilde = name.IndexOf('~');
            string label = tilde >= 0 ? name.Substring(0, tilde) : name;
            int repetition = 0;
            if (tilde >= 0) int.TryParse(name.Substring(tilde + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out repetition);

            var strokes = new List<KeyValuePair<int, List<StrokePoint>>>();
            List<StrokePoint>? current = null;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.LocalName == "Stroke")
                {
                    int index = strokes.Count;
                    string? indexText = reader.GetAttribute("index");
                    if (indexText != null && !int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out index))
                        throw new InvalidDataException($"'{source}': stroke index '{indexText}' is not an integer.");
                    current = new List<StrokePoint>();
                    strokes.Add(new KeyValuePair<int, List<StrokePoint>>(index, current));
                }
                else if (reader.LocalName == "Point")
                {
                    if (current is null) throw new InvalidDataException($"'{source}': a <Point> lies outside any <Stroke>.");
                    current.Add(new StrokePoint(
                        (float)Number(reader, "X", source), (float)Number(reader, "Y", source), Number(reader, "T", source), 0));
                }
            }

            // Temporal order by the index attribute; equal indices keep file order.
            var order = new int[strokes.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, (a, b) => strokes[a].Key != strokes[b].Key ? strokes[a].Key.CompareTo(strokes[b].Key) : a.CompareTo(b));
            int total = 0;
            foreach (var s in strokes) total += s.Value.Count;
            var points = new StrokePoint[total];
            int n = 0, strokeCount = 0;
            foreach (int k in order)
            {
                List<StrokePoint> stroke = strokes[k].Value;
                if (stroke.Count == 0) continue;
                foreach (StrokePoint p in stroke) points[n++] = new StrokePoint(p.X, p.Y, p.Time, strokeCount);
                strokeCount++;
            }
            return new GestureSample(label, subject, inputType, speed, repetition, name, source, points, strokeCount);
        }

        private static double Number(XmlReader reader, string attribute, string source)
        {
            string? text = reader.GetAttribute(attribute);
            if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new InvalidDataException($"'{source}': a <Point> has no numeric {attribute} attribute.");
            return value;
        }

        private static IReadOnlyList<string> Distinct(List<GestureSample> samples, Func<GestureSample, string> key)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (GestureSample s in samples) set.Add(key(s));
            var list = new List<string>(set);
            list.Sort(string.CompareOrdinal);
            return list;
        }
    }
}
