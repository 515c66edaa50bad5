// Whether ReduceLearningRateOnPlateau watches a value that should fall (a loss) or rise (an accuracy).
namespace Recurrent.Training
{
    public enum PlateauMode
    {
        /// <summary>Improvement means current &lt; best − minDelta (losses).</summary>
        Min = 0,

        /// <summary>Improvement means current &gt; best + minDelta (accuracies).</summary>
        Max = 1,
    }
}
