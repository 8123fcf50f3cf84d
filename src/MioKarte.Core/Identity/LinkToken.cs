using System.Security.Cryptography;
using System.Text;

namespace MioKarte.Core.Identity;

/// <summary>
/// The secret in a mailed link (an applicant's status page or draft, an administrator's activation):
/// 256 random bits, URL-safe. Only its SHA-256 is stored, so a copy of the database opens no link.
/// </summary>
public static class LinkToken
{
    /// <summary>Longer text cannot be one of our tokens.</summary>
    private const int MaxLength = 100;

    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The stored hash for a token from a link, or null when the text cannot be one of our tokens
    /// (empty or too long), so callers answer 404 without touching the database.
    /// </summary>
    public static string? HashOf(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > MaxLength ? null : Hash(token);
}
