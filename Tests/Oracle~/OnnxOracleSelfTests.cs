// Checks the test oracle itself (ONNX parsing, tensor decoding, slot mapping, attribute mapping) without running
// RecurrentOp, so a broken fixture or decoder is told apart from a broken kernel.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Ops;
using Recurrent.Tests.Oracle.Onnx;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;

namespace Recurrent.Tests.Oracle
{
    [TestFixture]
    public sealed class OnnxOracleSelfTests
    {
        /// <summary>The fixture README lists 98 case folders (18 official recurrent, 71 other ops, 9 supplementary).</summary>
        private const int ExpectedCaseCount = 98;

        /// <summary>Newest IR version the fixture README says a loader must accept.</summary>
        private const long NewestIrVersion = 13;

        public static IEnumerable<TestCaseData> AllCases() =>
            OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance)
                .Select(d => new TestCaseData(d).SetArgDisplayNames(Path.GetFileName(d)));

        private static string CaseDirectory(string name) => Path.Combine(FixturePaths.OnnxConformance, name);

        [Test]
        public void OnnxConformanceFolder_Holds98Cases()
        {
            Assert.That(OnnxTestCase.FindCaseDirectories(FixturePaths.OnnxConformance).Length, Is.EqualTo(ExpectedCaseCount),
                $"Case folders in {FixturePaths.OnnxConformance}");
        }

        [TestCaseSource(nameof(AllCases))]
        public void Model_ParsesAsOneNodeWithDataMatchingItsDeclaredShapes(string caseDirectory)
        {
            OnnxTestCase testCase = OnnxTestCase.Load(caseDirectory);

            Assert.That(testCase.Model.Graph.Node.Count, Is.EqualTo(1), $"{testCase.Name}: node count");
            Assert.That(testCase.Model.IrVersion, Is.InRange(3L, NewestIrVersion), $"{testCase.Name}: ir_version");
            Assert.That(testCase.Node.OpType, Is.Not.Empty, $"{testCase.Name}: op_type");
            Assert.That(testCase.OpsetVersion, Is.GreaterThan(0L), $"{testCase.Name}: default-domain opset");

            var fed = testCase.GraphInputs.Where(i => !testCase.Initializers.ContainsKey(i.Name)).ToArray();
            for (int n = 0; n < testCase.InputData.Count; n++)
            {
                AssertTensorMatchesDeclaration(testCase.Name, $"input_{n}.pb", testCase.InputData[n], fed[n]);
            }

            for (int n = 0; n < testCase.OutputData.Count; n++)
            {
                AssertTensorMatchesDeclaration(testCase.Name, $"output_{n}.pb", testCase.OutputData[n], testCase.GraphOutputs[n]);
            }

            // Every non-empty node input is fed by a data file (the node tests have no initializers).
            for (int slot = 0; slot < testCase.Node.Inputs.Count; slot++)
            {
                if (!testCase.Node.HasInput(slot)) continue;
                Assert.That(testCase.NodeInput(slot)!.Name, Is.EqualTo(testCase.Node.Inputs[slot]), $"{testCase.Name}: node input {slot}");
            }
        }

        private static void AssertTensorMatchesDeclaration(string caseName, string file, OnnxTensor tensor, OnnxValueInfo declared)
        {
            string where = $"{caseName}/{file} ({declared.Name})";
            Assert.That(tensor.Length, Is.EqualTo(tensor.ElementCount), $"{where}: decoded element count vs dims {tensor.ShapeText}");
            Assert.That(tensor.Dims, Is.EqualTo(declared.Dims), $"{where}: dims vs the graph's declaration");
            Assert.That((int)tensor.DataType, Is.EqualTo(declared.ElemType), $"{where}: data type vs the graph's declaration");
            Assert.That(tensor.Name, Is.EqualTo(declared.Name), $"{where}: TensorProto.name");
        }

        [Test]
        public void TypedFloatData_DecodesLikeRawData()
        {
            string path = Path.Combine(CaseDirectory("supp_lstm_random_forward"), OnnxTestCase.DefaultDataSet, "input_0.pb");
            OnnxTensor fromRaw = OnnxTensor.Load(path);
            var typed = new TensorProto { Name = "X", DataType = (int)DataType.Float };
            typed.Dims.AddRange(fromRaw.Dims);
            typed.FloatData.AddRange(fromRaw.AsFloats());

            // Through the wire format, so the packed float_data field is parsed as another producer would write it.
            OnnxTensor fromTyped = OnnxTensor.FromProto(TensorProto.Parser.ParseFrom(typed.ToByteArray()));

            Assert.That(fromRaw.Length, Is.EqualTo(4 * 2 * 3), "X of supp_lstm_random_forward is [4,2,3]");
            Assert.That(fromTyped.Dims, Is.EqualTo(fromRaw.Dims));
            Assert.That(fromTyped.AsFloats(), Is.EqualTo(fromRaw.AsFloats()));
        }

        [Test]
        public void TypedIntegerDoubleAndBoolData_DecodeLikeLittleEndianRawData()
        {
            int[] int32s = { 0, 1, -1, int.MaxValue, int.MinValue, 4 };
            long[] int64s = { 0, 1, -1, long.MaxValue, long.MinValue, 1L << 40 };
            double[] doubles = { 0.0, -0.5, Math.PI, double.MaxValue, double.Epsilon, 1e-300 };
            bool[] bools = { true, false, false, true, true, false };

            var raw32 = new byte[int32s.Length * 4];
            var raw64 = new byte[int64s.Length * 8];
            var rawDouble = new byte[doubles.Length * 8];
            var rawBool = new byte[bools.Length];
            for (int i = 0; i < 6; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw32.AsSpan(i * 4), int32s[i]);
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw64.AsSpan(i * 8), int64s[i]);
                System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(rawDouble.AsSpan(i * 8), doubles[i]);
                rawBool[i] = bools[i] ? (byte)1 : (byte)0;
            }

            TensorProto Raw(DataType type, byte[] bytes)
            {
                var t = new TensorProto { DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
                t.Dims.AddRange(new long[] { 2, 3 });
                return t;
            }

            TensorProto Typed(DataType type, Action<TensorProto> fill)
            {
                var t = new TensorProto { DataType = (int)type };
                t.Dims.AddRange(new long[] { 2, 3 });
                fill(t);
                return TensorProto.Parser.ParseFrom(t.ToByteArray());
            }

            Assert.That(OnnxTensor.FromProto(Raw(DataType.Int32, raw32)).Int32s, Is.EqualTo(int32s));
            Assert.That(OnnxTensor.FromProto(Typed(DataType.Int32, t => t.Int32Data.AddRange(int32s))).Int32s, Is.EqualTo(int32s));
            Assert.That(OnnxTensor.FromProto(Raw(DataType.Int64, raw64)).Int64s, Is.EqualTo(int64s));
            Assert.That(OnnxTensor.FromProto(Typed(DataType.Int64, t => t.Int64Data.AddRange(int64s))).Int64s, Is.EqualTo(int64s));
            Assert.That(OnnxTensor.FromProto(Raw(DataType.Double, rawDouble)).Doubles, Is.EqualTo(doubles));
            Assert.That(OnnxTensor.FromProto(Typed(DataType.Double, t => t.DoubleData.AddRange(doubles))).Doubles, Is.EqualTo(doubles));
            Assert.That(OnnxTensor.FromProto(Raw(DataType.Bool, rawBool)).Bools, Is.EqualTo(bools));
            Assert.That(OnnxTensor.FromProto(Typed(DataType.Bool, t => t.Int32Data.AddRange(bools.Select(b => b ? 1 : 0)))).Bools,
                Is.EqualTo(bools));
        }

        [Test]
        public void RawBoolAndDoubleFixtures_DecodeToTheirKnownValues()
        {
            // Cast FLOAT -> DOUBLE: the expected doubles are exactly the input floats widened.
            OnnxTestCase cast = OnnxTestCase.Load(CaseDirectory("test_cast_FLOAT_to_DOUBLE"));
            double[] widened = cast.InputData[0].AsFloats().Select(f => (double)f).ToArray();
            Assert.That(cast.OutputData[0].Doubles, Is.EqualTo(widened));

            // Where: z = condition ? x : y, element-wise, which only holds if the bools decode right.
            OnnxTestCase where = OnnxTestCase.Load(CaseDirectory("test_where_example"));
            bool[] condition = where.InputData[0].Bools!;
            float[] x = where.InputData[1].AsFloats(), y = where.InputData[2].AsFloats();
            float[] selected = condition.Select((c, i) => c ? x[i] : y[i]).ToArray();
            Assert.That(where.OutputData[0].AsFloats(), Is.EqualTo(selected));
            Assert.That(condition, Does.Contain(true).And.Contain(false), "the example mixes both branches");
        }

        [Test]
        public void OmittedOptionalInput_IsEmptySlotAndLaterFilesMapByName()
        {
            OnnxTestCase testCase = OnnxTestCase.Load(CaseDirectory("supp_lstm_random_forward"));

            Assert.That(testCase.Node.Inputs, Is.EqualTo(new[] { "X", "W", "R", "B", "", "initial_h", "initial_c" }));
            Assert.That(testCase.NodeInput(OnnxRecurrentRunner.SlotSequenceLens), Is.Null);
            Assert.That(testCase.NodeInput(OnnxRecurrentRunner.SlotP), Is.Null, "slot past the listed inputs");
            Assert.That(testCase.InputData[4].Name, Is.EqualTo("initial_h"), "input_4.pb follows the graph inputs, skipping the omitted slot");
            Assert.That(testCase.NodeInput(OnnxRecurrentRunner.SlotInitialH)!.Dims, Is.EqualTo(new long[] { 1, 2, 5 }));
            Assert.That(testCase.NodeInput(OnnxRecurrentRunner.SlotInitialC)!.Name, Is.EqualTo("initial_c"));
            Assert.That(testCase.GraphOutputs.Select(o => o.Name), Is.EqualTo(new[] { "Y", "Y_h", "Y_c" }));
        }

        [Test]
        public void SequenceLens_DecodesAsInt32()
        {
            OnnxTestCase testCase = OnnxTestCase.Load(CaseDirectory("supp_lstm_sequence_lens_bidirectional"));
            OnnxTensor sequenceLens = testCase.NodeInput(OnnxRecurrentRunner.SlotSequenceLens)!;

            Assert.That(sequenceLens.DataType, Is.EqualTo(DataType.Int32));
            Assert.That(sequenceLens.AsInt32s(), Is.EqualTo(new[] { 4, 2, 1 }));
        }

        [Test]
        public void Attributes_DecodeStringsFloatsIntsAndTensors()
        {
            OnnxNode lstm = OnnxTestCase.Load(CaseDirectory("supp_lstm_hardsigmoid_activations")).Node;
            Assert.That(lstm.OpType, Is.EqualTo("LSTM"));
            Assert.That(lstm.GetInt("hidden_size"), Is.EqualTo(4L));
            Assert.That(lstm.GetStrings("activations"), Is.EqualTo(new[] { "HardSigmoid", "Tanh", "Tanh" }));
            Assert.That(lstm.GetFloats("activation_alpha"), Is.EqualTo(new[] { 0.2f }));
            Assert.That(lstm.GetFloats("activation_beta"), Is.EqualTo(new[] { 0.5f }));
            Assert.That(lstm.HasAttribute("clip"), Is.False);

            OnnxNode gru = OnnxTestCase.Load(CaseDirectory("test_gru_reverse")).Node;
            Assert.That(gru.GetString("direction"), Is.EqualTo("reverse"));

            // Constant: the attribute tensor is the expected output.
            OnnxTestCase constant = OnnxTestCase.Load(CaseDirectory("test_constant"));
            OnnxTensor value = constant.Node.GetTensor("value");
            Assert.That(value.Dims, Is.EqualTo(new long[] { 5, 5 }));
            Assert.That(value.AsFloats(), Is.EqualTo(constant.OutputData[0].AsFloats()));
        }

        [Test]
        public void ReadAttributes_MapsEveryRecurrentAttribute()
        {
            var node = new NodeProto { OpType = "LSTM" };
            node.Attribute.Add(new AttributeProto { Name = "hidden_size", Type = AttributeType.Int, I = 7 });
            node.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeType.String, S = ByteString.CopyFromUtf8("bidirectional") });
            var activations = new AttributeProto { Name = "activations", Type = AttributeType.Strings };
            foreach (string a in new[] { "HardSigmoid", "Tanh", "Relu", "Sigmoid", "Tanh", "Tanh" }) activations.Strings.Add(ByteString.CopyFromUtf8(a));
            node.Attribute.Add(activations);
            var alpha = new AttributeProto { Name = "activation_alpha", Type = AttributeType.Floats };
            alpha.Floats.Add(0.2f);
            node.Attribute.Add(alpha);
            var beta = new AttributeProto { Name = "activation_beta", Type = AttributeType.Floats };
            beta.Floats.Add(0.5f);
            node.Attribute.Add(beta);
            node.Attribute.Add(new AttributeProto { Name = "clip", Type = AttributeType.Float, F = 3.5f });
            node.Attribute.Add(new AttributeProto { Name = "input_forget", Type = AttributeType.Int, I = 1 });
            node.Attribute.Add(new AttributeProto { Name = "layout", Type = AttributeType.Int, I = 1 });

            RecurrentOpAttributes mapped = OnnxRecurrentRunner.ReadAttributes(new OnnxNode(node), hiddenSizeFromR: 99);

            Assert.That(mapped.Cell, Is.EqualTo(RecurrentCellKind.Lstm));
            Assert.That(mapped.HiddenSize, Is.EqualTo(7));
            Assert.That(mapped.Direction, Is.EqualTo(RecurrentDirection.Bidirectional));
            Assert.That(mapped.Activations, Is.EqualTo(new[] { "HardSigmoid", "Tanh", "Relu", "Sigmoid", "Tanh", "Tanh" }));
            Assert.That(mapped.ActivationAlpha, Is.EqualTo(new[] { 0.2f }));
            Assert.That(mapped.ActivationBeta, Is.EqualTo(new[] { 0.5f }));
            Assert.That(mapped.Clip, Is.EqualTo(3.5f));
            Assert.That(mapped.InputForget, Is.True);
            Assert.That(mapped.LinearBeforeReset, Is.False);
            Assert.That(mapped.Layout, Is.EqualTo(1));
        }

        [Test]
        public void ReadAttributes_LeavesOnnxDefaultsWhenAbsent()
        {
            var node = new NodeProto { OpType = "GRU" };

            RecurrentOpAttributes mapped = OnnxRecurrentRunner.ReadAttributes(new OnnxNode(node), hiddenSizeFromR: 5);

            Assert.That(mapped.Cell, Is.EqualTo(RecurrentCellKind.Gru));
            Assert.That(mapped.HiddenSize, Is.EqualTo(5), "hidden_size falls back to R's last dim");
            Assert.That(mapped.Direction, Is.EqualTo(RecurrentDirection.Forward));
            Assert.That(mapped.Activations, Is.Null);
            Assert.That(mapped.ActivationAlpha, Is.Null);
            Assert.That(mapped.ActivationBeta, Is.Null);
            Assert.That(mapped.Clip, Is.Null);
            Assert.That(mapped.InputForget, Is.False);
            Assert.That(mapped.LinearBeforeReset, Is.False);
            Assert.That(mapped.Layout, Is.EqualTo(0));
        }

        [Test]
        public void FixturePaths_FindTheConformanceFolderWithItsReadme()
        {
            Assert.That(File.Exists(Path.Combine(FixturePaths.OnnxConformance, "README.md")), Is.True, FixturePaths.OnnxConformance);
            Assert.That(FixturePaths.OrtGenerated, Does.EndWith("ort-generated"));
        }
    }
}
