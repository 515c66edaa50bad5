// SequenceDataset's step mask: validation (mask xor lengths, shape, NaN), Length/IsValid, Slice keeping the mask, and
// FromPadded over Padding's pre- and post-padded (and truncated) batches, whose training steps must coincide.
#nullable enable
using System;
using NUnit.Framework;
using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Training
{
    [TestFixture]
    public class SequenceDatasetMaskTests
    {
        [Test]
        public void LengthsAndMaskTogether_ThrowArgumentException()
        {
            var ex = Assert.Throws<ArgumentException>(() => SequenceDataset.FromFeatures(new float[2 * 3], 2, 3, 1, new float[2], 1,
                lengths: new[] { 3, 1 }, mask: new float[6]));
            Assert.That(ex!.Message, Does.Contain("either lengths or a mask"));
            Assert.Throws<ArgumentException>(() => SequenceDataset.FromTokens(new int[6], 2, 3, new float[2], 1,
                lengths: new[] { 3, 1 }, mask: new float[6]));
        }

        [Test]
        public void MaskOfTheWrongSizeOrWithNaN_ThrowsArgumentException()
        {
            Assert.Throws<ArgumentException>(() => SequenceDataset.FromFeatures(new float[6], 2, 3, 1, new float[2], 1, mask: new float[5]));
            var ex = Assert.Throws<ArgumentException>(() => SequenceDataset.FromTokens(new int[6], 2, 3, new float[2], 1,
                mask: new[] { 1f, 1f, 1f, 0f, float.NaN, 1f }));
            Assert.That(ex!.Message, Does.Contain("mask[1, 1]").And.Contain("NaN"));
        }

        [Test]
        public void Mask_GivesLengthAndIsValid_AndSliceKeepsIt()
        {
            var mask = new[] { 0f, 1f, 1f, 0f, /**/ 1f, 0f, 0f, 0.5f, /**/ 0f, 0f, 0f, 0f };
            var data = SequenceDataset.FromFeatures(new float[3 * 4 * 2], 3, 4, 2, new float[3 * 4], 1, targetsPerStep: true, mask: mask);
            Assert.That(new[] { data.Length(0), data.Length(1), data.Length(2) }, Is.EqualTo(new[] { 2, 2, 0 }));
            Assert.That(data.IsValid(0, 0), Is.False);
            Assert.That(data.IsValid(0, 1), Is.True);
            Assert.That(data.IsValid(1, 3), Is.True, "any nonzero value is valid");
            Assert.That(data.Lengths, Is.Null);

            var slice = data.Slice(1, 2);
            Assert.That(slice.Mask, Is.EqualTo(new[] { 1f, 0f, 0f, 0.5f, 0f, 0f, 0f, 0f }));
            Assert.That(new[] { slice.Length(0), slice.Length(1) }, Is.EqualTo(new[] { 2, 0 }));
            Assert.That(slice.IsValid(0, 3), Is.True);

            var byLengths = SequenceDataset.FromTokens(new int[2 * 4], 2, 4, new float[2], 1, lengths: new[] { 3, 0 });
            Assert.That(byLengths.IsValid(0, 2), Is.True);
            Assert.That(byLengths.IsValid(0, 3), Is.False);
            Assert.That(byLengths.Mask, Is.Null);
        }

        [Test]
        public void FromPadded_PrePaddedUsesTheMask_PostPaddedTheLengths()
        {
            var sequences = new[] { new[] { 1, 2, 3, 4, 5 }, new[] { 6, 7 } };
            var pre = SequenceDataset.FromPadded(Padding.Pad(sequences, maxLength: 4, padValue: 0, PaddingSide.Pre, TruncationSide.Pre), new float[] { 0, 1 }, 1);
            Assert.That(pre.Mask, Is.EqualTo(new float[] { 1, 1, 1, 1, 0, 0, 1, 1 }));
            Assert.That(pre.Lengths, Is.Null);
            Assert.That(pre.Tokens, Is.EqualTo(new[] { 2, 3, 4, 5, 0, 0, 6, 7 }));
            var post = SequenceDataset.FromPadded(Padding.Pad(sequences, maxLength: 4), new float[] { 0, 1 }, 1);
            Assert.That(post.Lengths, Is.EqualTo(new[] { 4, 2 }));
            Assert.That(post.Mask, Is.Null);

            var features = Padding.PadFeatures(new[] { new[] { 1f, 2f, 3f, 4f }, new[] { 5f, 6f } }, 2, padding: PaddingSide.Pre);
            var f = SequenceDataset.FromPadded(features, new float[] { 1, 0 }, 1);
            Assert.That(f.Features, Is.EqualTo(2));
            Assert.That(f.Inputs, Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 0f, 0f, 5f, 6f }));
            Assert.That(f.Mask, Is.EqualTo(new float[] { 1, 1, 0, 1 }));
        }

        [Test]
        public void FromPadded_PreAndPostPaddedTokensWithPerStepTargets_TrainIdentically()
        {
            // Per-step targets padded with the same settings as the ids (PadFeatures with one value per step).
            var ids = new[] { new[] { 1, 4, 2, 5, 3, 1 }, new[] { 6, 2 }, new[] { 3, 3, 0, 4 } };
            var targets = new[] { new[] { 0f, 1f, 2f, 1f, 0f, 2f }, new[] { 2f, 0f }, new[] { 1f, 1f, 0f, 2f } };
            double[] losses = new double[2];
            float[][][] gradients = new float[2][][];
            for (int k = 0; k < 2; k++)
            {
                var side = k == 0 ? PaddingSide.Post : PaddingSide.Pre;
                var batch = Padding.Pad(ids, maxLength: 5, padValue: 0, side, TruncationSide.Pre);
                var y = Padding.PadFeatures(targets, 1, maxLength: 5, padValue: -1f, side, TruncationSide.Pre);
                var data = SequenceDataset.FromPadded(batch, y.Values, 1, targetsPerStep: true);
                var trainer = ModelBuilder.ForTokens(7, 3, 5).Gru(4, direction: Recurrent.Ops.RecurrentDirection.Bidirectional).Dense(3).Softmax().Build()
                    .Compile(new Sgd(0.1f), new SparseCategoricalCrossEntropy());
                losses[k] = trainer.TrainOnBatch(data, new[] { 0, 1, 2 });
                gradients[k] = new float[trainer.Graph.Parameters.Count][];
                for (int i = 0; i < gradients[k].Length; i++) gradients[k][i] = (float[])trainer.Graph.Parameters[i].Gradient.Clone();
            }
            Assert.That(losses[1], Is.EqualTo(losses[0]), "loss: pre-padded vs post-padded");
            Assert.That(losses[0], Is.GreaterThan(0.0));
            for (int i = 0; i < gradients[0].Length; i++)
                Assert.That(gradients[1][i], Is.EqualTo(gradients[0][i]), $"gradient {i}: pre-padded vs post-padded");
        }
    }
}
