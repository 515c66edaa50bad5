// Minimal sequential reader of tar archives (POSIX ustar, GNU long names, pax path records), because netstandard2.1
// has no System.Formats.Tar. Yields regular files only; links, devices and sparse files are skipped.
using System;
using System.IO;
using System.Text;

namespace Recurrent.Data
{
    internal sealed class TarEntryReader
    {
        private const int BlockSize = 512;
        private readonly Stream _stream;
        private readonly byte[] _header = new byte[BlockSize];

        public TarEntryReader(Stream stream)
        {
            _stream = stream;
        }

        /// <summary>The next regular file's path and contents; false at the end of the archive.</summary>
        public bool TryNext(out string path, out byte[] contents)
        {
            string? longName = null;
            while (true)
            {
                if (!ReadBlock(_header, allowEnd: true) || IsZero(_header))
                {
                    path = "";
                    contents = Array.Empty<byte>();
                    return false;
                }
                CheckChecksum();
                long size = ParseNumber(124, 12);
                if (size < 0 || size > int.MaxValue) throw new InvalidDataException($"Tar entry size {size} is not supported.");
                byte type = _header[156];
                string name = longName ?? HeaderName();
                longName = null;
                byte[] data = ReadData((int)size);
                switch (type)
                {
                    case (byte)'0':
                    case 0:
                    case (byte)'7':
                        path = name;
                        contents = data;
                        return true;
                    case (byte)'L': // GNU long name for the next entry
                        longName = CString(data, 0, data.Length);
                        break;
                    case (byte)'x': // pax extended header for the next entry
                        longName = PaxPath(data);
                        break;
                    default:        // directories, links, global pax headers, …
                        break;
                }
            }
        }

        private string HeaderName()
        {
            string name = CString(_header, 0, 100);
            // POSIX ustar ("ustar\0" + "00") has a prefix field; GNU's "ustar  \0" uses those bytes for other things.
            if (_header[257] == 'u' && _header[262] == 0 && _header[263] == '0' && _header[264] == '0')
            {
                string prefix = CString(_header, 345, 155);
                if (prefix.Length > 0) name = prefix + "/" + name;
            }
            return name;
        }

        private byte[] ReadData(int size)
        {
            var data = new byte[size];
            ReadExactly(data, size);
            int padding = (BlockSize - size % BlockSize) % BlockSize;
            if (padding > 0) ReadExactly(new byte[padding], padding);
            return data;
        }

        private bool ReadBlock(byte[] block, bool allowEnd)
        {
            int read = 0;
            while (read < block.Length)
            {
                int n = _stream.Read(block, read, block.Length - read);
                if (n == 0)
                {
                    if (read == 0 && allowEnd) return false;
                    throw new EndOfStreamException("The tar archive ends inside a block.");
                }
                read += n;
            }
            return true;
        }

        private void ReadExactly(byte[] buffer, int count)
        {
            int read = 0;
            while (read < count)
            {
                int n = _stream.Read(buffer, read, count - read);
                if (n == 0) throw new EndOfStreamException("The tar archive ends inside an entry.");
                read += n;
            }
        }

        private void CheckChecksum()
        {
            long stored = ParseNumber(148, 8);
            long sum = 0;
            for (int i = 0; i < BlockSize; i++) sum += i >= 148 && i < 156 ? (byte)' ' : _header[i];
            if (sum != stored) throw new InvalidDataException($"Tar header checksum {stored} does not match {sum}; the archive is damaged or not a tar file.");
        }

        // Octal text (NUL/space terminated), or GNU base-256 when the high bit of the first byte is set.
        private long ParseNumber(int offset, int length)
        {
            if ((_header[offset] & 0x80) != 0)
            {
                long v = _header[offset] & 0x7F;
                for (int i = 1; i < length; i++) v = (v << 8) | _header[offset + i];
                return v;
            }
            long value = 0;
            for (int i = 0; i < length; i++)
            {
                byte b = _header[offset + i];
                if (b == 0 || b == ' ')
                {
                    if (value != 0) break;
                    continue;
                }
                if (b < '0' || b > '7') throw new InvalidDataException("A tar header number is not octal.");
                value = value * 8 + (b - '0');
            }
            return value;
        }

        private static string? PaxPath(byte[] data)
        {
            // Records: "<length> <key>=<value>\n", length counting the whole record.
            int i = 0;
            string? path = null;
            while (i < data.Length)
            {
                int space = Array.IndexOf(data, (byte)' ', i);
                if (space < 0) break;
                int length = int.Parse(Encoding.ASCII.GetString(data, i, space - i), System.Globalization.CultureInfo.InvariantCulture);
                if (length <= 0 || i + length > data.Length) break;
                string record = Encoding.UTF8.GetString(data, space + 1, i + length - space - 2);
                if (record.StartsWith("path=", StringComparison.Ordinal)) path = record.Substring(5);
                i += length;
            }
            return path;
        }

        private static string CString(byte[] data, int offset, int length)
        {
            int end = offset;
            while (end < offset + length && data[end] != 0) end++;
            return Encoding.UTF8.GetString(data, offset, end - offset);
        }

        private static bool IsZero(byte[] block)
        {
            for (int i = 0; i < block.Length; i++)
            {
                if (block[i] != 0) return false;
            }
            return true;
        }
    }
}
