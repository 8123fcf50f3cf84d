using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;

namespace MioKarte.Web.Infrastructure;

/// <summary>How every form shows the field errors a handler returns: one text per field, in the user's language.</summary>
public static class FieldErrorText
{
    /// <summary>The errors by field name, the messages of one field joined by a space.</summary>
    public static Dictionary<string, string> Localize(this IStringLocalizer text, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        return errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => text[e.MessageKey, e.Arguments].Value)));
    }
}
