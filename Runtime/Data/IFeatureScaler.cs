// The contract shared by the per-feature scalers: affine x' = (x − offset) / scale per feature, its inverse, and a
// plain-data description. Fitting is each scaler's static Fit; data is row-major [rows, F] (any leading shape).
using System;

namespace Recurrent.Data
{
    /// <summary>A fitted per-feature affine scaler.</summary>
    public interface IFeatureScaler
    {
        /// <summary>F: the feature count it was fitted on; data rows hold F values.</summary>
        int FeatureCount { get; }

        /// <summary>destination = (source − offset) / scale per feature; source and destination may be the same span.</summary>
        void Transform(ReadOnlySpan<float> source, Span<float> destination);

        /// <summary>destination = source · scale + offset per feature.</summary>
        void InverseTransform(ReadOnlySpan<float> source, Span<float> destination);

        /// <summary>Like <see cref="Transform"/> for rows that hold only the listed features, in that order.</summary>
        void TransformColumns(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> features);

        /// <summary>Like <see cref="InverseTransform"/> for rows that hold only the listed features (e.g. forecast targets).</summary>
        void InverseTransformColumns(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> features);

        ScalerSettings Describe();
    }
}
