namespace MioKarte.Core.Common;

/// <summary>The one check of a typed e-mail address (the application form, a draft's address, a facility user's).</summary>
public static class EmailAddress
{
    /// <summary>
    /// A deliverable-looking address (already normalised by <c>JapaneseText.Email</c>): one @, a dot
    /// in the domain, printable ASCII only. Deliberately plain: the receipt mail is the real check.
    /// </summary>
    public static bool IsWellFormed(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value.Length <= 256 && at >= 1 && at == value.LastIndexOf('@') && value.IndexOf('.', at) >= at + 2
               && !value.EndsWith('.') && value.All(c => c is > ' ' and < '\u007f');
    }
}
