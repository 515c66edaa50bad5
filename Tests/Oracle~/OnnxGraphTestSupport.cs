// Helpers for the OnnxGraphExecutor tests: loading models through either decoder, comparing executor values with
// expected ones (type, shape, values with a tolerance, first difference in the message), and building small graphs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Ir = Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    /// <summary>Which decoder turns the .onnx / .pb files into the runtime's IR.</summary>
    public enum OnnxModelSource
    {
        /// <summary>Google.Protobuf classes generated from onnx.proto3, converted by <see cref="OracleToIr"/>.</summary>
        Oracle,

        /// <summary>The runtime's own reader, <see cref="OnnxReader"/>.</summary>
        Reader,
    }

    internal static class OnnxGraphTestSupport
    {
        public static OnnxModel LoadModel(string path, OnnxModelSource source) =>
            source == OnnxModelSource.Oracle ? OracleToIr.LoadModel(path) : OnnxReader.ReadFile(path);

        public static OnnxValue LoadTensor(string path, OnnxModelSource source) =>
            source == OnnxModelSource.Oracle ? OracleToIr.Value(OnnxTensor.Load(path)) : OnnxValue.FromTensor(OnnxReader.ReadTensorFile(path));

        /// <summary>
        /// Asserts <paramref name="actual"/> has the element type and shape of <paramref name="expected"/> and values within
        /// |a − e| ≤ abs + rel·|e| (integers and bools exactly; NaN matches NaN). Returns the largest absolute difference.
        /// </summary>
        public static double AssertMatches(OnnxValue actual, OnnxValue expected, double abs, double rel, string label)
        {
            Assert.That(actual.IsSequence, Is.False, $"{label}: expected a tensor, got {actual.Describe()}.");
            Assert.That(actual.ElementType, Is.EqualTo(expected.ElementType), $"{label}: element type ({actual.Describe()} vs expected {expected.Describe()}).");
            Assert.That(actual.GetShape(), Is.EqualTo(expected.GetShape()), $"{label}: shape ({actual.Describe()} vs expected {expected.Describe()}).");
            double[] a = AsDoubles(actual), e = AsDoubles(expected);
            bool exact = expected.ElementType != OnnxDataType.Float && expected.ElementType != OnnxDataType.Double;
            double maxError = 0;
            int maxAt = -1, first = -1, mismatches = 0;
            for (int i = 0; i < a.Length; i++)
            {
                // As numpy.testing.assert_allclose (equal_nan=True): NaN matches NaN, an infinity matches itself.
                bool same = a[i].Equals(e[i]);
                double d = same ? 0 : Math.Abs(a[i] - e[i]);
                if (double.IsNaN(d)) d = double.PositiveInfinity;
                if (maxAt < 0 || d > maxError)
                {
                    maxError = d;
                    maxAt = i;
                }
                bool ok = same || (!exact && d <= abs + rel * Math.Abs(e[i]));
                if (ok) continue;
                if (first < 0) first = i;
                mismatches++;
            }
            string detail = first < 0
                ? string.Empty
                : $"first at flat index {first}: actual {Format(a[first])}, expected {Format(e[first])}; max |a-e| = {Format(maxError)} at {maxAt}";
            Assert.That(mismatches, Is.EqualTo(0),
                $"{label}: {mismatches} of {a.Length} elements differ beyond |a-e| <= {Format(abs)} + {Format(rel)}*|e|; {detail}.");
            return maxError;
        }

        public static double[] AsDoubles(OnnxValue v)
        {
            switch (v.ElementType)
            {
                case OnnxDataType.Float: return v.AsFloats().ToArray().Select(x => (double)x).ToArray();
                case OnnxDataType.Double: return v.AsDoubles().ToArray();
                case OnnxDataType.Bool: return v.AsBools().ToArray().Select(x => x ? 1.0 : 0.0).ToArray();
                default: return v.AsInt64s().ToArray().Select(x => (double)x).ToArray();
            }
        }

        public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        // ---- small graph construction ----

        public static Ir.OnnxNode Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
            new Ir.OnnxNode(opType + "_node", opType, string.Empty, inputs, outputs, attributes);

        public static Ir.OnnxNode NamedNode(string name, string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
            new Ir.OnnxNode(name, opType, string.Empty, inputs, outputs, attributes);

        public static OnnxAttribute Int(string name, long value) => new OnnxAttribute(name, OnnxAttributeType.Int) { I = value };

        public static OnnxAttribute Float(string name, float value) => new OnnxAttribute(name, OnnxAttributeType.Float) { F = value };

        public static OnnxAttribute Ints(string name, params long[] values) => new OnnxAttribute(name, OnnxAttributeType.Ints) { Ints = values };

        public static OnnxAttribute String(string name, string value) => new OnnxAttribute(name, OnnxAttributeType.String) { S = value };

        public static OnnxAttribute Graph(string name, OnnxGraph graph) => new OnnxAttribute(name, OnnxAttributeType.Graph) { G = graph };

        public static OnnxAttribute TensorAttr(string name, Ir.OnnxTensor tensor) => new OnnxAttribute(name, OnnxAttributeType.Tensor) { T = tensor };

        public static Ir.OnnxValueInfo Info(string name, OnnxDataType type, params long[] dims) => new Ir.OnnxValueInfo(name, type, dims, null);

        /// <summary>A value info with unknown shape.</summary>
        public static Ir.OnnxValueInfo AnyShape(string name, OnnxDataType type) => new Ir.OnnxValueInfo(name, type, null, null);

        public static Ir.OnnxTensor FloatTensor(string name, float[] data, params long[] dims) =>
            new Ir.OnnxTensor(name, OnnxDataType.Float, dims, floats: data);

        public static Ir.OnnxTensor LongTensor(string name, long[] data, params long[] dims) =>
            new Ir.OnnxTensor(name, OnnxDataType.Int64, dims, longs: data);

        public static Ir.OnnxTensor BoolTensor(string name, bool[] data, params long[] dims) =>
            new Ir.OnnxTensor(name, OnnxDataType.Bool, dims, bools: data);

        public static OnnxGraph Graph(string name, Ir.OnnxNode[] nodes, Ir.OnnxValueInfo[] inputs, Ir.OnnxValueInfo[] outputs,
            params Ir.OnnxTensor[] initializers) =>
            new OnnxGraph(name, nodes, initializers, inputs, outputs, Array.Empty<Ir.OnnxValueInfo>());

        public static OnnxModel Model(long opset, OnnxGraph graph, string? path = null) =>
            new OnnxModel(8, new Dictionary<string, long> { [string.Empty] = opset }, "recurrent-tests", "1", graph,
                new Dictionary<string, string>(), path);

        /// <summary>Runs a one-input graph and returns its first output.</summary>
        public static OnnxValue RunSingle(OnnxModel model, string inputName, OnnxValue input) =>
            new OnnxGraphExecutor(model).Run(new Dictionary<string, OnnxValue> { [inputName] = input })[0];
    }
}
