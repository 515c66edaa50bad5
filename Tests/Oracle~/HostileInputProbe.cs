// Temporary timing probe (removed before hand-off).
using System;
using System.Diagnostics;
using System.Linq;
using NUnit.Framework;

namespace Recurrent.Tests.Oracle
{
    public sealed class HostileInputProbe
    {
        [Test, Explicit]
        public void Probe()
        {
            var sw = Stopwatch.StartNew();
            var seeds = HostileOnnx.ModelSeeds(withInputs: false);
            TestContext.Out.WriteLine($"load {sw.ElapsedMilliseconds} ms, {seeds.Count} seeds");
            foreach (var s in seeds.Where(s => s.Bytes.Length > 4000))
            {
                int fields = HostileProtobuf.Sites(s.Tree).Count;
                sw.Restart();
                for (int i = 0; i < 10; i++) HostileProtobuf.Clone(s.Tree);
                double clone = sw.Elapsed.TotalMilliseconds / 10;
                sw.Restart();
                for (int i = 0; i < 10; i++) HostileProtobuf.Sites(s.Tree);
                double sites = sw.Elapsed.TotalMilliseconds / 10;
                var t = HostileProtobuf.Clone(s.Tree);
                HostileProtobuf.Apply(t, new HostileOp(HostileOpKind.SetScalar, 5, 0, 3), s.Strings);
                sw.Restart();
                for (int i = 0; i < 10; i++) HostileProtobuf.Apply(HostileProtobuf.Clone(s.Tree), new HostileOp(HostileOpKind.InflatePacked, 5, 0, 3), s.Strings);
                double packed = sw.Elapsed.TotalMilliseconds / 10;
                sw.Restart();
                for (int i = 0; i < 10; i++) HostileProtobuf.EncodeFields(t);
                double enc = sw.Elapsed.TotalMilliseconds / 10;
                sw.Restart();
                for (int i = 0; i < 10; i++) HostileOnnx.Mutate(s, new HostileCase(0, new[] { new HostileOp(HostileOpKind.SetScalar, 5, 0, 3) }), new[] { s.Bytes }, out _);
                double mut = sw.Elapsed.TotalMilliseconds / 10;
                TestContext.Out.WriteLine($"{s.Name}: {s.Bytes.Length} bytes {fields} fields {s.Strings.Count} strings clone {clone:F2} sites {sites:F2} packed+clone {packed:F2} encode {enc:F2} mutate {mut:F2} ms");
            }
        }
    }
}
