using MioKarte.Core.Common;
using MioKarte.Core.Gateway;
using MioKarte.Core.Text;

namespace MioKarte.Core.Patients;

/// <summary>A field of the 患者情報送信票 that can disagree with the disclosing facility's record.</summary>
public enum DemographicsField
{
    Sex,
    BirthDate,
    NameKana,
    NameKanji,

    /// <summary>The disclosing facility holds no name at all: nothing to compare the form with.</summary>
    NoNameAtFacility,
}

/// <summary>
/// 照合: whether what the 患者情報送信票 says about a patient is what the disclosing facility holds
/// (docs/patient-links.md, "What is compared"). Sex and birth date must be equal. Then one name must
/// agree: the kana name when the facility holds one, compared after
/// <see cref="JapaneseText.KanaForMatching"/> (spaces, width, small kana, hiragana, ヴ); else the
/// kanji name, compared after <see cref="JapaneseText.NameForMatching"/> (width, spaces, common
/// 異体字). Kana first because facilities write variant kanji (髙/高) that no rule reconciles in
/// full; kanji when that is all the facility sends (a JP Core Patient without its SYL name), so such
/// a patient can still be linked. A facility that holds no name at all is a mismatch.
/// </summary>
public static class DemographicsCheck
{
    /// <summary>
    /// The first field that disagrees (sex, then birth date, then the name the facility holds), or
    /// null when all agree. <paramref name="nameKanji"/> is only compared when the facility holds no kana.
    /// </summary>
    public static DemographicsField? FirstMismatch(Sex sex, DateOnly birthDate, string? nameKana, string? nameKanji, PatientDemographics found)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (found.Sex != sex)
        {
            return DemographicsField.Sex;
        }

        if (found.BirthDate is not { Month: { } month, Day: { } day } birth || new DateOnly(birth.Year, month, day) != birthDate)
        {
            return DemographicsField.BirthDate;
        }

        if (JapaneseText.KanaForMatching(found.NameKana) is { Length: > 0 } kanaAtFacility)
        {
            return Same(JapaneseText.KanaForMatching(nameKana), kanaAtFacility) ? null : DemographicsField.NameKana;
        }

        if (JapaneseText.NameForMatching(found.NameKanji) is { Length: > 0 } kanjiAtFacility)
        {
            return Same(JapaneseText.NameForMatching(nameKanji), kanjiAtFacility) ? null : DemographicsField.NameKanji;
        }

        return DemographicsField.NoNameAtFacility;

        static bool Same(string? typed, string atFacility) => !string.IsNullOrEmpty(typed) && string.Equals(typed, atFacility, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one name part to send as a standard FHIR <c>name</c> search: the family name, the part of
    /// the typed kana before the first space (a standard server matches <c>name</c> as a starts-with
    /// on one part — family, given or text — so 「ヤマダ タロウ」 whole finds a patient stored as
    /// family ヤマダ, given タロウ nowhere). Null when the kana has no space: then the search goes by
    /// birth date and sex alone, and the portal compares the names itself.
    /// </summary>
    public static string? SearchNamePart(string? nameKana)
    {
        var kana = JapaneseText.Kana(nameKana);
        if (string.IsNullOrEmpty(kana))
        {
            return null;
        }

        var space = kana.IndexOfAny([' ', '\u3000']);
        return space > 0 ? kana[..space] : null;
    }
}
