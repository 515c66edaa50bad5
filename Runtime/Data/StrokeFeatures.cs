// Names of the stroke features as they appear in StrokeSettings.Features and model files ("x", "dx", "pen_up", …).
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Names of <see cref="StrokeFeature"/> values.</summary>
    public static class StrokeFeatures
    {
        public static string GetName(StrokeFeature feature)
        {
            switch (feature)
            {
                case StrokeFeature.X: return "x";
                case StrokeFeature.Y: return "y";
                case StrokeFeature.Dx: return "dx";
                case StrokeFeature.Dy: return "dy";
                case StrokeFeature.Pen: return "pen";
                case StrokeFeature.PenUp: return "pen_up";
                default:
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(feature), $"Unknown stroke feature {feature}.");
                    return null!;
            }
        }

        public static bool TryParse(string name, out StrokeFeature feature)
        {
            switch (name)
            {
                case "x": feature = StrokeFeature.X; return true;
                case "y": feature = StrokeFeature.Y; return true;
                case "dx": feature = StrokeFeature.Dx; return true;
                case "dy": feature = StrokeFeature.Dy; return true;
                case "pen": feature = StrokeFeature.Pen; return true;
                case "pen_up": feature = StrokeFeature.PenUp; return true;
                default: feature = default; return false;
            }
        }
    }
}
