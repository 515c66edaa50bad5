// Temporary probe (removed before hand-off).
using System;
using System.Diagnostics;
using System.IO;
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
            foreach (byte dimValue in new byte[] { 0, 7, 100 })
            foreach (int n in new[] { 1 << 16, 1 << 20 })
            {
                var s = new MemoryStream();
                s.WriteByte(0x0A); HostileProtobuf.WriteVarint(s, (ulong)n); for (int i = 0; i < n; i++) s.WriteByte(dimValue);
                s.WriteByte(0x10); s.WriteByte(1);             // data_type FLOAT
                s.WriteByte(0x4A); s.WriteByte(1); s.WriteByte(0); // raw_data 1 byte
                byte[] bytes = s.ToArray();
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                string outcome;
                try { OnnxReader.ReadTensor(bytes); outcome = "ok"; }
                catch (OnnxFormatException e) { outcome = $"OnnxFormatException, message {e.Message.Length} chars"; }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                TestContext.Out.WriteLine($"dims {n} x {dimValue}: input {bytes.Length} bytes, {outcome}, allocated {allocated / 1048576.0:F1} MB = {allocated / (double)bytes.Length:F1} x input, {sw.ElapsedMilliseconds} ms (default options)");
            }
        }
    }
}
