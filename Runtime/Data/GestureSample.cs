// One recorded gesture: its class label, who drew it and how, and its points in drawing order (StrokeId = 0-based
// stroke number). Loading is MmgCorpus's job; turning points into features is StrokePreprocessor's.
namespace Recurrent.Data
{
    public sealed class GestureSample
    {
        public GestureSample(string label, string subject, string inputType, string speed, int repetition, string name,
            string source, StrokePoint[] points, int strokeCount)
        {
            Label = label;
            Subject = subject;
            InputType = inputType;
            Speed = speed;
            Repetition = repetition;
            Name = name;
            Source = source;
            Points = points;
            StrokeCount = strokeCount;
        }

        /// <summary>The gesture class, e.g. "five_point_star".</summary>
        public string Label { get; }

        /// <summary>The participant id, e.g. "10".</summary>
        public string Subject { get; }

        /// <summary>"finger" or "stylus" in the MMG corpus.</summary>
        public string InputType { get; }

        /// <summary>"SLOW", "MEDIUM" or "FAST" in the MMG corpus.</summary>
        public string Speed { get; }

        /// <summary>The repetition number from the name ("D~07" → 7), or 0.</summary>
        public int Repetition { get; }

        /// <summary>The recorded name attribute, e.g. "D~07".</summary>
        public string Name { get; }

        /// <summary>The file (or archive entry) it was read from, with '/' separators.</summary>
        public string Source { get; }

        /// <summary>All points, strokes concatenated in temporal order; StrokeId is the 0-based stroke number.</summary>
        public StrokePoint[] Points { get; }

        public int StrokeCount { get; }

        public override string ToString() => $"{Label} by {Subject} ({InputType}, {Speed}): {StrokeCount} strokes, {Points.Length} points";
    }
}
