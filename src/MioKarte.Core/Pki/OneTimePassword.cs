using System.Security.Cryptography;

namespace MioKarte.Core.Pki;

/// <summary>
/// The one-time password of a terminal's PKCS#12: 16 lower-case letters from an alphabet without
/// i, l and o (easily taken for 1, I and 0), about 72 bits — typed on an iPad's keyboard without
/// switching to digits or symbols. Shown once, in four groups of four, and never stored.
/// </summary>
public static class OneTimePassword
{
    public const string Alphabet = "abcdefghjkmnpqrstuvwxyz";
    public const int Length = 16;
    public const int GroupLength = 4;

    /// <summary>log2(23) × 16 ≈ 72.4 bits.</summary>
    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    public static string Create() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The password in groups of four for display ("abcd efgh jkmn pqrs"); the spaces are not typed.</summary>
    public static IReadOnlyList<string> Groups(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return [.. password.Chunk(GroupLength).Select(chunk => new string(chunk))];
    }
}
