using System.Security.Cryptography;
using System.Text;

namespace MioKarte.Core.Records;

/// <summary>
/// Opaque ids for URLs: a record, an image or a lab item is named by a digest of where it came from,
/// never by the data center's ids or anything about the patient. An id only means something inside
/// the record of the patient it was built from (<see cref="PatientRecordIndex"/>).
/// </summary>
public static class RecordIds
{
    public const int Length = 22;

    public static string For(string kind, string facilityCode, string key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{facilityCode}\n{key}"));
        return Convert.ToBase64String(digest, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id (cheap check before any lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
