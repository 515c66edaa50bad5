// Just enough C# lexing to search code without tripping over comments and string literals, and to report matches
// as path:line. It is not a parser: the rule fixtures decide what to look for.
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.Package
{
    internal static class CSharpSource
    {
        /// <summary>
        /// The source with comments and the contents of string and character literals replaced by spaces.
        /// Line breaks stay where they were, so line numbers still match the file.
        /// </summary>
        public static string CodeOnly(string source)
        {
            var code = new StringBuilder(source.Length);
            int i = 0;
            while (i < source.Length)
            {
                char c = source[i];
                char next = i + 1 < source.Length ? source[i + 1] : '\0';
                if (c == '/' && next == '/')
                {
                    int lineEnd = source.IndexOf('\n', i);
                    i = Blank(source, i, lineEnd >= 0 ? lineEnd : source.Length, code);
                }
                else if (c == '/' && next == '*')
                {
                    int end = source.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = Blank(source, i, end >= 0 ? end + 2 : source.Length, code);
                }
                else if (c == '"' || c == '\'' || ((c == '@' || c == '$') && (next == '"' || next == '@' || next == '$')))
                {
                    i = Blank(source, i, LiteralEnd(source, i), code);
                }
                else
                {
                    code.Append(c);
                    i++;
                }
            }
            return code.ToString();
        }

        /// <summary>Every match of <paramref name="pattern"/> in <paramref name="text"/> as "path:line: match".</summary>
        public static IEnumerable<string> Matches(string path, string text, Regex pattern)
        {
            foreach (Match m in pattern.Matches(text))
            {
                int line = 1;
                for (int k = 0; k < m.Index; k++)
                {
                    if (text[k] == '\n')
                    {
                        line++;
                    }
                }
                yield return path + ":" + line + ": " + m.Value.Trim();
            }
        }

        private static int Blank(string source, int start, int end, StringBuilder code)
        {
            for (int k = start; k < end; k++)
            {
                code.Append(source[k] == '\n' ? '\n' : ' ');
            }
            return end;
        }

        /// <summary>Index just past the literal starting at <paramref name="start"/> (plain, verbatim, interpolated, raw, char).</summary>
        private static int LiteralEnd(string source, int start)
        {
            int i = start;
            bool verbatim = false;
            while (source[i] == '@' || source[i] == '$')
            {
                verbatim |= source[i] == '@';
                i++;
            }
            char quote = source[i];
            int quotes = 0;
            while (i + quotes < source.Length && source[i + quotes] == '"' && quote == '"')
            {
                quotes++;
            }
            if (!verbatim && quotes >= 3)
            {
                string fence = new string('"', quotes);
                int close = source.IndexOf(fence, i + quotes, System.StringComparison.Ordinal);
                return close >= 0 ? close + quotes : source.Length;
            }
            i++;
            while (i < source.Length)
            {
                char c = source[i];
                if (!verbatim && c == '\\')
                {
                    i += 2;
                    continue;
                }
                if (c == quote)
                {
                    if (verbatim && i + 1 < source.Length && source[i + 1] == quote)
                    {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                if (!verbatim && c == '\n')
                {
                    return i; // unterminated: stop at the line end
                }
                i++;
            }
            return source.Length;
        }
    }
}
