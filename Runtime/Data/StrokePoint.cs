// One sampled pen or touch position: x, y (any unit, y may grow downward), time in milliseconds and the stroke it
// belongs to. Points of a gesture are given in drawing order; a change of StrokeId starts a new stroke (pen lifted).
namespace Recurrent.Data
{
    public readonly struct StrokePoint
    {
        public StrokePoint(float x, float y, double time, int strokeId)
        {
            X = x;
            Y = y;
            Time = time;
            StrokeId = strokeId;
        }

        public float X { get; }

        public float Y { get; }

        /// <summary>Milliseconds (any origin; only differences are used).</summary>
        public double Time { get; }

        /// <summary>Points with equal consecutive ids form one stroke; any change marks a pen-up jump.</summary>
        public int StrokeId { get; }

        public override string ToString() => $"({X}, {Y}, t={Time}, stroke {StrokeId})";
    }
}
