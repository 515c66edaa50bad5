// Temporary probe (removed before hand-off).
using System;
using System.Linq;
using NUnit.Framework;
using Recurrent.Formats.Onnx;

namespace Recurrent.Tests.Oracle
{
    public sealed class HostileInputProbe
    {
        [Test, Explicit]
        public void Probe()
        {
            var seed = HostileOnnx.ModelSeeds(true).First(s => s.Name.Contains("pt26"));
            var tree = HostileProtobuf.Clone(seed.Tree);
            var site = HostileProtobuf.Sites(tree).First(s => s.Path.ToString() == "7#3/1#20/5#11/3#1");
            var node = HostileProtobuf.Sites(tree).First(s => s.Path.ToString() == "7#3/1#20");
            TestContext.Out.WriteLine("attribute: " + HostileProtobuf.Printable(HostileProtobuf.Sites(tree).First(s => s.Path.ToString() == "7#3/1#20/5#11").Field.PayloadBytes));
            site.List.RemoveAt(site.Index);
            site.Dirty();
            byte[] bytes = HostileProtobuf.EncodeFields(tree);
            var model = OnnxReader.Read(bytes);
            var n = model.Graph.Nodes[20];
            TestContext.Out.WriteLine($"{n.OpType}: {string.Join("; ", n.Attributes.Select(a => a.Name + " " + a.Type + " i=" + a.I + " ints=[" + string.Join(",", a.Ints) + "] strings=[" + string.Join(",", a.Strings) + "]"))}");
            var ex = new OnnxGraphExecutor(model);
            var inputs = HostileOnnx.Inputs(ex, seed, 1, out _, hostileValues: false)!;
            try { ex.Run(inputs); TestContext.Out.WriteLine("ran"); }
            catch (Exception e) { TestContext.Out.WriteLine(e.Message + "\n" + e.InnerException?.GetType() + "\n" + e.InnerException?.StackTrace); }
        }
    }
}
