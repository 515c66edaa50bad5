// Unicode scalar iteration and the one lower-casing rule every tokenizer shares (char.ToLowerInvariant per UTF-16
// unit, surrogate pairs kept as they are), so training and inference split text identically.
using System;
using System.Text;

namespace Recurrent.Data
{
    internal static class TextScalars
    {
        /// <summary>The scalar starting at <paramref name="i"/> (a lone surrogate is returned as itself); advances i.</summary>
        public static int Next(ReadOnlySpan<char> text, ref int i, bool lowercase)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int scalar = char.ConvertToUtf32(c, text[i + 1]);
                i += 2;
                return scalar;
            }
            i++;
            return lowercase ? char.ToLowerInvariant(c) : c;
        }

        /// <summary>The number of UTF-16 units of the scalar starting at <paramref name="i"/>.</summary>
        public static int Width(ReadOnlySpan<char> text, int i) =>
            char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

        public static string ToText(int scalar) =>
            scalar > 0xFFFF ? char.ConvertFromUtf32(scalar) : new string((char)scalar, 1);

        public static void Append(StringBuilder builder, int scalar)
        {
            if (scalar > 0xFFFF) builder.Append(char.ConvertFromUtf32(scalar));
            else builder.Append((char)scalar);
        }

        /// <summary>True when <paramref name="text"/> is exactly one scalar (or one lone surrogate).</summary>
        public static bool IsSingle(string text, out int scalar)
        {
            scalar = -1;
            if (text.Length == 0 || text.Length > 2) return false;
            int i = 0;
            scalar = Next(text.AsSpan(), ref i, lowercase: false);
            return i == text.Length;
        }

        /// <summary>The text with every UTF-16 unit passed through char.ToLowerInvariant (surrogates are unchanged).</summary>
        public static string Lower(string text)
        {
            char[]? lowered = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                char l = char.ToLowerInvariant(c);
                if (l != c)
                {
                    lowered ??= text.ToCharArray();
                    lowered[i] = l;
                }
            }
            return lowered is null ? text : new string(lowered);
        }
    }
}
