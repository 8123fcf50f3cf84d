using System.Text;

namespace MioKarte.Core.Common;

/// <summary>
/// What every form does with a typed value before its own rules: a line or a body of plain text cleaned,
/// a choice read by its exact name (notices, opinions and the council's opinion queue alike).
/// </summary>
public static class FormInput
{
    /// <summary>
    /// An enum value by its name only (no numbers, no comma lists): exact for a posted form's choice; in
    /// any case for a list's filter in a URL (<see cref="ListQuery"/>), which people type and bookmark.
    /// </summary>
    public static TEnum? ParseName<TEnum>(string? value, bool ignoreCase = false)
        where TEnum : struct, Enum =>
        value is not null
        && Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) is { } name
            ? Enum.Parse<TEnum>(name)
            : null;

    /// <summary>One line: trimmed, control characters and line breaks removed; null when empty.</summary>
    internal static string? CleanLine(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Plain text with line breaks kept (as \n), other control characters dropped, trailing space trimmed.</summary>
    internal static string? CleanBody(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
