using System.Globalization;
using System.Text.Json;

namespace MioKarte.Core.Applications;

/// <summary>One field a resubmission changed: its <see cref="ParticipationApplicationData"/> property name and its text before and after.</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>
/// What a 再提出 changed: the fields of the returned version against the resubmitted one. The list
/// is kept as the comment of the resubmission's history row (<see cref="ApplicationEvent.Comment"/>,
/// marked with <see cref="Marker"/>), so the council sees old → new although the application keeps
/// only its current data. Values are invariant text: enums by name, dates yyyy-MM-dd, true/false.
/// </summary>
public static class ApplicationChanges
{
    /// <summary>The prefix of a history comment that holds changes (no council comment starts with it: they are written by people).</summary>
    public const string Marker = "mio:changes:";

    /// <summary>The history comment's limit (<c>ApplicationEvents.Comment</c>).</summary>
    public const int MaxLength = 2000;

    private const int ShortenedValueLength = 60;

    private static readonly System.Reflection.PropertyInfo[] Properties = typeof(ParticipationApplicationData).GetProperties();

    /// <summary>Japanese stays readable (and short) in the stored text; HTML-sensitive characters are still escaped.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>The fields whose text differs, in the order the data declares them.</summary>
    public static IReadOnlyList<FieldChange> Between(ParticipationApplicationData before, ParticipationApplicationData after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. Properties
            .Select(p => new FieldChange(p.Name, Text(p.GetValue(before)), Text(p.GetValue(after))))
            .Where(c => !string.Equals(c.Old, c.New, StringComparison.Ordinal))];
    }

    /// <summary>
    /// The changes as a history comment within <see cref="MaxLength"/>: whole values when they fit,
    /// else values shortened with 「…」, else the changed fields' names only (values null).
    /// </summary>
    public static string ToComment(IReadOnlyList<FieldChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var whole = Marker + JsonSerializer.Serialize(changes, Json);
        if (whole.Length <= MaxLength)
        {
            return whole;
        }

        var shortened = Marker + JsonSerializer.Serialize(changes.Select(c => c with { Old = Shorten(c.Old), New = Shorten(c.New) }).ToList(), Json);
        return shortened.Length <= MaxLength
            ? shortened
            : Marker + JsonSerializer.Serialize(changes.Select(c => c with { Old = null, New = null }).ToList(), Json);
    }

    /// <summary>The changes a history comment holds; null when it is an ordinary comment.</summary>
    public static IReadOnlyList<FieldChange>? FromComment(string? comment)
    {
        if (comment is null || !comment.StartsWith(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<FieldChange>>(comment.AsSpan(Marker.Length), Json) ?? [];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Shorten(string? value) =>
        value is { Length: > ShortenedValueLength } ? value[..ShortenedValueLength] + "…" : value;

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
