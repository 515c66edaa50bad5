// Rebuilds a fitted scaler from its plain-data description, whichever kind it is (a static switch, no reflection).
using System;
using Recurrent.Core;

namespace Recurrent.Data
{
    /// <summary>Factory for <see cref="IFeatureScaler"/> descriptions.</summary>
    public static class FeatureScaler
    {
        public static IFeatureScaler FromDescription(ScalerSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            switch (settings.Kind)
            {
                case FeatureScalerKind.Standard: return StandardScaler.FromDescription(settings);
                case FeatureScalerKind.MinMax: return MinMaxScaler.FromDescription(settings);
                default:
                    ThrowHelper.ThrowArgument(nameof(settings), $"Unknown scaler kind {settings.Kind}.");
                    return null!;
            }
        }
    }
}
