// A growable list of resampled points (double x, y and a stroke id) used inside stroke preprocessing; grows only
// when a longer path first arrives, so a reused instance stops allocating.
using System;

namespace Recurrent.Data
{
    internal sealed class ResampledPath
    {
        private double[] _x = new double[64];
        private double[] _y = new double[64];
        private int[] _stroke = new int[64];

        public int Count { get; private set; }

        public double[] X => _x;

        public double[] Y => _y;

        public int[] Stroke => _stroke;

        public void Clear() => Count = 0;

        public void Add(double x, double y, int stroke)
        {
            if (Count == _x.Length)
            {
                int size = _x.Length * 2;
                Array.Resize(ref _x, size);
                Array.Resize(ref _y, size);
                Array.Resize(ref _stroke, size);
            }
            _x[Count] = x;
            _y[Count] = y;
            _stroke[Count] = stroke;
            Count++;
        }

        /// <summary>Drops the first <paramref name="n"/> points.</summary>
        public void RemoveFirst(int n)
        {
            if (n >= Count)
            {
                Count = 0;
                return;
            }
            int rest = Count - n;
            Array.Copy(_x, n, _x, 0, rest);
            Array.Copy(_y, n, _y, 0, rest);
            Array.Copy(_stroke, n, _stroke, 0, rest);
            Count = rest;
        }
    }
}
