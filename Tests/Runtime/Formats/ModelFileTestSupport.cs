// Shared by the model file tests: a small document tree (ordered maps, lists, scalars, float32 tensors) written with
// our MessagePackWriter so tests can hand-craft valid and broken files; model comparisons and seeded predictions.
#nullable enable
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Formats;
using Recurrent.Formats.MessagePack;
using Recurrent.Ops;

namespace Recurrent.Tests.Formats
{
    /// <summary>An ordered MessagePack map for hand-made documents; setting an existing key replaces its value in place.</summary>
    internal sealed class DocMap : List<KeyValuePair<object, object?>>
    {
        public object? this[object key]
        {
            get
            {
                foreach (var kv in this)
                    if (Equals(kv.Key, key)) return kv.Value;
                throw new KeyNotFoundException(key.ToString());
            }
            set
            {
                for (int i = 0; i < Count; i++)
                {
                    if (Equals(base[i].Key, key))
                    {
                        base[i] = new KeyValuePair<object, object?>(key, value);
                        return;
                    }
                }
                Add(new KeyValuePair<object, object?>(key, value));
            }
        }

        public void Add(object key, object? value) => Add(new KeyValuePair<object, object?>(key, value));

        public bool Remove(object key) => RemoveAll(kv => Equals(kv.Key, key)) > 0;
    }

    internal static class ModelFileTestSupport
    {
        /// <summary>Writes a tree: null, bool, int/long, float (float32), double, string, byte[], float[] (a float32 bin), DocMap, IList.</summary>
        public static void WriteTree(MessagePackWriter w, object? value)
        {
            switch (value)
            {
                case null: w.WriteNil(); break;
                case bool b: w.WriteBoolean(b); break;
                case int i: w.WriteInt64(i); break;
                case long l: w.WriteInt64(l); break;
                case float f: w.WriteSingle(f); break;
                case double d: w.WriteDouble(d); break;
                case string s: w.WriteString(s); break;
                case byte[] bytes: w.WriteBinary(bytes); break;
                case float[] floats: w.WriteBinary(Float32Bytes(floats)); break;
                case DocMap map:
                    w.WriteMapHeader(map.Count);
                    foreach (var kv in map)
                    {
                        WriteTree(w, kv.Key);
                        WriteTree(w, kv.Value);
                    }
                    break;
                case System.Collections.IList list:
                    w.WriteArrayHeader(list.Count);
                    foreach (object? item in list) WriteTree(w, item);
                    break;
                default: throw new ArgumentException("unsupported tree value " + value.GetType());
            }
        }

        public static byte[] Bytes(object tree) => MessagePackTestBytes.Write(w => WriteTree(w, tree));

        public static byte[] Float32Bytes(float[] values)
        {
            var bytes = new byte[4 * values.Length];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), BitConverter.SingleToInt32Bits(values[i]));
            return bytes;
        }

        public static float[] Sequence(int n, float scale = 0.1f)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (i % 7 - 3) * scale;
            return v;
        }

        public static DocMap Tensor(string name, float[] data, params int[] shape) => new DocMap
        {
            { "name", name }, { "dtype", "float32" }, { "shape", new List<object?>(Array.ConvertAll(shape, d => (object?)d)) }, { "data", data },
        };

        /// <summary>A valid document of a Dense(2 -> 3, Tanh) model, built by hand from docs/model-format.md.</summary>
        public static DocMap TinyDenseDocument() => new DocMap
        {
            { "format", "recurrent-model" },
            { "version", 1 },
            { "name", "tiny" },
            { "architecture", new List<object?>
                {
                    new DocMap { { "kind", "dense" }, { "name", "dense_1" }, { "activation", new DocMap { { "kind", "Tanh" }, { "alpha", 0f }, { "beta", 0f } } } },
                } },
            { "weights", new List<object?> { Tensor("dense_1/kernel", Sequence(6), 2, 3), Tensor("dense_1/bias", Sequence(3, 0.5f), 3) } },
            { "metadata", new DocMap { { "producer", "hand" }, { "created", "2025-01-01T00:00:00Z" } } },
        };

        /// <summary>Predictions on a fixed batch (2 sequences of 5 steps, the second 3 long).</summary>
        public static float[] Predict(Model model)
        {
            var inference = new InferenceModel(model);
            const int batch = 2, time = 5;
            int[] lengths = { 5, 3 };
            if (model.InputKind == ModelInputKind.Tokens)
            {
                int vocabulary = model.InputSize;
                var tokens = new int[batch * time];
                for (int i = 0; i < tokens.Length; i++) tokens[i] = (i * 7 + 3) % vocabulary;
                var runner = inference.CreateBatchRunner();
                var output = new float[runner.OutputLength(batch, time)];
                runner.Run(tokens, batch, time, lengths, output);
                return output;
            }
            var input = new float[batch * time * model.InputSize];
            for (int i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(0.37 * i) * 1.5f;
            return inference.Predict(input, batch, time, lengths);
        }

        /// <summary>Same layers, configuration and weight bits.</summary>
        public static void AssertSameModel(Model expected, Model actual)
        {
            Assert.That(actual.Name, Is.EqualTo(expected.Name));
            Assert.That(actual.Layers.Count, Is.EqualTo(expected.Layers.Count), "layer count");
            for (int i = 0; i < expected.Layers.Count; i++)
            {
                Layer e = expected.Layers[i], a = actual.Layers[i];
                string what = $"layer {i} ('{e.Name}')";
                Assert.That(a.GetType(), Is.EqualTo(e.GetType()), what);
                Assert.That(a.Name, Is.EqualTo(e.Name), what);
                Assert.That(a.InputSize, Is.EqualTo(e.InputSize), what + " input size");
                Assert.That(a.OutputSize, Is.EqualTo(e.OutputSize), what + " output size");
                Assert.That(a.ReturnsSequences, Is.EqualTo(e.ReturnsSequences), what + " returns sequences");
                switch (e)
                {
                    case RecurrentLayer er:
                        var ar = (RecurrentLayer)a;
                        RecurrentOpAttributes ea = er.Attributes, aa = ar.Attributes;
                        Assert.That(aa.Cell, Is.EqualTo(ea.Cell), what);
                        Assert.That(aa.HiddenSize, Is.EqualTo(ea.HiddenSize), what);
                        Assert.That(aa.Direction, Is.EqualTo(ea.Direction), what);
                        Assert.That(aa.Clip, Is.EqualTo(ea.Clip), what + " clip");
                        Assert.That(aa.InputForget, Is.EqualTo(ea.InputForget), what);
                        Assert.That(aa.LinearBeforeReset, Is.EqualTo(ea.LinearBeforeReset), what);
                        Assert.That(aa.ActivationAlpha, Is.EqualTo(ea.ActivationAlpha), what + " activation_alpha");
                        Assert.That(aa.ActivationBeta, Is.EqualTo(ea.ActivationBeta), what + " activation_beta");
                        Assert.That(ar.Merge, Is.EqualTo(er.Merge), what);
                        Assert.That(EffectiveActivations(aa), Is.EqualTo(EffectiveActivations(ea)), what + " activations");
                        break;
                    case DenseLayer ed:
                        Assert.That(((DenseLayer)a).Activation, Is.EqualTo(ed.Activation), what);
                        break;
                    case ActivationLayer eact:
                        Assert.That(((ActivationLayer)a).Activation, Is.EqualTo(eact.Activation), what);
                        break;
                    case SoftmaxLayer es:
                        Assert.That(((SoftmaxLayer)a).Log, Is.EqualTo(es.Log), what);
                        break;
                }
                Assert.That(a.Weights.Count, Is.EqualTo(e.Weights.Count), what + " weight count");
                for (int k = 0; k < e.Weights.Count; k++)
                {
                    Assert.That(a.Weights[k].Name, Is.EqualTo(e.Weights[k].Name), what);
                    Assert.That(a.Weights[k].Shape, Is.EqualTo(e.Weights[k].Shape), e.Weights[k].Name + " shape");
                    FormatAssert.BitExact(e.Weights[k].Value.Data, a.Weights[k].Value.Data, e.Weights[k].Name);
                }
            }
        }

        /// <summary>The activation names a recurrent layer runs with, per direction, lower-cased (null means the ONNX defaults).</summary>
        public static string[] EffectiveActivations(RecurrentOpAttributes a)
        {
            string[] one = a.Activations is null || a.Activations.Length == 0 ? RecurrentOpAttributes.DefaultActivations(a.Cell) : a.Activations;
            var all = new List<string>(one);
            if (a.NumDirections == 2 && one.Length == RecurrentOpAttributes.DefaultActivations(a.Cell).Length) all.AddRange(one);
            return all.ConvertAll(s => s.ToLowerInvariant()).ToArray();
        }

        public static Tensor T(float[] data, params int[] dims) => new Tensor(data, dims);
    }
}
