// The size that Gesture normalisation divides by (uniformly in x and y, so aspect ratio is kept).
namespace Recurrent.Data
{
    public enum StrokeScaleMode
    {
        /// <summary>The larger side of the bounding box: the result's larger side is 1.</summary>
        BoundingBox,
        /// <summary>The root-mean-square distance of the points from their centroid: the result's RMS radius is 1.</summary>
        RmsRadius,
    }
}
