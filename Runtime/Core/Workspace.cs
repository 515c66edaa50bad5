// A bump arena of float scratch memory, so steady-state inference allocates nothing: a caller asks for the
// total it needs once (Reserve), then takes slices; growing happens only when a larger request first arrives.
using System;

namespace Recurrent.Core
{
    /// <summary>
    /// Reusable scratch memory. Not thread-safe: give each thread (or session) its own.
    /// Spans taken from it stay valid until the next <see cref="Reserve"/>.
    /// </summary>
    public sealed class Workspace
    {
        private float[] _buffer;
        private int _used;

        public Workspace(int initialCapacity = 0)
        {
            _buffer = initialCapacity > 0 ? new float[initialCapacity] : Array.Empty<float>();
        }

        /// <summary>Capacity in floats.</summary>
        public int Capacity => _buffer.Length;

        /// <summary>Floats handed out since the last <see cref="Reserve"/>.</summary>
        public int Used => _used;

        /// <summary>Makes room for <paramref name="floats"/> values and forgets earlier slices.</summary>
        public void Reserve(int floats)
        {
            if (floats < 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(floats), "Negative workspace size.");
            if (_buffer.Length < floats)
                _buffer = new float[floats];
            _used = 0;
        }

        /// <summary>Takes the next <paramref name="length"/> floats (contents undefined).</summary>
        public Span<float> Take(int length)
        {
            if ((uint)length > (uint)(_buffer.Length - _used))
                ThrowHelper.ThrowInvalidOperation(
                    $"Workspace overflow: asked for {length} floats with {_buffer.Length - _used} left; Reserve more first.");
            var span = new Span<float>(_buffer, _used, length);
            _used += length;
            return span;
        }

        /// <summary>Takes the next <paramref name="length"/> floats, zeroed.</summary>
        public Span<float> TakeZeroed(int length)
        {
            var span = Take(length);
            span.Clear();
            return span;
        }
    }
}
