// Temporary probe (removed before hand-off).
using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    public sealed class HostileInputProbe
    {
        [Test, Explicit]
        public void Probe()
        {
            var seeds = HostileOnnx.ModelSeeds(withInputs: true);
            var donors = seeds.Select(s => s.Bytes).ToArray();
            (int, HostileOpKind)[] ops =
            {
                (1, HostileOpKind.Cycle), (1, HostileOpKind.DanglingInput), (1, HostileOpKind.DuplicateName), (1, HostileOpKind.ReorderNodes),
                (1, HostileOpKind.OpType), (1, HostileOpKind.Opset), (1, HostileOpKind.Attribute), (1, HostileOpKind.InputShape), (1, HostileOpKind.NestGraph),
                (2, HostileOpKind.SetScalar), (1, HostileOpKind.InflatePacked), (1, HostileOpKind.LieLength),
            };
            var gen = HostileCaseGen.Cases(seeds.Count, ops, 1, 1, 0, 1).Generator;
            var cases = gen.Sample(60, 50);
            foreach (var c in cases)
            {
                var seed = seeds[c.Seed];
                byte[] bytes = HostileOnnx.Mutate(seed, c, donors, out string d);
                string stage = "read";
                try
                {
                    var m = OnnxReader.Read(bytes, null, new OnnxReadOptions { MaxTotalTensorBytes = 64 << 20, MaxTensorElements = 1 << 24 });
                    stage = "build";
                    var ex = new OnnxGraphExecutor(m);
                    var inputs = HostileOnnx.Inputs(ex, seed, c.Seed, out string? why);
                    if (inputs == null) { TestContext.Out.WriteLine($"[not run: {why}] {d}"); continue; }
                    stage = "run";
                    ex.Run(inputs);
                    TestContext.Out.WriteLine($"[ran] {d}");
                }
                catch (Exception e)
                {
                    string msg = e.Message.Length > 220 ? e.Message.Substring(0, 220) : e.Message;
                    TestContext.Out.WriteLine($"[{stage}: {e.GetType().Name}] {d}\n      -> {msg}");
                }
            }
        }
    }
}
