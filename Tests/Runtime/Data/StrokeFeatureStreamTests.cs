// Live stroke features: streaming-safe frame values by hand, bit-for-bit equality with batch processing for every
// prefix, reset, and the refusal of settings that need the finished gesture.
#nullable enable
using System;
using System.Collections.Generic;
using NUnit.Framework;
using Recurrent.Data;
using static Recurrent.Tests.Data.StrokeTestData;

namespace Recurrent.Tests.Data
{
    public sealed class StrokeFeatureStreamTests
    {
        private static StrokeSettings StreamingSafe(float spacing, StrokeResampleMode mode = StrokeResampleMode.ArcLength) => new StrokeSettings
        {
            Resample = mode,
            Points = 0,
            Spacing = spacing,
            Normalization = StrokeNormalization.StreamingSafe,
            ReferenceSize = 100,
            Features = new List<string> { "x", "y", "dx", "dy", "pen" },
        };

        [Test]
        public void StreamingSafeFrame_FirstPointAtOriginScaledByReferenceSize()
        {
            // A 50-pixel line from (100, 100): 0.5 reference units, a point every 0.125 (exact in binary).
            StrokeFeatureStream stream = new StrokePreprocessor(StreamingSafe(0.125f)).CreateStream();
            var f = new float[5];
            var xs = new List<float>();

            stream.Add(100, 100, 0, 0);
            stream.Add(150, 100, 10, 0);
            while (stream.TryRead(f)) xs.Add(f[0]);

            Assert.That(xs, Is.EqualTo(new[] { 0f, 0.125f, 0.25f, 0.375f, 0.5f }));
        }

        [TestCase(StrokeResampleMode.ArcLength, 0.05f)]
        [TestCase(StrokeResampleMode.Time, 12f)]
        [TestCase(StrokeResampleMode.None, 0f)]
        public void EveryPrefix_StreamEqualsBatchBitForBit(StrokeResampleMode mode, float spacing)
        {
            StrokePoint[] scribble = Scribble();
            var pre = new StrokePreprocessor(StreamingSafe(spacing, mode));
            StrokeFeatureStream stream = pre.CreateStream();
            var streamed = new List<float>();
            var f = new float[pre.FeatureCount];

            for (int i = 0; i < scribble.Length; i++)
            {
                stream.Add(scribble[i]);
                while (stream.TryRead(f)) streamed.AddRange(f);
                float[] batch = pre.Process(scribble.AsSpan(0, i + 1));
                Assert.That(streamed, Is.EqualTo(batch), "after point " + i);
            }
            Assert.That(streamed.Count / pre.FeatureCount, Is.GreaterThan(20));
        }

        [Test]
        public void Reset_StartsANewGestureWithItsOwnOrigin()
        {
            var pre = new StrokePreprocessor(StreamingSafe(0.05f));
            StrokeFeatureStream stream = pre.CreateStream();
            var f = new float[5];
            foreach (StrokePoint p in Scribble()) stream.Add(p);

            stream.Reset();
            stream.Add(500, 500, 0, 0);

            Assert.That(stream.TryRead(f), Is.True);
            Assert.That(f, Is.EqualTo(new float[] { 0, 0, 0, 0, 1 }));
            Assert.That(stream.TryRead(f), Is.False);
        }

        [Test]
        public void SteadyState_AllocatesNothing()
        {
            StrokePoint[] scribble = Scribble();
            StrokeFeatureStream stream = new StrokePreprocessor(StreamingSafe(0.02f)).CreateStream();
            var f = new float[5];
            foreach (StrokePoint p in scribble) stream.Add(p); // warm up: buffers reach their size
            while (stream.TryRead(f)) { }
            stream.Reset();

            long allocated = AllocationCounter.Measure(() =>
            {
                for (int round = 0; round < 20; round++)
                {
                    foreach (StrokePoint p in scribble)
                    {
                        stream.Add(p);
                        while (stream.TryRead(f)) { }
                    }
                    stream.Reset();
                }
            });
            Assert.That(allocated, Is.EqualTo(0), "bytes allocated by 20 live gestures");
        }

        [Test]
        public void GestureFrameOrFixedPointCount_CannotStream()
        {
            var gesture = new StrokePreprocessor(new StrokeSettings { Points = 0, Spacing = 5 });
            var counted = new StrokePreprocessor(new StrokeSettings { Points = 32, Normalization = StrokeNormalization.StreamingSafe });

            Assert.That(gesture.SupportsStreaming, Is.False);
            Assert.That(() => gesture.CreateStream(), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("StreamingSafe"));
            Assert.That(() => counted.CreateStream(), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("Points"));
        }
    }
}
