// The feature scalers a model file can describe (file strings "standard", "minmax").
namespace Recurrent.Formats
{
    public enum ScalerKind
    {
        /// <summary>x' = (x - mean) / scale.</summary>
        Standard,
        /// <summary>x' = (x - min) / (max - min).</summary>
        MinMax,
    }
}
