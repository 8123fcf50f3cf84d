namespace MioKarte.Core.Applications;

/// <summary>
/// The 10-digit code printed on prescriptions and claims (保険医療機関コード / 薬局コード /
/// 訪問看護ステーションコード): 2-digit prefecture number (01–47), 1-digit 点数表番号
/// (1 医科, 3 歯科, 4 調剤, 6 訪問看護), a 6-digit number within the prefecture, and a check digit
/// (検証番号) computed over all nine preceding digits with the modulus-10, weights 2-1 rule
/// (Luhn): from the right, every second digit is doubled and its digits summed.
/// 介護サービス事業者, 助産所 and その他 are numbered by other schemes: for them only the 10 digits
/// and the prefecture are checked.
/// </summary>
public static class InstitutionCode
{
    public enum Problem
    {
        None,
        NotTenDigits,
        UnknownPrefecture,
        UnknownTable,
        TableDoesNotMatchFacilityType,
        CheckDigitMismatch,
    }

    /// <summary>Checks an already digit-normalised code against the facility type stated.</summary>
    public static Problem Check(string code, FacilityType facilityType)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 10 || !code.All(char.IsAsciiDigit))
        {
            return Problem.NotTenDigits;
        }

        var prefecture = int.Parse(code.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        if (prefecture is < 1 or > 47)
        {
            return Problem.UnknownPrefecture;
        }

        // 介護保険事業所番号 and other numbering schemes share only the 10 digits and the prefecture.
        if (ExpectedTable(facilityType) is not { } expected)
        {
            return Problem.None;
        }

        var table = code[2];
        if (table is not ('1' or '3' or '4' or '6'))
        {
            return Problem.UnknownTable;
        }

        if (table != expected)
        {
            return Problem.TableDoesNotMatchFacilityType;
        }

        return IsLuhnValid(code) ? Problem.None : Problem.CheckDigitMismatch;
    }

    /// <summary>
    /// Whether a facility of this type bills health insurance and so must state its code (checked in
    /// full); the other types may give theirs.
    /// </summary>
    public static bool IsRequiredFor(FacilityType type) => ExpectedTable(type) is not null;

    /// <summary>The 点数表番号 a facility type carries; null for types numbered by other schemes.</summary>
    private static char? ExpectedTable(FacilityType type) => type switch
    {
        FacilityType.Hospital or FacilityType.Clinic => '1',
        FacilityType.DentalClinic => '3',
        FacilityType.Pharmacy => '4',
        FacilityType.HomeNursingStation => '6',
        FacilityType.CareProvider or FacilityType.MidwiferyHome or FacilityType.Other => null,
    };

    internal static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
