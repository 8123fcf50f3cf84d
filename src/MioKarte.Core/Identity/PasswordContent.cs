using System.Text;
using MioKarte.Core.Text;

namespace MioKarte.Core.Identity;

/// <summary>What a password must not hold, beyond its length and kinds of character (<see cref="PasswordPolicy"/>).</summary>
public enum PasswordFinding
{
    /// <summary>The 利用者ID (V00002-01 in V00002-01Aa1!x), with or without its separators.</summary>
    ContainsUserName,

    /// <summary>The person's name: kanji, kana (katakana or hiragana) or romaji (Hepburn or 訓令式).</summary>
    ContainsPersonName,

    /// <summary>The 施設コード of the person's facility.</summary>
    ContainsFacilityCode,

    /// <summary>A common password, possibly with digits and symbols around it or letters written as digits (P@ssw0rd2026!).</summary>
    Common,
}

/// <summary>
/// The content rules of ADR-0004 (as amended for issue #17): a password must not hold what an
/// attacker who knows the person tries first — the 利用者ID, the name, the facility code — nor be a
/// common password dressed up to pass the length and character rules. Comparisons ignore case and
/// width (NFKC).
/// </summary>
public static class PasswordContent
{
    /// <summary>A romaji or Latin part shorter than this is too common a letter run to refuse (e.g. 「イ」 → "i").</summary>
    public const int MinimumLatinPart = 3;

    /// <summary>A common-password core shorter than this says nothing (the list holds "abc", "test"…).</summary>
    public const int MinimumCommonCore = 4;

    private static readonly Lazy<HashSet<string>> CommonList = new(LoadCommonList);

    /// <summary>How many common passwords the shipped list holds (CommonPasswords/README.md says where they come from).</summary>
    public static int CommonPasswordCount => CommonList.Value.Count;

    /// <summary>Everything <paramref name="password"/> holds that it must not, for the person described.</summary>
    public static IReadOnlyList<PasswordFinding> Check(
        string password, string? userName, string? displayName, string? displayNameKana, string? facilityCode)
    {
        ArgumentNullException.ThrowIfNull(password);
        var text = Folded(password);
        var findings = new List<PasswordFinding>();
        if (!string.IsNullOrWhiteSpace(userName) && UserNameForms(userName).Any(form => text.Contains(form, StringComparison.Ordinal)))
        {
            findings.Add(PasswordFinding.ContainsUserName);
        }

        if (NameForms(displayName, displayNameKana).Any(form => text.Contains(form, StringComparison.Ordinal)))
        {
            findings.Add(PasswordFinding.ContainsPersonName);
        }

        if (!string.IsNullOrWhiteSpace(facilityCode) && text.Contains(Folded(facilityCode), StringComparison.Ordinal))
        {
            findings.Add(PasswordFinding.ContainsFacilityCode);
        }

        if (IsCommon(text))
        {
            findings.Add(PasswordFinding.Common);
        }

        return findings;
    }

    /// <summary>
    /// Whether the password is a listed one, or a listed one with digits and symbols before or after
    /// it (Password1234!, !!Iloveyou2026), or with letters written as digits or symbols (P@ssw0rd).
    /// </summary>
    private static bool IsCommon(string folded)
    {
        var core = folded.Trim(NotALetter(folded));
        return CommonList.Value.Contains(folded) ||
               (core.Length >= MinimumCommonCore && (CommonList.Value.Contains(core) || CommonList.Value.Contains(Unleet(core))));
    }

    /// <summary>The characters around the letters: everything in the text that is not a letter.</summary>
    private static char[] NotALetter(string text) => text.Where(c => !char.IsLetter(c)).Distinct().ToArray();

    private static string Unleet(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            plain.Append(c switch
            {
                '@' or '4' => 'a',
                '0' => 'o',
                '1' or '!' => 'i',
                '3' => 'e',
                '$' or '5' => 's',
                '7' or '+' => 't',
                _ => c,
            });
        }

        return plain.ToString();
    }

    private static IEnumerable<string> UserNameForms(string userName)
    {
        var folded = Folded(userName);
        yield return folded;
        var bare = new string(folded.Where(char.IsLetterOrDigit).ToArray());
        if (bare.Length >= MinimumLatinPart && bare != folded)
        {
            yield return bare;
        }
    }

    /// <summary>The name's words and the whole name, in kanji, katakana, hiragana and romaji.</summary>
    private static IEnumerable<string> NameForms(string? displayName, string? displayNameKana)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in WordsAndWhole(JapaneseText.Name(displayName)))
        {
            // A one-letter Latin word is no name; a kanji name of one character (林) is.
            if (word.Any(c => c > '\u007F') || word.Length >= MinimumLatinPart)
            {
                forms.Add(Folded(word));
            }
        }

        foreach (var word in WordsAndWhole(JapaneseText.Kana(displayNameKana)))
        {
            if (word.Length >= 2)
            {
                forms.Add(Folded(word));
                forms.Add(Folded(Hiragana(word)));
            }

            forms.UnionWith(KanaRomaji.Spellings(word).Where(s => s.Length >= MinimumLatinPart));
        }

        forms.Remove("");
        return forms;
    }

    private static IEnumerable<string> WordsAndWhole(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            yield break;
        }

        var words = name.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            yield return word;
        }

        if (words.Length > 1)
        {
            yield return string.Concat(words);
        }
    }

    private static string Hiragana(string katakana) =>
        new(katakana.Select(c => c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c).ToArray());

    /// <summary>NFKC and lower case: ＡＢＣ, abc and ABC compare equal; ﾊﾅｺ and ハナコ too.</summary>
    private static string Folded(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    private static HashSet<string> LoadCommonList()
    {
        using var stream = typeof(PasswordContent).Assembly.GetManifestResourceStream(CommonPasswordsResource)
            ?? throw new InvalidOperationException($"The common password list {CommonPasswordsResource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var list = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(Folded(line));
            }
        }

        return list;
    }

    private const string CommonPasswordsResource = "MioKarte.Core.Identity.CommonPasswords.common-passwords.txt";
}
