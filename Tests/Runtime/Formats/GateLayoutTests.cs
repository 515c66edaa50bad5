// Gate-order conversions at the format boundary: layout metadata, bit-exact round trips at odd sizes, known answers
// written from PyTorch's and Keras' documented layouts, and shape errors. One-step numerics are in GateLayoutOneStepTests.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Formats;
using Recurrent.Ops;

namespace Recurrent.Tests.Formats
{
    public sealed class GateLayoutTests
    {
        // Where each framework gate block goes in ONNX order, transcribed from the documentation (not from GateLayouts):
        // ONNX LSTM i,o,f,c; PyTorch nn.LSTM i,f,g,o; Keras LSTM i,f,c,o; ONNX/Keras GRU z,r,h; PyTorch nn.GRU r,z,n.
        private static readonly int[] s_torchLstmToOnnx = { 0, 2, 3, 1 };   // i->i, f->f(2), g->c(3), o->o(1)
        private static readonly int[] s_kerasLstmToOnnx = { 0, 2, 3, 1 };   // i->i, f->f(2), c->c(3), o->o(1)
        private static readonly int[] s_torchGruToOnnx = { 1, 0, 2 };       // r->r(1), z->z(0), n->h(2)

        private static readonly int[] s_hiddenSizes = { 1, 3, 5 };
        private static readonly int[] s_inputSizes = { 1, 2, 7 };

        private static readonly RecurrentCellKind[] s_cells = { RecurrentCellKind.Rnn, RecurrentCellKind.Gru, RecurrentCellKind.Lstm };

        // ---- GateLayout metadata -------------------------------------------------------------------------------

        [TestCase(GateLayout.OnnxIofc, RecurrentCellKind.Lstm, 4)]
        [TestCase(GateLayout.PyTorchIfgo, RecurrentCellKind.Lstm, 4)]
        [TestCase(GateLayout.KerasIfco, RecurrentCellKind.Lstm, 4)]
        [TestCase(GateLayout.OnnxZrh, RecurrentCellKind.Gru, 3)]
        [TestCase(GateLayout.PyTorchRzn, RecurrentCellKind.Gru, 3)]
        [TestCase(GateLayout.KerasZrh, RecurrentCellKind.Gru, 3)]
        [TestCase(GateLayout.Single, RecurrentCellKind.Rnn, 1)]
        public void Layout_NamesItsCellAndGateCount(GateLayout layout, RecurrentCellKind cell, int gates)
        {
            Assert.That(layout.Cell(), Is.EqualTo(cell));
            Assert.That(layout.GateCount(), Is.EqualTo(gates));
            Assert.That(layout.GateCount(), Is.EqualTo(RecurrentOpAttributes.GateCountOf(cell)));
        }

        [Test]
        public void Layout_GatePermutations_MatchTheDocumentedOrders()
        {
            for (int k = 0; k < 4; k++)
            {
                Assert.That(GateLayout.PyTorchIfgo.ToOnnxGate(k), Is.EqualTo(s_torchLstmToOnnx[k]), $"PyTorch LSTM block {k}");
                Assert.That(GateLayout.KerasIfco.ToOnnxGate(k), Is.EqualTo(s_kerasLstmToOnnx[k]), $"Keras LSTM block {k}");
                Assert.That(GateLayout.OnnxIofc.ToOnnxGate(k), Is.EqualTo(k), $"ONNX LSTM block {k}");
            }
            for (int k = 0; k < 3; k++)
            {
                Assert.That(GateLayout.PyTorchRzn.ToOnnxGate(k), Is.EqualTo(s_torchGruToOnnx[k]), $"PyTorch GRU block {k}");
                Assert.That(GateLayout.KerasZrh.ToOnnxGate(k), Is.EqualTo(k), $"Keras GRU block {k}");
                Assert.That(GateLayout.OnnxZrh.ToOnnxGate(k), Is.EqualTo(k), $"ONNX GRU block {k}");
            }
            Assert.That(GateLayout.Single.ToOnnxGate(0), Is.EqualTo(0));
        }

        [Test]
        public void Layout_FromOnnxGate_InvertsToOnnxGate([Values] GateLayout layout)
        {
            for (int k = 0; k < layout.GateCount(); k++)
                Assert.That(layout.FromOnnxGate(layout.ToOnnxGate(k)), Is.EqualTo(k), $"{layout} block {k}");
        }

        [Test]
        public void Layout_FrameworkLayoutsOfACell_BelongToThatCell([ValueSource(nameof(s_cells))] RecurrentCellKind cell)
        {
            Assert.That(GateLayouts.OnnxOf(cell).Cell(), Is.EqualTo(cell));
            Assert.That(GateLayouts.PyTorchOf(cell).Cell(), Is.EqualTo(cell));
            Assert.That(GateLayouts.KerasOf(cell).Cell(), Is.EqualTo(cell));
        }

        // ---- Round trips ---------------------------------------------------------------------------------------

        [Test]
        public void Reorder_ToOnnxAndBack_IsBitExactIdentity([Values] GateLayout layout,
            [ValueSource(nameof(s_hiddenSizes))] int H, [Values(1, 2, 7)] int rowLength)
        {
            var rng = new Random(17 * H + rowLength + 1000 * (int)layout);
            float[] src = FormatAssert.RandomValues(rng, layout.GateCount() * H * rowLength);
            src[0] = -0f;
            GateLayout onnx = GateLayouts.OnnxOf(layout.Cell());
            var mid = new float[src.Length];
            var back = new float[src.Length];
            GateLayoutConverter.Reorder(src, mid, layout, onnx, H, rowLength);
            GateLayoutConverter.Reorder(mid, back, onnx, layout, H, rowLength);
            FormatAssert.BitExact(src, back, $"{layout} -> ONNX -> {layout}");
        }

        [Test]
        public void Reorder_ToTheSameLayout_CopiesUnchanged([Values] GateLayout layout)
        {
            float[] src = FormatAssert.RandomValues(new Random(5), layout.GateCount() * 3 * 2);
            var dst = new float[src.Length];
            GateLayoutConverter.Reorder(src, dst, layout, layout, 3, 2);
            FormatAssert.BitExact(src, dst, layout.ToString());
        }

        [Test]
        public void PyTorch_FromThenTo_ReturnsTheSameArrays([ValueSource(nameof(s_cells))] RecurrentCellKind cell,
            [ValueSource(nameof(s_hiddenSizes))] int H, [ValueSource(nameof(s_inputSizes))] int I)
        {
            var rng = new Random(31 * H + I + 100 * (int)cell);
            int GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            float[] wIh = FormatAssert.RandomValues(rng, GH * I), wHh = FormatAssert.RandomValues(rng, GH * H);
            float[] bIh = FormatAssert.RandomValues(rng, GH), bHh = FormatAssert.RandomValues(rng, GH);
            wIh[0] = -0f;
            bHh[GH - 1] = -0f;

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(cell, I, H, wIh, wHh, bIh, bHh);
            GateLayoutConverter.ToPyTorch(w, out float[] wIh2, out float[] wHh2, out float[]? bIh2, out float[]? bHh2);

            FormatAssert.BitExact(wIh, wIh2, "weight_ih");
            FormatAssert.BitExact(wHh, wHh2, "weight_hh");
            FormatAssert.BitExact(bIh, bIh2, "bias_ih");
            FormatAssert.BitExact(bHh, bHh2, "bias_hh");
        }

        [Test]
        public void PyTorch_ToThenFrom_ReturnsTheSameWeights([ValueSource(nameof(s_cells))] RecurrentCellKind cell,
            [ValueSource(nameof(s_hiddenSizes))] int H, [ValueSource(nameof(s_inputSizes))] int I)
        {
            var rng = new Random(37 * H + I + 100 * (int)cell);
            int GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            var w = new RecurrentWeights(cell, I, H, FormatAssert.RandomValues(rng, GH * I), FormatAssert.RandomValues(rng, GH * H),
                FormatAssert.RandomValues(rng, 2 * GH), null, linearBeforeReset: cell == RecurrentCellKind.Gru);

            GateLayoutConverter.ToPyTorch(w, out float[] wIh, out float[] wHh, out float[]? bIh, out float[]? bHh);
            RecurrentWeights back = GateLayoutConverter.FromPyTorch(cell, I, H, wIh, wHh, bIh, bHh);

            AssertSameWeights(w, back);
        }

        [Test]
        public void PyTorch_RoundTripWithoutBias_KeepsBiasAbsent([ValueSource(nameof(s_cells))] RecurrentCellKind cell)
        {
            var rng = new Random(3);
            int H = 3, I = 2, GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            RecurrentWeights w = GateLayoutConverter.FromPyTorch(cell, I, H, FormatAssert.RandomValues(rng, GH * I),
                FormatAssert.RandomValues(rng, GH * H));
            Assert.That(w.B, Is.Null);
            GateLayoutConverter.ToPyTorch(w, out _, out _, out float[]? bIh, out float[]? bHh);
            Assert.That(bIh, Is.Null);
            Assert.That(bHh, Is.Null);
        }

        [TestCaseSource(nameof(KerasCases))]
        public void Keras_FromThenTo_ReturnsTheSameArrays(RecurrentCellKind cell, bool resetAfter, int H, int I)
        {
            var rng = new Random(41 * H + I + 100 * (int)cell + (resetAfter ? 7 : 0));
            int GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            bool twoBiases = cell == RecurrentCellKind.Gru && resetAfter;
            float[] kernel = FormatAssert.RandomValues(rng, I * GH), recurrent = FormatAssert.RandomValues(rng, H * GH);
            float[] bias = FormatAssert.RandomValues(rng, (twoBiases ? 2 : 1) * GH);
            kernel[I * GH - 1] = -0f;
            bias[0] = -0f;

            RecurrentWeights w = GateLayoutConverter.FromKeras(cell, I, H, kernel, recurrent, bias, resetAfter);
            GateLayoutConverter.ToKeras(w, out float[] kernel2, out float[] recurrent2, out float[]? bias2, out bool resetAfter2);

            FormatAssert.BitExact(kernel, kernel2, "kernel");
            FormatAssert.BitExact(recurrent, recurrent2, "recurrent_kernel");
            FormatAssert.BitExact(bias, bias2, "bias");
            Assert.That(resetAfter2, Is.EqualTo(twoBiases), "reset_after");
        }

        /// <summary>
        /// Keras has one bias except for GRU reset_after, so ToKeras folds Rb into Wb there: the trip back gives
        /// (Wb + Rb, 0). W and R always come back bit-exact.
        /// </summary>
        [TestCaseSource(nameof(KerasCases))]
        public void Keras_ToThenFrom_ReturnsTheSameWeights_WithBiasesSummedWhereKerasHasOne(RecurrentCellKind cell, bool resetAfter, int H, int I)
        {
            var rng = new Random(43 * H + I + 100 * (int)cell + (resetAfter ? 7 : 0));
            int GH = RecurrentOpAttributes.GateCountOf(cell) * H;
            bool lbr = cell == RecurrentCellKind.Gru && resetAfter;
            var w = new RecurrentWeights(cell, I, H, FormatAssert.RandomValues(rng, GH * I), FormatAssert.RandomValues(rng, GH * H),
                FormatAssert.RandomValues(rng, 2 * GH), null, lbr);

            GateLayoutConverter.ToKeras(w, out float[] kernel, out float[] recurrent, out float[]? bias, out bool resetAfterOut);
            Assert.That(resetAfterOut, Is.EqualTo(lbr), "reset_after");
            RecurrentWeights back = GateLayoutConverter.FromKeras(cell, I, H, kernel, recurrent, bias, resetAfterOut);

            if (lbr)
            {
                AssertSameWeights(w, back);
                return;
            }
            float[] b = w.B!;
            var expectedB = new float[2 * GH];
            for (int i = 0; i < GH; i++) expectedB[i] = b[i] + b[GH + i];
            FormatAssert.BitExact(w.W, back.W, "W");
            FormatAssert.BitExact(w.R, back.R, "R");
            FormatAssert.BitExact(expectedB, back.B, "B = (Wb + Rb, 0)");
            Assert.That(back.LinearBeforeReset, Is.False);
        }

        private static object[] KerasCases()
        {
            var cases = new System.Collections.Generic.List<object[]>();
            foreach (int H in s_hiddenSizes)
                foreach (int I in s_inputSizes)
                {
                    cases.Add(new object[] { RecurrentCellKind.Lstm, false, H, I });
                    cases.Add(new object[] { RecurrentCellKind.Gru, true, H, I });
                    cases.Add(new object[] { RecurrentCellKind.Gru, false, H, I });
                    cases.Add(new object[] { RecurrentCellKind.Rnn, false, H, I });
                }
            return cases.ToArray();
        }

        // ---- Known answers from the documented layouts -----------------------------------------------------------

        [Test]
        public void FromPyTorch_LstmGateBlocks_LandInOnnxOrderIofc()
        {
            const int H = 3, I = 2, G = 4;
            // PyTorch blocks i, f, g, o hold 1, 2, 3, 4 (x10 in weight_hh, x100 in bias_ih, x1000 in bias_hh).
            float[] wIh = Blocks(G, H * I, 1f), wHh = Blocks(G, H * H, 10f), bIh = Blocks(G, H, 100f), bHh = Blocks(G, H, 1000f);

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Lstm, I, H, wIh, wHh, bIh, bHh);

            // ONNX i, o, f, c = PyTorch blocks i(1), o(4), f(2), g(3).
            float[] onnxBlocks = { 1f, 4f, 2f, 3f };
            AssertBlocks(onnxBlocks, 1f, w.W, H * I, "W");
            AssertBlocks(onnxBlocks, 10f, w.R, H * H, "R");
            AssertBlocks(onnxBlocks, 100f, w.B!.AsSpan(0, G * H).ToArray(), H, "Wb");
            AssertBlocks(onnxBlocks, 1000f, w.B!.AsSpan(G * H, G * H).ToArray(), H, "Rb");
            Assert.That(w.LinearBeforeReset, Is.False);
            Assert.That(w.P, Is.Null);
        }

        [Test]
        public void FromPyTorch_GruGateBlocks_LandInOnnxOrderZrh_WithLinearBeforeReset()
        {
            const int H = 2, I = 3, G = 3;
            // PyTorch blocks r, z, n hold 1, 2, 3.
            float[] wIh = Blocks(G, H * I, 1f), wHh = Blocks(G, H * H, 10f), bIh = Blocks(G, H, 100f), bHh = Blocks(G, H, 1000f);

            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Gru, I, H, wIh, wHh, bIh, bHh);

            // ONNX z, r, h = PyTorch blocks z(2), r(1), n(3).
            float[] onnxBlocks = { 2f, 1f, 3f };
            AssertBlocks(onnxBlocks, 1f, w.W, H * I, "W");
            AssertBlocks(onnxBlocks, 10f, w.R, H * H, "R");
            AssertBlocks(onnxBlocks, 100f, w.B!.AsSpan(0, G * H).ToArray(), H, "Wb");
            AssertBlocks(onnxBlocks, 1000f, w.B!.AsSpan(G * H, G * H).ToArray(), H, "Rb");
            Assert.That(w.LinearBeforeReset, Is.True, "PyTorch's GRU applies r after the recurrent product (linear_before_reset = 1)");
        }

        [Test]
        public void FromPyTorch_GruRowsInsideABlock_KeepTheirOrder()
        {
            const int H = 3, I = 2;
            var wIh = new float[3 * H * I];
            for (int n = 0; n < wIh.Length; n++) wIh[n] = n;   // row m of the PyTorch matrix holds m*I .. m*I+I-1
            RecurrentWeights w = GateLayoutConverter.FromPyTorch(RecurrentCellKind.Gru, I, H, wIh, new float[3 * H * H]);
            for (int g = 0; g < 3; g++)
                for (int j = 0; j < H; j++)
                    for (int i = 0; i < I; i++)
                    {
                        int torchRow = TorchGruBlockOf(g) * H + j;
                        Assert.That(w.W[(g * H + j) * I + i], Is.EqualTo((float)(torchRow * I + i)), $"W[{g * H + j}, {i}]");
                    }
        }

        [Test]
        public void FromKeras_LstmKernelElement_LandsTransposedInOnnxOrder()
        {
            const int H = 3, I = 2, G = 4, GH = G * H;
            // kernel[i, g*H + j] = 10000 (g+1) + 100 i + j; recurrent_kernel[m, g*H + j] likewise; bias[g*H + j] = 10000 (g+1) + j.
            float[] kernel = KerasMatrix(I, G, H), recurrent = KerasMatrix(H, G, H), bias = KerasMatrix(1, G, H);

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Lstm, I, H, kernel, recurrent, bias);

            for (int g = 0; g < G; g++)
            {
                int og = s_kerasLstmToOnnx[g];
                for (int j = 0; j < H; j++)
                {
                    for (int i = 0; i < I; i++)
                        Assert.That(w.W[(og * H + j) * I + i], Is.EqualTo(kernel[i * GH + g * H + j]), $"kernel[{i}, {g * H + j}] -> W[{og * H + j}, {i}]");
                    for (int m = 0; m < H; m++)
                        Assert.That(w.R[(og * H + j) * H + m], Is.EqualTo(recurrent[m * GH + g * H + j]), $"recurrent_kernel[{m}, {g * H + j}] -> R[{og * H + j}, {m}]");
                    Assert.That(w.B![og * H + j], Is.EqualTo(bias[g * H + j]), $"bias[{g * H + j}] -> Wb[{og * H + j}]");
                    Assert.That(w.B[GH + og * H + j], Is.EqualTo(0f), $"Rb[{og * H + j}]");
                }
            }
        }

        [Test]
        public void FromKeras_GruResetAfter_SplitsTheTwoBiasRowsIntoWbAndRb()
        {
            const int H = 2, I = 3, G = 3, GH = G * H;
            float[] kernel = KerasMatrix(I, G, H), recurrent = KerasMatrix(H, G, H);
            float[] bias = KerasMatrix(2, G, H);   // [2, 3H]: row 0 input bias, row 1 recurrent bias

            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Gru, I, H, kernel, recurrent, bias, resetAfter: true);

            Assert.That(w.LinearBeforeReset, Is.True);
            for (int n = 0; n < GH; n++)   // Keras z, r, h is the ONNX order: no block moves.
            {
                Assert.That(w.B![n], Is.EqualTo(bias[n]), $"bias[0, {n}] -> Wb[{n}]");
                Assert.That(w.B[GH + n], Is.EqualTo(bias[GH + n]), $"bias[1, {n}] -> Rb[{n}]");
                for (int i = 0; i < I; i++)
                    Assert.That(w.W[n * I + i], Is.EqualTo(kernel[i * GH + n]), $"kernel[{i}, {n}] -> W[{n}, {i}]");
                for (int m = 0; m < H; m++)
                    Assert.That(w.R[n * H + m], Is.EqualTo(recurrent[m * GH + n]), $"recurrent_kernel[{m}, {n}] -> R[{n}, {m}]");
            }
        }

        [Test]
        public void FromKeras_GruWithoutResetAfter_HasOneBiasAndLinearBeforeResetOff()
        {
            const int H = 2, I = 1, G = 3, GH = G * H;
            float[] bias = KerasMatrix(1, G, H);
            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Gru, I, H, KerasMatrix(I, G, H), KerasMatrix(H, G, H),
                bias, resetAfter: false);

            Assert.That(w.LinearBeforeReset, Is.False);
            for (int n = 0; n < GH; n++)
            {
                Assert.That(w.B![n], Is.EqualTo(bias[n]), $"bias[{n}] -> Wb[{n}]");
                Assert.That(w.B[GH + n], Is.EqualTo(0f), $"Rb[{n}]");
            }
        }

        [Test]
        public void FromKeras_SimpleRnnKernel_IsTransposed()
        {
            const int H = 3, I = 2;
            float[] kernel = KerasMatrix(I, 1, H), recurrent = KerasMatrix(H, 1, H);
            RecurrentWeights w = GateLayoutConverter.FromKeras(RecurrentCellKind.Rnn, I, H, kernel, recurrent);
            for (int j = 0; j < H; j++)
            {
                for (int i = 0; i < I; i++)
                    Assert.That(w.W[j * I + i], Is.EqualTo(kernel[i * H + j]), $"kernel[{i}, {j}] -> W[{j}, {i}]");
                for (int m = 0; m < H; m++)
                    Assert.That(w.R[j * H + m], Is.EqualTo(recurrent[m * H + j]), $"recurrent_kernel[{m}, {j}] -> R[{j}, {m}]");
            }
            Assert.That(w.B, Is.Null);
        }

        // ---- Shapes and what a framework cannot express ------------------------------------------------------------

        [Test]
        public void FromPyTorch_WrongWeightIhLength_ThrowsNamingExpectedShape()
        {
            Assert.That(() => GateLayoutConverter.FromPyTorch(RecurrentCellKind.Lstm, 2, 3, new float[23], new float[36]),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("weight_ih").And.Message.Contains("[12, 2]").And.Message.Contains("23"));
        }

        [Test]
        public void FromPyTorch_WrongBiasLength_ThrowsNamingExpectedShape()
        {
            Assert.That(() => GateLayoutConverter.FromPyTorch(RecurrentCellKind.Gru, 2, 3, new float[18], new float[27], new float[9], new float[8]),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("bias_hh").And.Message.Contains("[9]"));
        }

        [Test]
        public void FromKeras_ResetAfterGruGivenOneBias_ThrowsNamingTwoRowShape()
        {
            Assert.That(() => GateLayoutConverter.FromKeras(RecurrentCellKind.Gru, 2, 3, new float[18], new float[27], new float[9], resetAfter: true),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("[2, 9]"));
        }

        [Test]
        public void FromKeras_TransposedKernelShape_Throws()
        {
            // [4H, I] = [8, 3] instead of [I, 4H] = [3, 8] has the same count, so only a wrong count is detectable: use I = 4.
            Assert.That(() => GateLayoutConverter.FromKeras(RecurrentCellKind.Lstm, 4, 2, new float[24], new float[16]),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("kernel").And.Message.Contains("[4, 8]"));
        }

        [Test]
        public void ToPyTorch_GruWithoutLinearBeforeReset_Throws()
        {
            var w = new RecurrentWeights(RecurrentCellKind.Gru, 1, 1, new float[3], new float[3], null, null, linearBeforeReset: false);
            Assert.That(() => GateLayoutConverter.ToPyTorch(w, out _, out _, out _, out _),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("linear_before_reset"));
        }

        [Test]
        public void ToPyTorchAndToKeras_LstmWithNonZeroPeepholes_Throw()
        {
            var w = new RecurrentWeights(RecurrentCellKind.Lstm, 1, 1, new float[4], new float[4], null, new[] { 0f, 0.5f, 0f });
            Assert.That(() => GateLayoutConverter.ToPyTorch(w, out _, out _, out _, out _),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("peephole"));
            Assert.That(() => GateLayoutConverter.ToKeras(w, out _, out _, out _, out _),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("peephole"));
        }

        [Test]
        public void ToPyTorch_LstmWithZeroPeepholes_Converts()
        {
            var w = new RecurrentWeights(RecurrentCellKind.Lstm, 1, 1, new float[4], new float[4], null, new float[3]);
            GateLayoutConverter.ToPyTorch(w, out float[] wIh, out _, out _, out _);
            Assert.That(wIh.Length, Is.EqualTo(4));
        }

        [Test]
        public void RecurrentWeights_WrongRLength_ThrowsNamingExpectedShape()
        {
            Assert.That(() => new RecurrentWeights(RecurrentCellKind.Lstm, 2, 3, new float[24], new float[35]),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("R").And.Message.Contains("[12, 3]"));
        }

        [Test]
        public void RecurrentWeights_PeepholesOnGru_Throw()
        {
            Assert.That(() => new RecurrentWeights(RecurrentCellKind.Gru, 1, 1, new float[3], new float[3], null, new float[3]),
                Throws.TypeOf<RecurrentException>());
        }

        [Test]
        public void Reorder_AcrossCellKinds_ThrowsArgumentException()
        {
            Assert.That(() => GateLayoutConverter.Reorder(new float[12], new float[12], GateLayout.PyTorchRzn, GateLayout.OnnxIofc, 3, 1),
                Throws.InstanceOf<ArgumentException>());
        }

        [Test]
        public void Reorder_WrongSourceLength_ThrowsNamingExpectedShape()
        {
            Assert.That(() => GateLayoutConverter.Reorder(new float[11], new float[11], GateLayout.PyTorchIfgo, GateLayout.OnnxIofc, 3, 1),
                Throws.TypeOf<RecurrentException>().With.Message.Contains("[12]").And.Message.Contains("11"));
        }

        [Test]
        public void Reorder_OverlappingBuffers_ThrowsArgumentException()
        {
            var buffer = new float[24];
            Assert.That(() => GateLayoutConverter.Reorder(buffer.AsSpan(0, 12), buffer.AsSpan(6, 12), GateLayout.PyTorchIfgo, GateLayout.OnnxIofc, 3, 1),
                Throws.InstanceOf<ArgumentException>());
        }

        // ---- helpers ---------------------------------------------------------------------------------------------

        private static int TorchGruBlockOf(int onnxGate) => Array.IndexOf(s_torchGruToOnnx, onnxGate);

        /// <summary>G blocks of blockLength values; block k is all (k + 1) * scale.</summary>
        private static float[] Blocks(int gates, int blockLength, float scale)
        {
            var v = new float[gates * blockLength];
            for (int k = 0; k < gates; k++)
                for (int n = 0; n < blockLength; n++)
                    v[k * blockLength + n] = (k + 1) * scale;
            return v;
        }

        private static void AssertBlocks(float[] blockValues, float scale, float[]? actual, int blockLength, string what)
        {
            Assert.That(actual, Is.Not.Null, what);
            Assert.That(actual!.Length, Is.EqualTo(blockValues.Length * blockLength), what + " length");
            for (int n = 0; n < actual.Length; n++)
            {
                float expected = blockValues[n / blockLength] * scale;
                if (actual[n] != expected)
                    Assert.That(actual[n], Is.EqualTo(expected), $"{what}: first difference at [{n}] (ONNX gate block {n / blockLength}).");
            }
        }

        /// <summary>A Keras-layout [rows, G*H] matrix with element [i, g*H + j] = 10000 (g+1) + 100 i + j.</summary>
        private static float[] KerasMatrix(int rows, int gates, int H)
        {
            int GH = gates * H;
            var v = new float[rows * GH];
            for (int i = 0; i < rows; i++)
                for (int g = 0; g < gates; g++)
                    for (int j = 0; j < H; j++)
                        v[i * GH + g * H + j] = 10000f * (g + 1) + 100f * i + j;
            return v;
        }

        private static void AssertSameWeights(RecurrentWeights expected, RecurrentWeights actual)
        {
            Assert.That(actual.Cell, Is.EqualTo(expected.Cell), "Cell");
            Assert.That(actual.InputSize, Is.EqualTo(expected.InputSize), "InputSize");
            Assert.That(actual.HiddenSize, Is.EqualTo(expected.HiddenSize), "HiddenSize");
            Assert.That(actual.LinearBeforeReset, Is.EqualTo(expected.LinearBeforeReset), "LinearBeforeReset");
            FormatAssert.BitExact(expected.W, actual.W, "W");
            FormatAssert.BitExact(expected.R, actual.R, "R");
            FormatAssert.BitExact(expected.B, actual.B, "B");
            FormatAssert.BitExact(expected.P, actual.P, "P");
        }
    }
}
