using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace MioKarte.Core.Facilities;

/// <summary>
/// 施設コード: one letter for the role (V 閲覧施設, D 情報開示施設) and five digits, e.g. V00042.
/// Short enough to read over the phone, and the prefix of the facility's 利用者IDs.
/// </summary>
public static class FacilityCode
{
    public const int MaxLength = 6;

    public static string Format(FacilityRole role, int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 99_999);
        var prefix = role switch
        {
            FacilityRole.Viewing => 'V',
            FacilityRole.Disclosing => 'D',
        };
        return prefix + number.ToString("D5", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The next free code of a role in the register. Codes have a fixed width, so the highest one
    /// sorts last: one row is read, not the whole register.
    /// </summary>
    public static async Task<string> NextAsync(IQueryable<Facility> facilities, FacilityRole role, CancellationToken cancellationToken = default)
    {
        var highest = await facilities.Where(f => f.Role == role).OrderByDescending(f => f.Code).Select(f => f.Code).FirstOrDefaultAsync(cancellationToken);
        return Next(role, highest is null ? [] : [highest]);
    }

    /// <summary>The next free code of a role, given the codes already used.</summary>
    public static string Next(FacilityRole role, IEnumerable<string> existingCodes)
    {
        ArgumentNullException.ThrowIfNull(existingCodes);
        var prefix = Format(role, 1)[0];
        var highest = existingCodes
            .Where(c => c.Length == MaxLength && c[0] == prefix)
            .Select(c => int.TryParse(c.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return Format(role, highest + 1);
    }
}
