// The preprocessing settings a model file can carry, as plain data for the tokenizer, scaler and stroke code that
// consumes them. Nothing here runs; every part is optional (null when absent).
using System.Collections.Generic;

namespace Recurrent.Formats
{
    /// <summary>How raw input becomes model input, and what the outputs mean.</summary>
    public sealed class ModelPreprocessing
    {
        public TokenizerConfig? Tokenizer { get; set; }

        public ScalerConfig? Scaler { get; set; }

        public StrokeConfig? Stroke { get; set; }

        /// <summary>Class names; index = output index. Null when absent.</summary>
        public List<string>? Labels { get; set; }
    }
}
