// How an initializer sees a weight: its storage as a row-major [Rows, Cols] matrix and its fan-in/fan-out. Fans follow
// Keras (computed on the [in, out] kernel), whichever way round our layout stores it.
using Recurrent.Core;

namespace Recurrent.Training
{
    /// <summary>
    /// Layout and fans of a weight. ONNX-layout recurrent weights W [G·H, I] and R [G·H, H] are output-major:
    /// fan_in = I (or H), fan_out = G·H, exactly the fans Keras computes on its [I, G·H] / [H, G·H] kernels.
    /// Dense kernels [I, O] are input-major. Only <see cref="OrthogonalInitializer"/> uses Rows and Cols.
    /// </summary>
    public readonly struct WeightShape
    {
        public WeightShape(int rows, int cols, int fanIn, int fanOut)
        {
            if (rows < 0 || cols < 0 || fanIn < 0 || fanOut < 0)
                ThrowHelper.ThrowArgumentOutOfRange(nameof(rows), $"Shape [{rows}, {cols}] with fans {fanIn}/{fanOut} has a negative value.");
            Rows = rows;
            Cols = cols;
            FanIn = fanIn;
            FanOut = fanOut;
        }

        public int Rows { get; }

        public int Cols { get; }

        public int FanIn { get; }

        public int FanOut { get; }

        /// <summary>[outputs, inputs] storage (ONNX W [G·H, I], R [G·H, H], PyTorch Linear weight).</summary>
        public static WeightShape OutputMajor(int outputs, int inputs) => new WeightShape(outputs, inputs, inputs, outputs);

        /// <summary>[inputs, outputs] storage (Dense kernel [I, O], Keras kernels).</summary>
        public static WeightShape InputMajor(int inputs, int outputs) => new WeightShape(inputs, outputs, inputs, outputs);

        /// <summary>A vector (a bias) with the fans of the weight it belongs to.</summary>
        public static WeightShape Vector(int length, int fanIn, int fanOut) => new WeightShape(1, length, fanIn, fanOut);

        public override string ToString() => $"[{Rows}, {Cols}] fan_in {FanIn} fan_out {FanOut}";
    }
}
