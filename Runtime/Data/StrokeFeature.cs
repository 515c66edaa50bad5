// The per-point features StrokePreprocessor can emit, with their names in settings and model files.
namespace Recurrent.Data
{
    public enum StrokeFeature
    {
        /// <summary>"x": normalised x.</summary>
        X,
        /// <summary>"y": normalised y.</summary>
        Y,
        /// <summary>"dx": x minus the previous output point's x (0 at the first point).</summary>
        Dx,
        /// <summary>"dy": y minus the previous output point's y (0 at the first point).</summary>
        Dy,
        /// <summary>"pen": 1 while drawing, 0 at the first point of a new stroke (the point reached by a pen-up jump).</summary>
        Pen,
        /// <summary>"pen_up": 1 − pen.</summary>
        PenUp,
    }
}
