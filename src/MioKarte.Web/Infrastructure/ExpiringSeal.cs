using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// A few fields sealed with the data-protection keys until a moment measured with the portal's
/// <see cref="TimeProvider"/> (the framework's time-limited protector reads the system clock, which
/// tests cannot move). Used for what travels through the browser for a short while: the step
/// tickets (<see cref="SealedCookie"/>), the re-enrolment's new key, the first certificate's package.
/// </summary>
public static class ExpiringSeal
{
    private const char Separator = '|';

    /// <summary>Seals <paramref name="fields"/> (which must not contain '|') for <paramref name="lifetime"/>.</summary>
    public static string Seal(IDataProtector protector, TimeProvider time, TimeSpan lifetime, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(time);
        var expires = (time.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return protector.Protect(string.Join(Separator, [expires, .. fields]));
    }

    /// <summary>
    /// The fields of a seal made by <see cref="Seal"/> with the same protector and not yet expired;
    /// null for anything else (empty, longer than <paramref name="maxLength"/>, tampered, expired).
    /// </summary>
    public static string[]? Open(IDataProtector protector, TimeProvider time, string? sealedText, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrEmpty(sealedText) || sealedText.Length > maxLength)
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(sealedText);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split(Separator);
        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) &&
               time.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(expires)
            ? parts[1..]
            : null;
    }
}
