// The per-run allocation and work budget of OnnxGraphExecutor: kernels reserve bytes before they allocate and charge
// estimated operations before heavy loops; past a limit the run stops. Limits are set in OnnxExecutorOptions.
using System;
using System.Globalization;

namespace Recurrent.Formats.Onnx
{
    /// <summary>
    /// What one run (or one build's constant folding) may still allocate and compute. Shared by the main graph and every
    /// If / Loop body it runs, used by one thread at a time. Throws <see cref="OnnxBudgetExceededException"/> without
    /// the node; the plan adds it.
    /// </summary>
    internal sealed class OnnxRunBudget
    {
        private readonly long _maxBytes, _maxWork;
        private readonly bool _bytesAutomatic, _workAutomatic;
        private readonly long _modelBytes, _inputBytes, _modelElements, _inputElements;
        private readonly bool _folding;

        private OnnxRunBudget(long maxBytes, bool bytesAutomatic, long maxWork, bool workAutomatic, long modelBytes, long inputBytes,
            long modelElements, long inputElements, bool folding)
        {
            _maxBytes = maxBytes;
            _bytesAutomatic = bytesAutomatic;
            _maxWork = maxWork;
            _workAutomatic = workAutomatic;
            _modelBytes = modelBytes;
            _inputBytes = inputBytes;
            _modelElements = modelElements;
            _inputElements = inputElements;
            _folding = folding;
        }

        /// <summary>The budget of one run: the options' limits, or the automatic ones from the model's and the inputs' sizes.</summary>
        public static OnnxRunBudget ForRun(OnnxExecutorOptions options, OnnxModelSize model, long inputBytes, long inputElements) =>
            Create(options, model, inputBytes, inputElements, folding: false);

        /// <summary>The budget of a build's constant folding (no inputs yet): the same rules with inputs of size 0.</summary>
        public static OnnxRunBudget ForFolding(OnnxExecutorOptions options, OnnxModelSize model) =>
            Create(options, model, 0, 0, folding: true);

        private static OnnxRunBudget Create(OnnxExecutorOptions options, OnnxModelSize model, long inputBytes, long inputElements, bool folding)
        {
            long? bytes = options.MaxRunAllocatedBytes, work = options.MaxRunWork;
            return new OnnxRunBudget(
                bytes ?? OnnxExecutorOptions.AutomaticAllocatedBytes(model.Bytes, inputBytes), bytes is null,
                work ?? OnnxExecutorOptions.AutomaticWork(model.Elements, inputElements), work is null,
                model.Bytes, inputBytes, model.Elements, inputElements, folding);
        }

        /// <summary>Bytes reserved so far.</summary>
        public long AllocatedBytes { get; private set; }

        /// <summary>Operations charged so far.</summary>
        public long Work { get; private set; }

        /// <summary>Reserves <paramref name="elements"/> of <paramref name="elementBytes"/> bytes each (one work unit per element written).</summary>
        public void Allocate(long elements, int elementBytes)
        {
            long bytes = OnnxShapes.Product(elements, elementBytes);
            if (bytes > _maxBytes - AllocatedBytes) throw Exceeded(OnnxBudgetKind.AllocatedBytes, Sum(AllocatedBytes, bytes));
            if (elements > _maxWork - Work) throw Exceeded(OnnxBudgetKind.Work, Sum(Work, elements));
            AllocatedBytes += bytes;
            Work += elements;
        }

        /// <summary>Charges <paramref name="operations"/> (multiply-adds, element reads) before a loop does them.</summary>
        public void Charge(long operations)
        {
            if (operations > _maxWork - Work) throw Exceeded(OnnxBudgetKind.Work, Sum(Work, operations));
            Work += operations;
        }

        public float[] Floats(int n)
        {
            Allocate(n, sizeof(float));
            return new float[n];
        }

        public double[] Doubles(int n)
        {
            Allocate(n, sizeof(double));
            return new double[n];
        }

        public long[] Longs(int n)
        {
            Allocate(n, sizeof(long));
            return new long[n];
        }

        public bool[] Bools(int n)
        {
            Allocate(n, sizeof(bool));
            return new bool[n];
        }

        /// <summary>An index map (gather positions).</summary>
        public int[] Ints(int n)
        {
            Allocate(n, sizeof(int));
            return new int[n];
        }

        /// <summary>A storage array of <paramref name="type"/>'s kind (<see cref="OnnxValue.NewStorage"/>).</summary>
        public Array Storage(OnnxDataType type, int n)
        {
            Allocate(n, ElementBytes(type));
            return OnnxValue.NewStorage(type, n);
        }

        /// <summary>Bytes per element of the executor's storage for <paramref name="type"/> (integers are stored as long).</summary>
        public static int ElementBytes(OnnxDataType type) => type switch
        {
            OnnxDataType.Float => sizeof(float),
            OnnxDataType.Bool => sizeof(bool),
            _ => sizeof(long),
        };

        /// <summary>Bytes of one element of a storage type (float, double, long, bool or int); folded by the JIT.</summary>
        public static int SizeOf<T>() =>
            typeof(T) == typeof(bool) ? sizeof(bool) : typeof(T) == typeof(float) || typeof(T) == typeof(int) ? sizeof(float) : sizeof(long);

        private static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        private OnnxBudgetExceededException Exceeded(OnnxBudgetKind kind, long required)
        {
            string what = _folding ? "folding the model's constants" : "this run";
            string message;
            if (kind == OnnxBudgetKind.AllocatedBytes)
            {
                string origin = _bytesAutomatic
                    ? $"automatic: {Text(OnnxExecutorOptions.AutomaticBytesFloor)} + {OnnxExecutorOptions.AutomaticBytesPerModelByte} x " +
                      $"{Text(_modelBytes)} of model tensors + {OnnxExecutorOptions.AutomaticBytesPerInputByte} x {Text(_inputBytes)} of inputs"
                    : "set in OnnxExecutorOptions";
                message = $"{what} would allocate {Text(required)} bytes of tensors, past its budget of {Text(_maxBytes)} bytes ({origin}). " +
                          "A model that legitimately needs more can run with a higher OnnxExecutorOptions.MaxRunAllocatedBytes.";
            }
            else
            {
                string origin = _workAutomatic
                    ? $"automatic: {Text(OnnxExecutorOptions.AutomaticWorkFloor)} + {OnnxExecutorOptions.AutomaticWorkPerWeightAndInput} x " +
                      $"(1 + {Text(_modelElements)} model elements) x (1 + {Text(_inputElements)} input elements)"
                    : "set in OnnxExecutorOptions";
                message = $"{what} would take about {(required == long.MaxValue ? "more than 2^63" : Text(required))} operations, past its budget of " +
                          $"{Text(_maxWork)} ({origin}). A model that legitimately needs more can run with a higher OnnxExecutorOptions.MaxRunWork.";
            }
            return new OnnxBudgetExceededException(message, kind, kind == OnnxBudgetKind.AllocatedBytes ? _maxBytes : _maxWork, required);
        }

        private static string Text(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>The size of a model's own tensors (initializers and Constant nodes, subgraphs included), the base of the automatic budgets.</summary>
    internal readonly struct OnnxModelSize
    {
        public OnnxModelSize(long elements, long bytes)
        {
            Elements = elements;
            Bytes = bytes;
        }

        public long Elements { get; }
        public long Bytes { get; }
    }
}
