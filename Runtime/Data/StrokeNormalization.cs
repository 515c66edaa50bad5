// Which reference frame StrokePreprocessor normalises a gesture into.
namespace Recurrent.Data
{
    public enum StrokeNormalization
    {
        /// <summary>
        /// Whole-gesture frame ($1/$N style), applied after resampling: optional rotation of the indicative angle to 0,
        /// scale by the bounding box's larger side or the RMS radius, centroid to the origin. Needs the finished gesture.
        /// </summary>
        Gesture,
        /// <summary>
        /// Streaming-safe frame, applied before resampling: subtract the first point and divide by a fixed
        /// ReferenceSize. Known from the first point on, so live features equal the batch features exactly.
        /// </summary>
        StreamingSafe,
    }
}
