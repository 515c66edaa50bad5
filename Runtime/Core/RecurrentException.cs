// The documented exception for a model that cannot be built or run (bad shapes, unsupported options, bad weights).
// Caller mistakes on buffers use the ArgumentException family instead.
using System;

namespace Recurrent
{
    /// <summary>A model, layer or operator configuration that Recurrent cannot build or run.</summary>
    public class RecurrentException : Exception
    {
        public RecurrentException(string message) : base(message) { }

        public RecurrentException(string message, Exception inner) : base(message, inner) { }
    }
}
