// Temporary probe (removed before hand-off).
using System;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Recurrent.Formats.Onnx;
using Recurrent.Tests.Oracle.Onnx;
using AttributeType = Recurrent.Tests.Oracle.Onnx.AttributeProto.Types.AttributeType;
using DataType = Recurrent.Tests.Oracle.Onnx.TensorProto.Types.DataType;

namespace Recurrent.Tests.Oracle
{
    public sealed class HostileInputProbe
    {
        [Test, Explicit]
        public void Probe()
        {
            foreach (string empty in new[] { "strides", "dilations", "kernel_shape", "pads" })
            {
                var g = new GraphProto { Name = "conv" };
                var w = new TensorProto { Name = "W", DataType = (int)DataType.Float, Dims = { 1, 1, 3 }, FloatData = { 1, 2, 3 } };
                g.Initializer.Add(w);
                g.Input.Add(new ValueInfoProto { Name = "X", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });
                var conv = new NodeProto { OpType = "Conv", Input = { "X", "W" }, Output = { "Y" } };
                if (empty != "kernel_shape") conv.Attribute.Add(new AttributeProto { Name = "kernel_shape", Type = AttributeType.Ints, Ints = { 3 } });
                conv.Attribute.Add(new AttributeProto { Name = empty, Type = AttributeType.Ints });
                g.Node.Add(conv);
                g.Output.Add(new ValueInfoProto { Name = "Y", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });
                var m = new ModelProto { IrVersion = 8, Graph = g };
                m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
                byte[] bytes = m.ToByteArray();
                try { new OnnxGraphExecutor(OnnxReader.Read(bytes)); TestContext.Out.WriteLine($"{empty} = []: built"); }
                catch (Exception e) { TestContext.Out.WriteLine($"{empty} = []: {e.GetType().Name}: {e.Message}\n  {bytes.Length} bytes: {Convert.ToBase64String(bytes)}\n  {(e.StackTrace ?? "").Split('\n')[0]}"); }
            }
        }
    }
}
