using System.Globalization;

namespace MioKarte.Core.Identity;

/// <summary>
/// 利用者ID of a facility's people: the facility code, a hyphen and a number of at least two digits,
/// e.g. V00042-01. The 管理責任者 registered with the facility is always -01; the facility's staff
/// follow (-02, -03 …; -100 after -99). ASCII only, so it can be typed on any terminal, and the
/// facility can be read from it over the phone. Council and system staff have names of their own.
/// </summary>
public static class PortalUserName
{
    public const int AdministratorNumber = 1;

    public static string For(string facilityCode, int number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(facilityCode);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return facilityCode + "-" + number.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>The 利用者ID of the facility's first 管理責任者.</summary>
    public static string Administrator(string facilityCode) => For(facilityCode, AdministratorNumber);

    /// <summary>The next free 利用者ID of a facility, given the user names already taken.</summary>
    public static string Next(string facilityCode, IEnumerable<string> existingUserNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(facilityCode);
        ArgumentNullException.ThrowIfNull(existingUserNames);
        var prefix = facilityCode + "-";
        var highest = existingUserNames
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0)
            .DefaultIfEmpty(0)
            .Max();
        return For(facilityCode, highest + 1);
    }
}
