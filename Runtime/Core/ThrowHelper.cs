// Cold-path throws for the whole runtime, so hot loops stay free of throw code and string formatting.
// Exceptions are the documented types: ArgumentException family for caller mistakes, RecurrentException for model problems.
using System;
using System.Diagnostics.CodeAnalysis;

namespace Recurrent.Core
{
    internal static class ThrowHelper
    {
        [DoesNotReturn]
        public static void ThrowArgument(string paramName, string message) =>
            throw new ArgumentException(message, paramName);

        [DoesNotReturn]
        public static void ThrowArgumentOutOfRange(string paramName, string message) =>
            throw new ArgumentOutOfRangeException(paramName, message);

        [DoesNotReturn]
        public static void ThrowBufferTooSmall(string paramName, int required, int actual) =>
            throw new ArgumentException(
                $"Buffer '{paramName}' holds {actual} elements but {required} are required.", paramName);

        [DoesNotReturn]
        public static void ThrowModel(string message) => throw new RecurrentException(message);

        [DoesNotReturn]
        public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

        [DoesNotReturn]
        public static void ThrowObjectDisposed(string name) => throw new ObjectDisposedException(name);

        public static void CheckLength(int actual, int required, string paramName)
        {
            if (actual < required)
                ThrowBufferTooSmall(paramName, required, actual);
        }

        public static void CheckExactLength(int actual, int required, string paramName)
        {
            if (actual != required)
                ThrowArgument(paramName, $"Buffer '{paramName}' holds {actual} elements but exactly {required} are required.");
        }
    }
}
