// The per-feature scalers (model file strings "standard" and "minmax").
namespace Recurrent.Data
{
    public enum FeatureScalerKind
    {
        /// <summary>x' = (x − mean) / scale, scale = population standard deviation (1 where it is 0).</summary>
        Standard,
        /// <summary>x' = (x − min) / (max − min), with (max − min) replaced by 1 where it is 0.</summary>
        MinMax,
    }
}
