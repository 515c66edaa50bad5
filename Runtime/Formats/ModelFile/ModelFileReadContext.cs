// The reader's position in the document's key structure ("weights[3].data") and the file it came from, so every
// error can say where it is. Segments are pushed and popped around each value; nothing is formatted until an error.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Recurrent.Formats.MessagePack;

namespace Recurrent.Formats
{
    internal sealed class ModelFileReadContext
    {
        private readonly List<string?> _keys = new List<string?>();
        private readonly List<int> _indices = new List<int>();

        public ModelFileReadContext(string? filePath)
        {
            FilePath = filePath;
        }

        public string? FilePath { get; }

        public void Push(string key)
        {
            _keys.Add(key);
            _indices.Add(-1);
        }

        public void PushIndex(int index)
        {
            _keys.Add(null);
            _indices.Add(index);
        }

        public void Pop()
        {
            _keys.RemoveAt(_keys.Count - 1);
            _indices.RemoveAt(_indices.Count - 1);
        }

        /// <summary>The current key path, e.g. "architecture[2].activations[1]".</summary>
        public string Path
        {
            get
            {
                var sb = new StringBuilder();
                for (int i = 0; i < _keys.Count; i++)
                {
                    if (_keys[i] is string key)
                    {
                        if (sb.Length > 0) sb.Append('.');
                        sb.Append(key);
                    }
                    else
                    {
                        sb.Append('[').Append(_indices[i].ToString(CultureInfo.InvariantCulture)).Append(']');
                    }
                }
                return sb.ToString();
            }
        }

        /// <summary>An error at the current key path.</summary>
        public ModelFormatException Error(string reason, long offset) => new ModelFormatException(reason, Path, offset, FilePath);

        /// <summary>An error at an explicit key path (used after reading, when building the model).</summary>
        public ModelFormatException Error(string reason, string keyPath, long offset, Exception? inner = null) =>
            new ModelFormatException(reason, keyPath, offset, FilePath, inner);

        /// <summary>A wire-level error, located at the current key path.</summary>
        public ModelFormatException Wrap(MessagePackFormatException e) => new ModelFormatException(e.Reason, Path, e.Offset, FilePath, e);
    }
}
