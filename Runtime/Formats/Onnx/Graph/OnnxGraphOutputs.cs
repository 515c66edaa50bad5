// The result of OnnxGraphExecutor.Run: the graph outputs in declaration order, also reachable by name, and what the
// run used of its budget.
using System;
using System.Collections;
using System.Collections.Generic;

namespace Recurrent.Formats.Onnx
{
    public sealed class OnnxGraphOutputs : IReadOnlyList<OnnxValue>
    {
        private readonly string[] _names;
        private readonly OnnxValue[] _values;

        internal OnnxGraphOutputs(string[] names, OnnxValue[] values, long allocatedBytes, long work)
        {
            _names = names;
            _values = values;
            AllocatedBytes = allocatedBytes;
            Work = work;
        }

        /// <summary>
        /// Bytes of tensor data the run allocated (what <see cref="OnnxExecutorOptions.MaxRunAllocatedBytes"/> limits):
        /// measure a model on its largest expected inputs to choose a tight limit.
        /// </summary>
        public long AllocatedBytes { get; }

        /// <summary>Estimated operations the run did (what <see cref="OnnxExecutorOptions.MaxRunWork"/> limits).</summary>
        public long Work { get; }

        /// <summary>Output names in graph-output order.</summary>
        public IReadOnlyList<string> Names => _names;

        public int Count => _values.Length;

        public OnnxValue this[int index] => _values[index];

        /// <summary>The output called <paramref name="name"/>.</summary>
        public OnnxValue this[string name]
        {
            get
            {
                for (int i = 0; i < _names.Length; i++)
                    if (_names[i] == name) return _values[i];
                throw new KeyNotFoundException($"The graph has no output '{name}' (outputs: {string.Join(", ", _names)}).");
            }
        }

        public bool TryGetValue(string name, out OnnxValue value)
        {
            for (int i = 0; i < _names.Length; i++)
                if (_names[i] == name)
                {
                    value = _values[i];
                    return true;
                }
            value = null!;
            return false;
        }

        public IEnumerator<OnnxValue> GetEnumerator() => ((IEnumerable<OnnxValue>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
    }
}
