// The trainer's gradients on pre-padded batches with holes against central finite differences of an independent
// double-precision reference of Keras mask semantics: each row's valid steps run back to back through NaiveRecurrent
// (the ONNX equations in double, no masking code at all), then Dense, softmax and cross-entropy in double; the loss
// is the mean over rows (per-sample targets) or over valid steps (per-step targets).
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Core;
using Recurrent.Kernels;
using Recurrent.Ops;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class MaskedGradientCheckTests
    {
        // float32 backward vs double finite differences: rounding of a few-step recurrence (~1e-6 relative) plus the
        // O(ε²) error of a double central difference (≪ 1e-6). Same bounds as RecurrentBackwardGradientCheckTests.
        private const double AbsTolerance = 2e-5;
        private const double RelTolerance = 2e-3;
        private const double Epsilon = 1e-3;
        private const int SamplesPerTensor = 10;
        // The trainer's float32 loss vs the double reference: a few ulps of a value near 1.
        private const double LossTolerance = 2e-6;

        private const int T = 7, I = 3, Classes = 3, Vocabulary = 6;
        private static readonly int[] s_lengths = { 5, 2, 7, 3 };

        [TestCase("bidirectional-lstm-peepholes", "pre")]
        [TestCase("bidirectional-lstm-peepholes", "holes")]
        [TestCase("seq-bidirectional-gru-sum", "holes")]
        [TestCase("seq-gru-reset-after", "pre")]
        [TestCase("tokens-bidirectional-simplernn", "pre")]
        [TestCase("tokens-seq-lstm", "holes")]
        public void MaskedBatch_TrainerGradients_MatchDoublePrecisionFiniteDifferences(string config, string layout)
        {
            bool tokens = config.StartsWith("tokens", StringComparison.Ordinal), perStep = config.Contains("seq");
            var model = Build(config);
            var rows = tokens ? MaskedRows.OfTokens(s_lengths, Vocabulary, Classes, 3) : MaskedRows.OfFeatures(s_lengths, I, Classes, 3);
            var positions = layout == "pre" ? MaskedRows.Pre(s_lengths, T) : MaskedRows.Holes(s_lengths, T);
            var data = rows.Dataset(positions, T, useLengths: false, perStep);

            var trainer = model.Compile(new Sgd(0.1f), new SparseCategoricalCrossEntropy());
            var before = trainer.SnapshotWeights();
            double loss = trainer.TrainOnBatch(data, new[] { 0, 1, 2, 3 });
            var gradients = new float[trainer.Graph.Parameters.Count][];
            for (int i = 0; i < gradients.Length; i++) gradients[i] = (float[])trainer.Graph.Parameters[i].Gradient.Clone();
            trainer.RestoreWeights(before);   // the gradients belong to the weights before the step

            double reference = ReferenceLoss(model, rows, perStep);
            Assert.That(loss, Is.EqualTo(reference).Within(LossTolerance), $"{config}: loss vs the double reference");

            for (int i = 0; i < gradients.Length; i++)
            {
                var p = trainer.Graph.Parameters[i];
                var rng = new DeterministicRandom((ulong)(i * 7919 + 13));
                for (int k = 0; k < SamplesPerTensor; k++)
                {
                    int idx = rng.NextInt(p.Length);
                    float original = p.Value.Data[idx];
                    p.Value.Data[idx] = (float)(original + Epsilon);
                    double hi = p.Value.Data[idx], up = ReferenceLoss(model, rows, perStep);
                    p.Value.Data[idx] = (float)(original - Epsilon);
                    double lo = p.Value.Data[idx], down = ReferenceLoss(model, rows, perStep);
                    p.Value.Data[idx] = original;
                    double fd = (up - down) / (hi - lo);
                    double g = gradients[i][idx];
                    Assert.That(Math.Abs(g - fd) <= AbsTolerance + RelTolerance * Math.Abs(fd), Is.True,
                        $"{config} ({layout}): d loss / d {p.Name}[{idx}]: trainer {g:R}, finite difference {fd:R}");
                }
            }
        }

        private static Model Build(string config)
        {
            const ulong seed = 23;
            switch (config)
            {
                case "bidirectional-lstm-peepholes":
                    return new ModelBuilder(I, seed).Lstm(4, returnSequences: false, direction: RecurrentDirection.Bidirectional, peepholes: true)
                        .Dense(Classes).Softmax().Build();
                case "seq-bidirectional-gru-sum":
                    return new ModelBuilder(I, seed).Recurrent(new RecurrentOpAttributes
                    {
                        Cell = RecurrentCellKind.Gru, HiddenSize = 4, Direction = RecurrentDirection.Bidirectional, LinearBeforeReset = false,
                    }, merge: BidirectionalMerge.Sum).Dense(Classes).Softmax().Build();
                case "seq-gru-reset-after": return new ModelBuilder(I, seed).Gru(4).Dense(Classes).Softmax().Build();
                case "tokens-bidirectional-simplernn":
                    return ModelBuilder.ForTokens(Vocabulary, 3, seed).SimpleRnn(4, returnSequences: false, direction: RecurrentDirection.Bidirectional)
                        .Dense(Classes).Softmax().Build();
                case "tokens-seq-lstm": return ModelBuilder.ForTokens(Vocabulary, 3, seed).Lstm(4).Dense(Classes).Softmax().Build();
                default: throw new ArgumentException(config);
            }
        }

        /// <summary>Mean cross-entropy in double: per row over its valid steps only (Keras mask semantics by construction).</summary>
        private static double ReferenceLoss(Model model, MaskedRows rows, bool perStep)
        {
            int first = model.Layers[0] is EmbeddingLayer ? 1 : 0;
            var rec = (RecurrentLayer)model.Layers[first];
            var dense = (DenseLayer)model.Layers[first + 1];
            double total = 0;
            int count = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                int len = rows.Lengths[r];
                if (len == 0) continue;
                float[] x;
                if (first == 1)
                {
                    var table = ((EmbeddingLayer)model.Layers[0]).Table;
                    int E = table.Shape[1];
                    x = new float[len * E];
                    for (int j = 0; j < len; j++) Array.Copy(table.Data, rows.Ids[r][j] * E, x, j * E, E);
                }
                else x = rows.Values[r];

                var a = rec.Attributes;
                int H = a.HiddenSize, D = a.NumDirections;
                string cell = a.Cell == RecurrentCellKind.Rnn ? "RNN" : a.Cell == RecurrentCellKind.Gru ? "GRU" : "LSTM";
                var res = NaiveRecurrent.Run(cell, len, 1, rec.InputSize, H, D, a.Direction == RecurrentDirection.Reverse, x,
                    rec.W.Data, rec.R.Data, rec.B?.Data, rec.P?.Data, null, null, null, rec.Activations, a.Clip ?? 0f,
                    a.InputForget, a.LinearBeforeReset);
                bool sum = D == 2 && rec.Merge == BidirectionalMerge.Sum;
                int O = rec.OutputSize;
                for (int j = 0; j < (perStep ? len : 1); j++)
                {
                    var h = new double[O];
                    for (int d = 0; d < D; d++)
                        for (int u = 0; u < H; u++)
                            h[sum ? u : d * H + u] += perStep ? res.Y[(j * D + d) * H + u] : res.Yh[d * H + u];
                    int k = (int)(perStep ? rows.StepTargets[r][j] : rows.SampleTargets[r]);
                    total += CrossEntropy(dense, h, k);
                    count++;
                }
            }
            return total / count;
        }

        /// <summary>−ln softmax(h·kernel + bias)[k] in double.</summary>
        private static double CrossEntropy(DenseLayer dense, double[] h, int k)
        {
            int In = dense.InputSize, C = dense.OutputSize;
            var z = new double[C];
            double max = double.NegativeInfinity;
            for (int c = 0; c < C; c++)
            {
                double v = dense.Bias!.Data[c];
                for (int i = 0; i < In; i++) v += h[i] * dense.Kernel.Data[i * C + c];
                z[c] = v;
                max = Math.Max(max, v);
            }
            double sumExp = 0;
            for (int c = 0; c < C; c++) sumExp += Math.Exp(z[c] - max);
            return -(z[k] - max - Math.Log(sumExp));
        }
    }
}
