// Temporary probe (removed before hand-off).
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    public sealed class HostileInputProbe
    {
        [Test, Explicit]
        public void Probe()
        {
            var seed = HostileOnnx.ModelSeeds(true).First(s => s.Name.Contains("pt112"));
            var model = OnnxReader.Read(seed.Bytes);
            for (int i = 0; i < 12; i++)
            {
                var n = model.Graph.Nodes[i];
                TestContext.Out.WriteLine($"node {i}: {n.OpType} in [{string.Join(",", n.Inputs)}] attrs {string.Join("; ", n.Attributes.Select(a => a.Name + "=" + (a.Ints != null ? "[" + string.Join(",", a.Ints) + "]" : a.I.ToString())))}");
            }
            var ex = new OnnxGraphExecutor(model);
            TestContext.Out.WriteLine(string.Join(", ", ex.Inputs));
            foreach (ulong v in new ulong[] { 0x1000, 0x10000, 0x100000 })
            {
                var c = new HostileCase(0, new[] { new HostileOp(HostileOpKind.SetScalar, 0, 0, 0) });
                // Build the mutated model directly: node 9 attribute 'pads' third value.
                var tree = HostileProtobuf.Clone(seed.Tree);
                var sites = HostileProtobuf.Sites(tree);
                var site = sites.First(s => s.Path.ToString() == "7#3/1#9/5#9/8#2");
                site.Field.Value = v;
                site.Dirty();
                byte[] bytes = HostileProtobuf.EncodeFields(tree);
                var m2 = OnnxReader.Read(bytes);
                var e2 = new OnnxGraphExecutor(m2);
                var inputs = HostileOnnx.Inputs(e2, seed, 1, out _, hostileValues: false)!;
                var sw = Stopwatch.StartNew();
                long before = GC.GetTotalAllocatedBytes();
                var t = Task.Run(() => { try { e2.Run(inputs); return "ran"; } catch (Exception e) { return e.GetType().Name + ": " + e.Message; } });
                bool done = t.Wait(TimeSpan.FromSeconds(20));
                TestContext.Out.WriteLine($"pads[2] = {v}: {(done ? t.Result : "still running after 20 s")}, {sw.Elapsed.TotalSeconds:F1} s, allocated {(GC.GetTotalAllocatedBytes() - before) / 1048576.0:F0} MB; inputs {string.Join(", ", inputs.Select(kv => kv.Key + kv.Value.Describe()))}");
                if (!done) break;
            }
        }
    }
}
