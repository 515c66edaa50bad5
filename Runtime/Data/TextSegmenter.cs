// The fixed pre-tokenisation rules: words for WordTokenizer and pieces for BpeTokenizer. They are part of a saved
// tokenizer's meaning, so they take no options; changing them changes every trained vocabulary.
using System;
using System.Globalization;

namespace Recurrent.Data
{
    internal static class TextSegmenter
    {
        private enum CharClass { Space, Letter, Digit, Other }

        /// <summary>
        /// Word rule: a word is a maximal run of letters, marks, digits and '_' in which an apostrophe (' or ’) may stand
        /// between two such characters ("don't"); every other non-space character is a one-character token; white space
        /// only separates. Returns false at the end; otherwise [start, end) is the next token.
        /// </summary>
        public static bool NextWord(ReadOnlySpan<char> text, ref int i, out int start, out int end)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            start = i;
            if (i >= text.Length)
            {
                end = i;
                return false;
            }
            if (!IsWordChar(text, i))
            {
                i += TextScalars.Width(text, i);
                end = i;
                return true;
            }
            while (i < text.Length)
            {
                if (IsWordChar(text, i)) i += TextScalars.Width(text, i);
                else if (IsApostrophe(text[i]) && i + 1 < text.Length && IsWordChar(text, i + 1)) i++;
                else break;
            }
            end = i;
            return true;
        }

        /// <summary>
        /// BPE piece rule, GPT-2's pattern without the contraction alternatives, written without regex:
        /// <c> ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> (marks count as letters). A piece is an optional
        /// single leading space and a maximal run of letters, of digits, or of other non-space characters. A run of white
        /// space followed by more text gives all but its last character as one piece; that last character leads the next
        /// piece when it is a plain space and is a piece of its own otherwise; white space at the end is one piece.
        /// Merges never cross pieces. Returns the end of the piece starting at <paramref name="start"/>.
        /// </summary>
        public static int NextPiece(ReadOnlySpan<char> text, int start)
        {
            int i = start;
            CharClass first = Classify(text, i);
            if (first == CharClass.Space)
            {
                int j = i;
                while (j < text.Length && Classify(text, j) == CharClass.Space) j++;
                if (j == text.Length) return j;  // trailing white space: one piece
                if (j - 1 > i) return j - 1;     // all but the run's last character
                if (text[i] != ' ') return j;    // a lone non-space white-space character
                i = j;                           // a lone space leads the following run
                first = Classify(text, i);
            }
            i += TextScalars.Width(text, i);
            while (i < text.Length && Classify(text, i) == first) i += TextScalars.Width(text, i);
            return i;
        }

        private static bool IsApostrophe(char c) => c == '\'' || c == '\u2019';

        private static bool IsWordChar(ReadOnlySpan<char> text, int i)
        {
            char c = text[i];
            if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            CharClass k = Classify(text, i);
            return k == CharClass.Letter || k == CharClass.Digit || Category(text, i) == UnicodeCategory.ConnectorPunctuation;
        }

        private static CharClass Classify(ReadOnlySpan<char> text, int i)
        {
            char c = text[i];
            if (c < 128)
            {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass.Letter;
                if (c >= '0' && c <= '9') return CharClass.Digit;
                return c == ' ' || (c >= '\t' && c <= '\r') ? CharClass.Space : CharClass.Other;
            }
            if (char.IsWhiteSpace(c)) return CharClass.Space;
            switch (Category(text, i))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    return CharClass.Letter;
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                    return CharClass.Digit;
                default:
                    return CharClass.Other;
            }
        }

        private static UnicodeCategory Category(ReadOnlySpan<char> text, int i)
        {
            char c = text[i];
            if (TextScalars.Width(text, i) == 2)
                return CharUnicodeInfo.GetUnicodeCategory(new string(new[] { c, text[i + 1] }), 0);
            return CharUnicodeInfo.GetUnicodeCategory(c);
        }
    }
}
