// A growable array of scalars for repeated protobuf fields. Callers bound the count (ProtoWireReader checks it
// against a limit before every append), so growth is always backed by input bytes.
using System;

namespace Recurrent.Formats.Onnx
{
    internal struct ProtoList<T> where T : struct
    {
        private T[]? _items;
        private int _count;

        /// <summary>A list that holds <paramref name="capacity"/> items without growing.</summary>
        public ProtoList(int capacity)
        {
            _items = capacity == 0 ? Array.Empty<T>() : new T[capacity];
            _count = 0;
        }

        public int Count => _count;

        public void Add(T item)
        {
            if (_items is null || _count == _items.Length) Grow(1);
            _items![_count++] = item;
        }

        /// <summary>Room for <paramref name="count"/> more items, returned for the caller to fill.</summary>
        public Span<T> AppendSpan(int count)
        {
            if (_items is null || _items.Length - _count < count) Grow(count);
            Span<T> span = _items.AsSpan(_count, count);
            _count += count;
            return span;
        }

        /// <summary>The items; the backing array itself when it is exactly full (no copy).</summary>
        public T[] ToArray()
        {
            if (_count == 0) return Array.Empty<T>();
            if (_items!.Length == _count) return _items;
            return _items.AsSpan(0, _count).ToArray();
        }

        private void Grow(int adding)
        {
            int current = _items?.Length ?? 0;
            long needed = (long)_count + adding;
            long capacity = Math.Max(needed, Math.Max(4L, current * 2L));
            if (capacity > MaxLength) capacity = Math.Max(needed, MaxLength);
            var grown = new T[capacity];
            if (_count > 0) _items.AsSpan(0, _count).CopyTo(grown);
            _items = grown;
        }

        // Array.MaxLength on .NET 6+; the callers' limits keep counts far below it.
        private const int MaxLength = 0x7FFFFFC7;
    }
}
