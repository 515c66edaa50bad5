// Metrics on small examples worked out by hand (accuracies, top-k with ties, a 3-class confusion matrix with its
// per-class and macro precision/recall/F1, ROC-AUC with tied scores and weights, regression and cross-entropy
// metrics), plus streaming (two batches = one), masks (weight 0 = ignored) and the name registry.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    public sealed class MetricTests
    {
        // Results are ratios of double sums of float weights: exact up to double rounding.
        private const double Exact = 1e-12;

        // Cross-entropy goes through float inputs and Math.Log: a few double ulps of the value.
        private const double CrossEntropyTolerance = 1e-9;

        private static readonly float[] s_empty = Array.Empty<float>();

        private static float[] OneHot(int c, params int[] classes)
        {
            var rows = new float[classes.Length * c];
            for (int i = 0; i < classes.Length; i++) rows[i * c + classes[i]] = 1f;
            return rows;
        }

        private static float[] Ids(params int[] classes)
        {
            var ids = new float[classes.Length];
            for (int i = 0; i < ids.Length; i++) ids[i] = classes[i];
            return ids;
        }

        // ---- accuracy ------------------------------------------------------------------------------------------

        private static readonly float[] s_probabilities =
        {
            0.1f, 0.7f, 0.2f,   // argmax 1
            0.5f, 0.3f, 0.2f,   // argmax 0
            0.2f, 0.2f, 0.6f,   // argmax 2
            0.3f, 0.3f, 0.4f,   // argmax 2
        };

        [Test]
        public void Accuracy_ComparesArgmaxWithClassIdsOrOneHotRows()
        {
            var sparse = new Accuracy();
            sparse.Update(s_probabilities, Ids(1, 2, 2, 0), 4, 3, s_empty);
            var dense = new Accuracy();
            dense.Update(s_probabilities, OneHot(3, 1, 2, 2, 0), 4, 3, s_empty);

            Assert.That(sparse.Result, Is.EqualTo(0.5).Within(Exact));   // hits: yes, no, yes, no
            Assert.That(dense.Result, Is.EqualTo(0.5).Within(Exact));
        }

        [Test]
        public void Accuracy_WeighsSamples_AndIgnoresMaskedOnesWithInvalidIds()
        {
            var accuracy = new Accuracy();
            accuracy.Update(s_probabilities, Ids(1, 2, 2, -1), 4, 3, new[] { 1f, 1f, 2f, 0f });

            Assert.That(accuracy.Result, Is.EqualTo(3.0 / 4.0).Within(Exact));   // (1 + 0 + 2) / (1 + 1 + 2)
        }

        [Test]
        public void Accuracy_StreamsOverBatches()
        {
            var whole = new Accuracy();
            whole.Update(s_probabilities, Ids(1, 2, 2, 0), 4, 3, s_empty);
            var streamed = new Accuracy();
            streamed.Update(s_probabilities.AsSpan(0, 6), Ids(1, 2), 2, 3, s_empty);
            streamed.Update(s_probabilities.AsSpan(6, 6), Ids(2, 0), 2, 3, s_empty);

            Assert.That(streamed.Result, Is.EqualTo(whole.Result));
            streamed.Reset();
            Assert.That(streamed.Result, Is.EqualTo(0.0));
        }

        [Test]
        public void Accuracy_WithOneOutput_ThresholdsProbabilitiesOrLogits()
        {
            var probabilities = new Accuracy();
            probabilities.Update(new[] { 0.9f, 0.4f, 0.6f, 0.5f }, new[] { 1f, 0f, 0f, 1f }, 4, 1, s_empty);
            var logits = new Accuracy(fromLogits: true);
            logits.Update(new[] { 2f, -1f, 0.5f, 0f }, new[] { 1f, 0f, 0f, 1f }, 4, 1, s_empty);

            // predicted positive when p > 0.5: T, F, T, F (0.5 is not above) → correct, correct, wrong, wrong.
            Assert.That(probabilities.Result, Is.EqualTo(0.5).Within(Exact));
            Assert.That(logits.Result, Is.EqualTo(0.5).Within(Exact));
        }

        [Test]
        public void BinaryAccuracy_ScoresEveryOutput_WeightedBySample()
        {
            var metric = new BinaryAccuracy();
            metric.Update(new[] { 0.9f, 0.2f, 0.4f, 0.7f }, new[] { 1f, 0f, 1f, 1f }, 2, 2, new[] { 1f, 3f });

            Assert.That(metric.Result, Is.EqualTo(5.0 / 8.0).Within(Exact));   // (1 + 1 + 0·3 + 1·3) / (2 + 6)
        }

        [TestCase(1, 1.0 / 3)]
        [TestCase(2, 2.0 / 3)]
        [TestCase(3, 1.0)]
        public void TopKAccuracy_CountsTiesAtTheBoundaryAsHits(int k, double expected)
        {
            float[] p =
            {
                0.1f, 0.2f, 0.3f, 0.4f,   // class 1 has 2 higher → hit from k = 3
                0.5f, 0.5f, 0.5f, 0.1f,   // class 2 tied for first → hit for every k
                0.4f, 0.3f, 0.2f, 0.1f,   // class 1 has 1 higher → hit from k = 2
            };
            var metric = new TopKAccuracy(k);
            metric.Update(p, Ids(1, 2, 1), 3, 4, s_empty);

            Assert.That(metric.Result, Is.EqualTo(expected).Within(Exact));
        }

        [Test]
        public void TopKAccuracy_MissesRowsWithNonFiniteScores()
        {
            var metric = new TopKAccuracy(3);
            metric.Update(new[] { float.NaN, 1f, 0f, 0f }, Ids(1), 1, 4, s_empty);

            Assert.That(metric.Result, Is.EqualTo(0.0));
        }

        // ---- confusion matrix, precision, recall, F1 ----------------------------------------------------------

        // true:      0 0 0 1 1 2 2 2
        // predicted: 0 1 0 1 2 2 2 1
        // matrix (rows true): [2 1 0; 0 1 1; 0 1 2]
        // class 0: TP 2 FP 0 FN 1 → P 1,   R 2/3, F1 4/5
        // class 1: TP 1 FP 2 FN 1 → P 1/3, R 1/2, F1 2/5
        // class 2: TP 2 FP 1 FN 1 → P 2/3, R 2/3, F1 2/3
        private static readonly int[] s_true = { 0, 0, 0, 1, 1, 2, 2, 2 };
        private static readonly int[] s_predicted = { 0, 1, 0, 1, 2, 2, 2, 1 };

        [Test]
        public void ConfusionMatrix_CountsTrueRowsAgainstPredictedColumns()
        {
            var cm = new ConfusionMatrix();
            cm.Update(OneHot(3, s_predicted), Ids(s_true), 8, 3, s_empty);

            double[,] expected = { { 2, 1, 0 }, { 0, 1, 1 }, { 0, 1, 2 } };
            for (int t = 0; t < 3; t++)
                for (int p = 0; p < 3; p++) Assert.That(cm.Count(t, p), Is.EqualTo(expected[t, p]), $"true {t}, predicted {p}");
            Assert.That(cm.Result, Is.EqualTo(5.0 / 8.0).Within(Exact), "accuracy = trace / total");
        }

        [Test]
        public void PrecisionRecallF1_PerClassAndMacro_MatchHandComputation()
        {
            var cm = new ConfusionMatrix();
            cm.Update(OneHot(3, s_predicted), Ids(s_true), 8, 3, s_empty);

            double[] precision = { 1, 1.0 / 3, 2.0 / 3 }, recall = { 2.0 / 3, 0.5, 2.0 / 3 }, f1 = { 0.8, 0.4, 2.0 / 3 };
            for (int k = 0; k < 3; k++)
            {
                Assert.That(cm.Precision(k), Is.EqualTo(precision[k]).Within(Exact), $"precision {k}");
                Assert.That(cm.Recall(k), Is.EqualTo(recall[k]).Within(Exact), $"recall {k}");
                Assert.That(cm.F1(k), Is.EqualTo(f1[k]).Within(Exact), $"F1 {k}");
            }
            Assert.That(cm.MacroPrecision, Is.EqualTo(2.0 / 3).Within(Exact));
            Assert.That(cm.MacroRecall, Is.EqualTo(11.0 / 18).Within(Exact));
            Assert.That(cm.MacroF1, Is.EqualTo(28.0 / 45).Within(Exact), "mean of per-class F1, not F1 of the means");
        }

        [Test]
        public void MetricClasses_ReportMacroByDefault_OrOneClass()
        {
            float[] p = OneHot(3, s_predicted);
            float[] t = Ids(s_true);
            var macroF1 = new F1Score();
            var recall1 = new Recall(classIndex: 1);
            var precision2 = new Precision(classIndex: 2);
            foreach (Metric m in new Metric[] { macroF1, recall1, precision2 }) m.Update(p, t, 8, 3, s_empty);

            Assert.That(macroF1.Result, Is.EqualTo(28.0 / 45).Within(Exact));
            Assert.That(recall1.Result, Is.EqualTo(0.5).Within(Exact));
            Assert.That(precision2.Result, Is.EqualTo(2.0 / 3).Within(Exact));
        }

        [Test]
        public void MacroAverage_SkipsClassesAbsentFromTargetsAndPredictions()
        {
            var cm = new ConfusionMatrix();
            cm.Update(OneHot(4, s_predicted), Ids(s_true), 8, 4, s_empty);   // class 3 never occurs

            Assert.That(cm.MacroF1, Is.EqualTo(28.0 / 45).Within(Exact));
        }

        [Test]
        public void BinaryPrecisionRecall_ReportThePositiveClass()
        {
            // predicted positive (p > 0.5): 1 1 0 1 0; true: 1 0 1 1 1 → TP 2, FP 1, FN 2.
            float[] p = { 0.9f, 0.8f, 0.3f, 0.6f, 0.1f };
            float[] t = { 1f, 0f, 1f, 1f, 1f };
            var precision = new Precision();
            var recall = new Recall();
            var f1 = new F1Score();
            foreach (Metric m in new Metric[] { precision, recall, f1 }) m.Update(p, t, 5, 1, s_empty);

            Assert.That(precision.Result, Is.EqualTo(2.0 / 3).Within(Exact));
            Assert.That(recall.Result, Is.EqualTo(0.5).Within(Exact));
            Assert.That(f1.Result, Is.EqualTo(4.0 / 7).Within(Exact));
        }

        [Test]
        public void Precision_IsZeroWhenNothingIsPredictedPositive()
        {
            var precision = new Precision();
            precision.Update(new[] { 0.1f, 0.2f }, new[] { 1f, 0f }, 2, 1, s_empty);

            Assert.That(precision.Result, Is.EqualTo(0.0));
        }

        // ---- ROC-AUC -------------------------------------------------------------------------------------------

        // scores 0.1 0.4 0.35 0.8 0.4 0.7, labels 0 0 1 1 1 0. Pairs (positive, negative) won, tied or lost:
        // 0.35 beats 0.1 only → 1; 0.8 beats all → 3; 0.4 beats 0.1 and ties 0.4 → 1.5. AUC = 5.5 / 9.
        // Average ranks: 0.1→1, 0.35→2, 0.4→3.5, 0.4→3.5, 0.7→5, 0.8→6; positives 2 + 6 + 3.5 = 11.5; (11.5 − 6)/9.
        private static readonly float[] s_scores = { 0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.7f };
        private static readonly float[] s_labels = { 0f, 0f, 1f, 1f, 1f, 0f };

        [Test]
        public void RocAuc_MatchesMannWhitneyWithTiesAsHalf()
        {
            var auc = new RocAuc();
            auc.Update(s_scores, s_labels, 6, 1, s_empty);

            Assert.That(auc.Result, Is.EqualTo(5.5 / 9).Within(Exact));
        }

        [Test]
        public void RocAuc_WeighsPairs_IgnoresMaskedSamples_AndStreams()
        {
            // Negative weights 1, 2, 0.5; positives 1 each: 0.35 → 1; 0.8 → 3.5; 0.4 → 1 + ½·2 = 2. 6.5 / (3 · 3.5).
            float[] weights = { 1f, 2f, 1f, 1f, 1f, 0.5f };
            var auc = new RocAuc();
            auc.Update(s_scores.AsSpan(0, 3), s_labels.AsSpan(0, 3), 3, 1, weights.AsSpan(0, 3));
            auc.Update(s_scores.AsSpan(3, 3), s_labels.AsSpan(3, 3), 3, 1, weights.AsSpan(3, 3));
            auc.Update(new[] { 0.99f }, new[] { 0f }, 1, 1, new[] { 0f });   // masked: ignored

            Assert.That(auc.Result, Is.EqualTo(6.5 / 10.5).Within(Exact));
            Assert.That(auc.Count, Is.EqualTo(6));
        }

        [Test]
        public void RocAuc_WithTwoClasses_ScoresClassOne_FromProbabilitiesOrLogits()
        {
            var probs = new float[12];
            var logits = new float[12];
            for (int i = 0; i < 6; i++)
            {
                probs[2 * i] = 1 - s_scores[i];
                probs[2 * i + 1] = s_scores[i];
                logits[2 * i] = 0.3f;                    // x₁ − x₀ keeps the order of the scores
                logits[2 * i + 1] = 0.3f + 4 * s_scores[i];
            }
            float[] ids = Array.ConvertAll(s_labels, v => v);
            var fromProbabilities = new RocAuc();
            fromProbabilities.Update(probs, ids, 6, 2, s_empty);
            var fromLogits = new RocAuc(fromLogits: true);
            fromLogits.Update(logits, ids, 6, 2, s_empty);

            Assert.That(fromProbabilities.Result, Is.EqualTo(5.5 / 9).Within(Exact));
            Assert.That(fromLogits.Result, Is.EqualTo(5.5 / 9).Within(Exact));
        }

        [Test]
        public void RocAuc_IsNaNWithoutBothClasses()
        {
            var auc = new RocAuc();
            auc.Update(new[] { 0.2f, 0.9f }, new[] { 1f, 1f }, 2, 1, s_empty);

            Assert.That(double.IsNaN(auc.Result), Is.True);
        }

        // ---- regression ----------------------------------------------------------------------------------------

        // predictions 1 2 3 4, targets 1 3 2 6: errors 0 −1 1 −2 → MSE 6/4, MAE 4/4;
        // target mean 3, SS_tot 4 + 0 + 1 + 9 = 14, SS_res 6 → R² = 4/7.
        private static readonly float[] s_predictions = { 1f, 2f, 3f, 4f };
        private static readonly float[] s_targets = { 1f, 3f, 2f, 6f };

        [TestCase(RegressionMetricKind.MeanSquaredError, 1.5)]
        [TestCase(RegressionMetricKind.RootMeanSquaredError, 1.2247448713915890)]
        [TestCase(RegressionMetricKind.MeanAbsoluteError, 1.0)]
        [TestCase(RegressionMetricKind.RSquared, 4.0 / 7)]
        public void Regression_MatchesHandValues_WhenStreamedInTwoBatches(RegressionMetricKind kind, double expected)
        {
            var metric = new RegressionMetric(kind);
            metric.Update(s_predictions.AsSpan(0, 2), s_targets.AsSpan(0, 2), 2, 1, s_empty);
            metric.Update(s_predictions.AsSpan(2, 2), s_targets.AsSpan(2, 2), 2, 1, s_empty);

            Assert.That(metric.Result, Is.EqualTo(expected).Within(Exact));
        }

        [Test]
        public void Regression_WeighsSamples()
        {
            // weights 1 1 0 2: MSE (0 + 1 + 2·4) / 4; weighted target mean (1 + 3 + 12)/4 = 4,
            // SS_tot 9 + 1 + 2·4 = 18, SS_res 0 + 1 + 8 = 9 → R² 0.5.
            float[] w = { 1f, 1f, 0f, 2f };
            var mse = new RegressionMetric(RegressionMetricKind.MeanSquaredError);
            var r2 = new RegressionMetric(RegressionMetricKind.RSquared);
            mse.Update(s_predictions, s_targets, 4, 1, w);
            r2.Update(s_predictions, s_targets, 4, 1, w);

            Assert.That(mse.Result, Is.EqualTo(2.25).Within(Exact));
            Assert.That(r2.Result, Is.EqualTo(0.5).Within(Exact));
        }

        [Test]
        public void RSquared_AveragesOutputs_AndScoresAConstantPerfectOutputAsOne()
        {
            // Column 0 as above (4/7); column 1 constant targets predicted exactly (SS_tot = 0, SS_res = 0 → 1).
            var p = new float[8];
            var t = new float[8];
            for (int i = 0; i < 4; i++)
            {
                p[2 * i] = s_predictions[i];
                t[2 * i] = s_targets[i];
                p[2 * i + 1] = t[2 * i + 1] = 5f;
            }
            var r2 = new RegressionMetric(RegressionMetricKind.RSquared);
            r2.Update(p, t, 4, 2, s_empty);

            Assert.That(r2.Result, Is.EqualTo((4.0 / 7 + 1) / 2).Within(Exact));
        }

        // ---- cross-entropy metrics -----------------------------------------------------------------------------

        [Test]
        public void PerplexityAndBitsPerCharacter_OfUniformPredictions_AreClassCountAndLog2()
        {
            var ppl = new Perplexity(fromLogits: true);
            var bpc = new BitsPerCharacter(fromLogits: true);
            ppl.Update(new float[8], Ids(0, 3), 2, 4, s_empty);
            bpc.Update(new float[8], Ids(0, 3), 2, 4, s_empty);

            Assert.That(ppl.Result, Is.EqualTo(4.0).Within(CrossEntropyTolerance));
            Assert.That(bpc.Result, Is.EqualTo(2.0).Within(CrossEntropyTolerance));
        }

        [Test]
        public void PerplexityAndBitsPerCharacter_UseTheMeanCrossEntropyInNats()
        {
            // p(true) = 0.5 and 0.25: mean CE = (ln 2 + ln 4)/2 = 1.5 ln 2 → perplexity 2^1.5, 1.5 bits.
            float[] p = { 0.5f, 0.5f, 0f, 0f, 0.25f, 0.25f, 0.25f, 0.25f };
            var ppl = new Perplexity();
            var bpc = new BitsPerCharacter();
            ppl.Update(p, Ids(0, 2), 2, 4, s_empty);
            bpc.Update(p, OneHot(4, 0, 2), 2, 4, s_empty);

            Assert.That(ppl.Result, Is.EqualTo(Math.Pow(2, 1.5)).Within(CrossEntropyTolerance));
            Assert.That(bpc.Result, Is.EqualTo(1.5).Within(CrossEntropyTolerance));
        }

        [Test]
        public void Perplexity_IsExpOfTheSparseLoss_OnTheSameWeightedBatch()
        {
            float[] logits = TrainingAssert.Uniform(5, 4 * 6, -3, 3);
            float[] ids = Ids(0, 5, 2, 3);
            float[] w = { 1f, 0.5f, 0f, 2f };
            float loss = new SparseCategoricalCrossEntropy(fromLogits: true).Forward(logits, ids, 4, 6, w, new float[24]);
            var ppl = new Perplexity(fromLogits: true);
            ppl.Update(logits, ids, 4, 6, w);

            // The loss is rounded to float; the metric keeps double.
            Assert.That(Math.Log(ppl.Result), Is.EqualTo(loss).Within(1e-6));
        }

        // ---- registry and argument checks ----------------------------------------------------------------------

        [TestCase("accuracy", typeof(Accuracy))]
        [TestCase("acc", typeof(Accuracy))]
        [TestCase("sparse_categorical_accuracy", typeof(Accuracy))]
        [TestCase("binary_accuracy", typeof(BinaryAccuracy))]
        [TestCase("sparse_top_k_categorical_accuracy", typeof(TopKAccuracy))]
        [TestCase("precision", typeof(Precision))]
        [TestCase("recall", typeof(Recall))]
        [TestCase("f1_score", typeof(F1Score))]
        [TestCase("confusion_matrix", typeof(ConfusionMatrix))]
        [TestCase("roc_auc", typeof(RocAuc))]
        [TestCase("mean_squared_error", typeof(RegressionMetric))]
        [TestCase("r2", typeof(RegressionMetric))]
        [TestCase("perplexity", typeof(Perplexity))]
        [TestCase("bits_per_character", typeof(BitsPerCharacter))]
        public void FromName_CreatesTheMetric(string name, Type type)
        {
            Assert.That(Metrics.FromName(name), Is.InstanceOf(type));
        }

        [Test]
        public void FromName_CanonicalNamesRoundTrip_AndUnknownNamesAreRejected()
        {
            foreach (string name in Metrics.Names) Assert.That(Metrics.FromName(name).Name, Is.EqualTo(name));
            Assert.That(() => Metrics.FromName("bleu"), Throws.ArgumentException.With.Message.Contains("bleu"));
        }

        [Test]
        public void Update_RejectsTargetsOfTheWrongLength()
        {
            Assert.That(() => new Accuracy().Update(new float[6], new float[4], 2, 3, s_empty), Throws.ArgumentException);
            Assert.That(() => new Accuracy().Update(new float[6], Ids(3, 0), 2, 3, s_empty), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
