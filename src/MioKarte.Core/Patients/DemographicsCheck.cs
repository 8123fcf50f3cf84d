using MioKarte.Core.DataCenter;
using MioKarte.Core.Text;

namespace MioKarte.Core.Patients;

/// <summary>A field of the 患者情報送信票 that can disagree with the disclosing facility's record.</summary>
public enum DemographicsField
{
    Sex,
    BirthDate,
    NameKana,
}

/// <summary>
/// 照合: whether what the 患者情報送信票 says about a patient is what the disclosing facility holds.
/// Sex and birth date must be equal; the kana name is compared after
/// <see cref="JapaneseText.KanaForMatching"/> (spaces, width, small kana, hiragana). The kanji name
/// is not compared: facilities write variant characters (髙/高, 﨑/崎) that no rule can reconcile.
/// </summary>
public static class DemographicsCheck
{
    /// <summary>The first field that disagrees (sex, then birth date, then kana), or null when all agree.</summary>
    public static DemographicsField? FirstMismatch(Sex sex, DateOnly birthDate, string nameKana, PatientDemographics found)
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

        var expected = JapaneseText.KanaForMatching(nameKana);
        var actual = JapaneseText.KanaForMatching(found.NameKana);
        return string.IsNullOrEmpty(expected) || !string.Equals(expected, actual, StringComparison.Ordinal)
            ? DemographicsField.NameKana
            : null;
    }
}
