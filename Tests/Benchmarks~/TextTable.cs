// A small table printer: aligned columns for the console, pipe tables for Markdown.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Recurrent.Benchmarks
{
    internal sealed class TextTable
    {
        private readonly string[] _headers;
        private readonly bool[] _rightAligned;
        private readonly List<string[]> _rows = new List<string[]>();

        /// <param name="headers">Column names; a leading '>' right-aligns the column (numbers).</param>
        public TextTable(params string[] headers)
        {
            _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
            _headers = headers.Select(h => h.TrimStart('>')).ToArray();
        }

        public void Add(params string[] cells)
        {
            if (cells.Length != _headers.Length) throw new ArgumentException($"{cells.Length} cells for {_headers.Length} columns.");
            _rows.Add(cells);
        }

        public string ToText()
        {
            int[] widths = new int[_headers.Length];
            for (int c = 0; c < widths.Length; c++)
                widths[c] = Math.Max(_headers[c].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length));
            var sb = new StringBuilder();
            AppendLine(sb, _headers, widths);
            sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in _rows) AppendLine(sb, row, widths);
            return sb.ToString();
        }

        public string ToMarkdown()
        {
            var sb = new StringBuilder();
            sb.Append("| ").Append(string.Join(" | ", _headers)).AppendLine(" |");
            sb.Append('|').Append(string.Join("|", _rightAligned.Select(r => r ? " ---: " : " --- "))).AppendLine("|");
            foreach (var row in _rows)
                sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|")))).AppendLine(" |");
            return sb.ToString();
        }

        private void AppendLine(StringBuilder sb, string[] cells, int[] widths)
        {
            for (int c = 0; c < cells.Length; c++)
            {
                if (c > 0) sb.Append("  ");
                sb.Append(_rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
            }
            sb.AppendLine();
        }
    }
}
