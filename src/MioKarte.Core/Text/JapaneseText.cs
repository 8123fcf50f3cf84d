using System.Globalization;
using System.Text;

namespace MioKarte.Core.Text;

/// <summary>
/// Normalisation of what people type into Japanese forms: full-width digits and letters become
/// ASCII, half-width katakana becomes full-width, spaces are collapsed. Each field kind has its own
/// rule because "right" differs: a phone number wants ASCII digits, a kana name wants katakana.
/// </summary>
public static class JapaneseText
{
    private const char IdeographicSpace = '\u3000';

    /// <summary>
    /// NFKC (ＡＢＣ１２３ → ABC123, ｶﾀｶﾅ → カタカナ) with whitespace runs collapsed to one
    /// <paramref name="space"/> and trimmed. Null stays null.
    /// </summary>
    public static string? Clean(string? value, char space = ' ')
    {
        if (value is null)
        {
            return null;
        }

        var normalized = value.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c) || c == IdeographicSpace)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(space);
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A person's or facility's name: NFKC, one full-width space between words (山田　太郎).</summary>
    public static string? Name(string? value) => Clean(value, IdeographicSpace);

    /// <summary>
    /// フリガナ: hiragana becomes katakana (やまだ → ヤマダ), half-width becomes full-width, one
    /// full-width space between words. Check the result with <see cref="IsKatakana"/>.
    /// </summary>
    public static string? Kana(string? value)
    {
        var cleaned = Clean(value, IdeographicSpace);
        if (cleaned is null)
        {
            return null;
        }

        var chars = cleaned.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            // Hiragana ぁ (U+3041) … ゖ (U+3096) sit exactly 0x60 below their katakana.
            if (chars[i] is >= '\u3041' and <= '\u3096')
            {
                chars[i] = (char)(chars[i] + 0x60);
            }
        }

        return new string(chars);
    }

    /// <summary>
    /// A kana name reduced for comparison (照合): <see cref="Kana"/> (NFKC, half-width → full-width,
    /// hiragana → katakana), then spaces and 「・」 removed and small kana made large (ァ → ア,
    /// ッ → ツ, ャ → ヤ), because facilities write ヤマダ　タロウ, やまだたろう and ﾔﾏﾀﾞ ﾀﾛｳ for the
    /// same person, and some systems cannot store small kana. ヴ is read as the バ row (ヴァ → バ,
    /// ヴ → ブ), because many systems cannot store it and write the nearest sound instead. Null stays null.
    /// </summary>
    public static string? KanaForMatching(string? value)
    {
        var kana = Kana(value);
        if (kana is null)
        {
            return null;
        }

        var builder = new StringBuilder(kana.Length);
        for (var i = 0; i < kana.Length; i++)
        {
            var c = kana[i];
            if (char.IsWhiteSpace(c) || c is IdeographicSpace or '\u30FB')
            {
                continue;
            }

            if (c == 'ヴ')
            {
                var next = i + 1 < kana.Length ? kana[i + 1] : '\0';
                var row = next switch { 'ァ' => 'バ', 'ィ' => 'ビ', 'ェ' => 'ベ', 'ォ' => 'ボ', _ => '\0' };
                builder.Append(row == '\0' ? 'ブ' : row);
                i += row == '\0' ? 0 : 1;
                continue;
            }

            builder.Append(c switch
            {
                'ァ' => 'ア',
                'ィ' => 'イ',
                'ゥ' => 'ウ',
                'ェ' => 'エ',
                'ォ' => 'オ',
                'ッ' => 'ツ',
                'ャ' => 'ヤ',
                'ュ' => 'ユ',
                'ョ' => 'ヨ',
                'ヮ' => 'ワ',
                'ヵ' => 'カ',
                'ヶ' => 'ケ',
                _ => c,
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// A kanji name reduced for comparison (照合): <see cref="Clean"/> (NFKC: full-width letters and
    /// half-width kana made one form), spaces and 「・」 removed, and the few 異体字 that facilities'
    /// systems commonly store one way or the other (髙/高, 﨑/崎, 邊・邉/辺, 濵・濱/浜, 澤/沢, 齋/斎 …)
    /// read as the common form. Other variants stay different: a rule cannot know them all, and a
    /// mismatch only asks the user to look at the 患者情報送信票 again. Null stays null.
    /// </summary>
    public static string? NameForMatching(string? value)
    {
        var cleaned = Clean(value);
        if (cleaned is null)
        {
            return null;
        }

        var builder = new StringBuilder(cleaned.Length);
        foreach (var rune in cleaned.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || rune.Value == '\u30FB')
            {
                continue;
            }

            if (rune.IsBmp && KanjiVariants.TryGetValue((char)rune.Value, out var common))
            {
                builder.Append(common);
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    // Variant → common form, for the characters of family names that systems store both ways.
    private static readonly Dictionary<char, char> KanjiVariants = new()
    {
        ['髙'] = '高',
        ['﨑'] = '崎',
        ['嵜'] = '崎',
        ['邊'] = '辺',
        ['邉'] = '辺',
        ['濵'] = '浜',
        ['濱'] = '浜',
        ['澤'] = '沢',
        ['齋'] = '斎',
        ['齊'] = '斉',
        ['廣'] = '広',
        ['國'] = '国',
        ['瀨'] = '瀬',
        ['德'] = '徳',
        ['櫻'] = '桜',
        ['槇'] = '槙',
        ['冨'] = '富',
    };

    /// <summary>True when every character is full-width katakana, ー, ・ or a full-width space.</summary>
    public static bool IsKatakana(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            var ok = c is >= '\u30A1' and <= '\u30FA' or '\u30FC' or '\u30FB' or IdeographicSpace;
            if (!ok)
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    /// <summary>
    /// Digits and hyphens only (phone, postal code): NFKC, and every dash look-alike people type —
    /// ー (long vowel mark), ‐, −, –, — — becomes "-". Spaces are removed.
    /// </summary>
    public static string? DigitsAndHyphens(string? value)
    {
        var cleaned = Clean(value);
        if (cleaned is null)
        {
            return null;
        }

        var builder = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (c == ' ')
            {
                continue;
            }

            builder.Append(c is '\u30FC' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFF70' ? '-' : c);
        }

        return builder.ToString();
    }

    /// <summary>Digits only (codes, account numbers): NFKC, then hyphens and spaces removed.</summary>
    public static string? Digits(string? value) => DigitsAndHyphens(value)?.Replace("-", "", StringComparison.Ordinal);

    /// <summary>An e-mail address: NFKC (＠ → @), no spaces, the domain in lower case.</summary>
    public static string? Email(string? value)
    {
        var cleaned = Clean(value)?.Replace(" ", "", StringComparison.Ordinal);
        if (cleaned is null)
        {
            return null;
        }

        var at = cleaned.LastIndexOf('@');
        return at < 0 ? cleaned : cleaned[..at] + cleaned[at..].ToLower(CultureInfo.InvariantCulture);
    }
}
