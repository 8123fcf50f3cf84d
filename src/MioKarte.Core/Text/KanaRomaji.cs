using System.Text;

namespace MioKarte.Core.Text;

/// <summary>
/// Katakana (or hiragana) written in Latin letters, the ways a Japanese person writes their name in
/// romaji: Hepburn (シ shi, ツ tsu, フ fu, ジ ji) and 訓令式 (si, tu, hu, zi), each with long vowels as
/// typed (タロウ tarou) and shortened (taro). Used to refuse passwords that hold the person's name;
/// not a transliteration for display.
/// </summary>
public static class KanaRomaji
{
    // Each kana: (Hepburn, Kunrei).
    private static readonly Dictionary<char, (string Hepburn, string Kunrei)> Mora = Build();

    /// <summary>
    /// The romaji spellings of <paramref name="kana"/> (lower case, distinct); empty when it holds
    /// anything but kana, a prolonged sound mark or spaces (which are dropped).
    /// </summary>
    public static IReadOnlyList<string> Spellings(string? kana)
    {
        var katakana = JapaneseText.Kana(kana);
        if (string.IsNullOrWhiteSpace(katakana))
        {
            return [];
        }

        var hepburn = Convert(katakana, kunrei: false);
        var kunreiSpelling = Convert(katakana, kunrei: true);
        if (hepburn is null || kunreiSpelling is null)
        {
            return [];
        }

        return new[] { hepburn, kunreiSpelling, Shortened(hepburn), Shortened(kunreiSpelling) }
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Long vowels as many people type names: ou → o, uu → u, oo → o (Satou → Sato, Yuuko → Yuko).</summary>
    private static string Shortened(string romaji) =>
        romaji.Replace("ou", "o", StringComparison.Ordinal).Replace("uu", "u", StringComparison.Ordinal).Replace("oo", "o", StringComparison.Ordinal);

    private static string? Convert(string katakana, bool kunrei)
    {
        var text = new StringBuilder();
        var doubleNext = false;
        var lastStart = 0;
        foreach (var c in katakana)
        {
            if (char.IsWhiteSpace(c) || c == '\u30FB')
            {
                continue;
            }

            switch (c)
            {
                case 'ッ':
                    doubleNext = true;
                    continue;
                case 'ー':
                    // The prolonged sound mark repeats the vowel before it.
                    if (text.Length > 0 && "aiueo".Contains(text[^1], StringComparison.Ordinal))
                    {
                        text.Append(text[^1]);
                    }

                    continue;
                case 'ャ' or 'ュ' or 'ョ':
                    var y = c switch { 'ャ' => "a", 'ュ' => "u", _ => "o" };
                    var last = text.ToString(lastStart, text.Length - lastStart);
                    if (last.Length >= 2 && last[^1] == 'i')
                    {
                        // キャ kya, シャ sha / sya, チャ cha / tya, ジャ ja / zya.
                        var consonant = last[..^1];
                        text.Length--;
                        text.Append(!kunrei && consonant is "sh" or "ch" or "j" ? y : "y" + y);
                    }
                    else
                    {
                        text.Append('y').Append(y);
                    }

                    continue;
                case 'ァ' or 'ィ' or 'ゥ' or 'ェ' or 'ォ':
                    // ティ ti, ファ fa, ウィ wi: the small vowel replaces the one before it.
                    var vowel = c switch { 'ァ' => 'a', 'ィ' => 'i', 'ゥ' => 'u', 'ェ' => 'e', _ => 'o' };
                    if (text.Length > 1 && "aiueo".Contains(text[^1], StringComparison.Ordinal))
                    {
                        text.Length--;
                    }

                    text.Append(vowel);
                    continue;
            }

            if (!Mora.TryGetValue(c, out var spelling))
            {
                return null;
            }

            var syllable = kunrei ? spelling.Kunrei : spelling.Hepburn;
            if (doubleNext)
            {
                // ッ doubles the next consonant; Hepburn writes it t before ch (マッチャ matcha).
                text.Append(syllable.StartsWith("ch", StringComparison.Ordinal) ? 't' : syllable[0]);
                doubleNext = false;
            }

            lastStart = text.Length;
            text.Append(syllable);
        }

        return text.ToString();
    }

    private static Dictionary<char, (string, string)> Build()
    {
        var map = new Dictionary<char, (string, string)>();
        void Row(string kana, string hepburn, string? kunrei = null)
        {
            var h = hepburn.Split(' ');
            var k = (kunrei ?? hepburn).Split(' ');
            for (var i = 0; i < kana.Length; i++)
            {
                map[kana[i]] = (h[i], k[i]);
            }
        }

        Row("アイウエオ", "a i u e o");
        Row("カキクケコ", "ka ki ku ke ko");
        Row("サシスセソ", "sa shi su se so", "sa si su se so");
        Row("タチツテト", "ta chi tsu te to", "ta ti tu te to");
        Row("ナニヌネノ", "na ni nu ne no");
        Row("ハヒフヘホ", "ha hi fu he ho", "ha hi hu he ho");
        Row("マミムメモ", "ma mi mu me mo");
        Row("ヤユヨ", "ya yu yo");
        Row("ラリルレロ", "ra ri ru re ro");
        Row("ワヰヱヲン", "wa i e o n");
        Row("ガギグゲゴ", "ga gi gu ge go");
        Row("ザジズゼゾ", "za ji zu ze zo", "za zi zu ze zo");
        Row("ダヂヅデド", "da ji zu de do", "da zi zu de do");
        Row("バビブベボ", "ba bi bu be bo");
        Row("パピプペポ", "pa pi pu pe po");
        Row("ヴ", "vu");
        return map;
    }
}
