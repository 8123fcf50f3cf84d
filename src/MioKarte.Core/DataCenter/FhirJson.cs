using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MioKarte.Core.DataCenter;

/// <summary>
/// Tolerant readers over FHIR JSON elements: every accessor returns null rather than throwing when
/// a field is missing or of an unexpected kind, because real exports vary a lot.
/// </summary>
internal static partial class FhirJson
{
    public const string JpPatientIdSystemPrefix = "urn:oid:1.2.392.100495.20.3.51.1";
    public const string Jlac10System = "urn:oid:1.2.392.200119.4.504";
    public const string YjSystem = "urn:oid:1.2.392.100495.20.2.74";
    public const string HotSystemPrefix = "urn:oid:1.2.392.200119.4.403";

    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static decimal? Dec(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
            // Some exporters quote numbers.
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    public static JsonElement? First(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                return item;
            }

            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : null;
    }

    public static IEnumerable<JsonElement> Each(this JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value))
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    yield return item;
                }
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// Picks one coding of a CodeableConcept: the first whose system matches <paramref name="preferred"/>,
    /// else the first coding; the display falls back to the concept's text, then to the code.
    /// </summary>
    public static CodedItem? Concept(JsonElement? concept, Func<string?, bool>? preferred = null)
    {
        if (concept is not { ValueKind: JsonValueKind.Object } cc)
        {
            return null;
        }

        JsonElement? chosen = null;
        foreach (var coding in cc.Each("coding"))
        {
            if (chosen is null || (preferred is not null && preferred(coding.Str("system")) && !preferred(chosen.Value.Str("system"))))
            {
                chosen = coding;
            }
        }

        var text = cc.Str("text");
        var code = chosen?.Str("code");
        var display = chosen?.Str("display") ?? text ?? code;
        if (display is null)
        {
            return null;
        }

        return new CodedItem(code, chosen?.Str("system"), text ?? display);
    }

    /// <summary>Text of a concept: its text, else the display or code of its first coding.</summary>
    public static string? ConceptText(JsonElement? concept) => Concept(concept)?.Display;

    public static bool HasCode(JsonElement? concept, params string[] codes)
    {
        if (concept is not { ValueKind: JsonValueKind.Object } cc)
        {
            return false;
        }

        foreach (var coding in cc.Each("coding"))
        {
            var code = coding.Str("code");
            if (code is not null && codes.Contains(code, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Display of a Reference, else its reference string.</summary>
    public static string? ReferenceText(JsonElement? reference) =>
        reference is { ValueKind: JsonValueKind.Object } r ? r.Str("display") ?? r.Str("reference") : null;

    /// <summary>
    /// Reads FHIR date, dateTime or instant, partial ones included ("2020", "2020-05"). The clock
    /// time is kept as written: the facility's local time is what clinicians compare.
    /// </summary>
    public static PartialDate? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length < 4 || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1)
        {
            return null;
        }

        if (value.Length < 7 || value[4] != '-' || !int.TryParse(value.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return new PartialDate(year, null, null);
        }

        if (value.Length < 10 || value[7] != '-' || !int.TryParse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return new PartialDate(year, month, null);
        }

        TimeOnly? time = null;
        if (value.Length >= 16 && value[10] == 'T'
            && int.TryParse(value.AsSpan(11, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour < 24
            && int.TryParse(value.AsSpan(14, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minute) && minute < 60)
        {
            time = new TimeOnly(hour, minute);
        }

        return new PartialDate(year, month, day, time);
    }

    /// <summary>Plain text of a narrative div (tags removed, entities decoded, line breaks kept).</summary>
    public static string? NarrativeText(JsonElement? narrative)
    {
        var div = narrative?.Str("div");
        if (string.IsNullOrEmpty(div))
        {
            return null;
        }

        var withBreaks = BreakTags().Replace(div, "\n");
        var text = WebUtility.HtmlDecode(AnyTag().Replace(withBreaks, string.Empty)).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Decodes an inline text/plain attachment.</summary>
    public static string? AttachmentText(JsonElement attachment)
    {
        var contentType = attachment.Str("contentType");
        var data = attachment.Str("data");
        if (data is null || contentType is null || !contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BreakTags();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnyTag();
}
