using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MioKarte.Core.Gateway;

/// <summary>
/// Tolerant readers over FHIR JSON elements: every accessor returns null rather than throwing when
/// a field is missing or of an unexpected kind, because real exports vary a lot.
/// </summary>
internal static partial class FhirJson
{
    public const string Jlac10System = "urn:oid:1.2.392.200119.4.504";
    public const string YjSystem = "urn:oid:1.2.392.100495.20.2.74";
    public const string HotSystemPrefix = "urn:oid:1.2.392.200119.4.403";

    /// <summary>JP-CLINS marks a lab item it could not code with this system and a fixed display.</summary>
    /// <summary>JP-CLINS's code system of the 感染症検査項目リスト: a result coded with it is 感染症情報.</summary>
    public const string ClinsInfectionSystem = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_InfectionLabo_CS";

    public const string ClinsUncodedSystem = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_Uncoded_CS";

    /// <summary>
    /// The system URIs under which JP Core and JP-CLINS send JLAC10 (17-digit) lab codes, in the order
    /// their displays are preferred: the MEDIS OID, JP Core's canonical URI, the MEDIS URI of its
    /// NamingSystem, then JP-CLINS' shared-item code sets (臨床検査項目基本コードセット, 感染症検査項目リスト).
    /// </summary>
    public static readonly string[] Jlac10Systems =
    [
        Jlac10System,
        "http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationLabResultCode_CS",
        "http://medis.or.jp/CodeSystem/master-JLAC10-17digits",
        "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_CoreLabo_CS",
        ClinsInfectionSystem,
    ];

    /// <summary>
    /// Rank of a lab coding's system: JLAC10 URIs first (by <see cref="Jlac10Systems"/>), then any
    /// system naming JLAC11 (no single URI is published for it yet), then everything else.
    /// </summary>
    public static int LabCodeRank(string? system)
    {
        if (system is null)
        {
            return Jlac10Systems.Length + 2;
        }

        var index = Array.IndexOf(Jlac10Systems, system);
        if (index >= 0)
        {
            return index;
        }

        return system.Contains("JLAC11", StringComparison.OrdinalIgnoreCase) ? Jlac10Systems.Length : Jlac10Systems.Length + 1;
    }

    public static JsonElement? Prop(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? Str(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static decimal? Dec(this JsonElement element, ReadOnlySpan<byte> name)
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

    public static JsonElement? First(this JsonElement element, ReadOnlySpan<byte> name)
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

    /// <summary>
    /// The items of a repeating element (or the single object some exporters send instead of an
    /// array). A struct enumerable: the hot mapping path allocates no iterator per field.
    /// </summary>
    public static Elements Each(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? new Elements(value) : default;

    /// <summary>Zero, one or many elements without allocation; LINQ works too (boxed).</summary>
    public readonly struct Elements(JsonElement value) : IEnumerable<JsonElement>
    {
        public Enumerator GetEnumerator() => new(value);

        IEnumerator<JsonElement> IEnumerable<JsonElement>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<JsonElement>
        {
            private readonly JsonElement single;
            private readonly bool isArray;
            private JsonElement.ArrayEnumerator items;
            private int state;

            internal Enumerator(JsonElement value)
            {
                isArray = value.ValueKind == JsonValueKind.Array;
                single = value;
                items = isArray ? value.EnumerateArray() : default;
                state = isArray || value.ValueKind == JsonValueKind.Object ? 0 : 2;
            }

            public readonly JsonElement Current => isArray ? items.Current : single;

            readonly object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (isArray)
                {
                    return items.MoveNext();
                }

                return state++ == 0;
            }

            public void Reset() => throw new NotSupportedException();

            public readonly void Dispose()
            {
            }
        }
    }

    /// <summary>
    /// Picks one coding of a CodeableConcept: the first whose system is <paramref name="preferredSystem"/>
    /// (or starts with it when <paramref name="prefix"/>), else the first coding; the display is the
    /// concept's text as sent, else the coding's display, else the code.
    /// </summary>
    public static CodedItem? Concept(JsonElement? concept, string? preferredSystem = null, bool prefix = false)
    {
        if (concept is not { ValueKind: JsonValueKind.Object } cc)
        {
            return null;
        }

        JsonElement? chosen = null;
        var chosenIsPreferred = false;
        foreach (var coding in cc.Each("coding"u8))
        {
            var preferred = preferredSystem is not null && SystemIs(coding, preferredSystem, prefix);
            if (chosen is null || (preferred && !chosenIsPreferred))
            {
                chosen = coding;
                chosenIsPreferred = preferred;
            }
        }

        var text = cc.Str("text"u8);
        var code = chosen?.Str("code"u8);
        var display = text ?? chosen?.Str("display"u8) ?? code;
        if (display is null)
        {
            return null;
        }

        // Reuse the constant for the preferred system rather than allocating it for every item.
        var system = chosenIsPreferred && !prefix ? preferredSystem : chosen?.Str("system"u8);
        return new CodedItem(code, system, display);
    }

    private static bool SystemIs(JsonElement coding, string system, bool prefix)
    {
        if (!coding.TryGetProperty("system"u8, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        return prefix ? value.GetString()!.StartsWith(system, StringComparison.Ordinal) : value.ValueEquals(system);
    }

    /// <summary>Text of a concept: its text, else the display or code of its first coding.</summary>
    public static string? ConceptText(JsonElement? concept) => Concept(concept)?.Display;

    public static bool HasCode(JsonElement? concept, params ReadOnlySpan<string> codes)
    {
        if (concept is not { ValueKind: JsonValueKind.Object } cc)
        {
            return false;
        }

        foreach (var coding in cc.Each("coding"u8))
        {
            if (coding.ValueKind != JsonValueKind.Object || !coding.TryGetProperty("code"u8, out var code) || code.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            foreach (var candidate in codes)
            {
                if (code.ValueEquals(candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the concept's text is one of <paramref name="values"/>.</summary>
    public static bool TextIs(JsonElement concept, params ReadOnlySpan<string> values)
    {
        if (concept.ValueKind != JsonValueKind.Object || !concept.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (text.ValueEquals(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Display of a Reference, else its reference string.</summary>
    public static string? ReferenceText(JsonElement? reference) =>
        reference is { ValueKind: JsonValueKind.Object } r ? r.Str("display"u8) ?? r.Str("reference"u8) : null;

    /// <summary>
    /// Reads FHIR date, dateTime or instant, partial ones included ("2020", "2020-05"). A date-time
    /// written with another zone's offset (e.g. UTC "Z") is moved to Japan time, so its day is the
    /// day clinicians in the network mean; one written in Japan time or without an offset is kept.
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
            if (Offset(value.AsSpan(16)) is { } offset && offset != JapanOffset)
            {
                // Written in another zone (e.g. UTC "Z"): the day and time clinicians mean are Japan's.
                var japan = new DateTimeOffset(year, month, day, hour, minute, 0, offset).ToOffset(JapanOffset);
                return new PartialDate(japan.Year, japan.Month, japan.Day, new TimeOnly(japan.Hour, japan.Minute));
            }
        }

        return new PartialDate(year, month, day, time);
    }

    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>The zone offset at the end of a FHIR time ("…Z", "…+09:00"), if written.</summary>
    private static TimeSpan? Offset(ReadOnlySpan<char> rest)
    {
        if (rest.EndsWith("Z"))
        {
            return TimeSpan.Zero;
        }

        var sign = rest.LastIndexOfAny('+', '-');
        if (sign < 0 || rest.Length - sign != 6 || rest[sign + 3] != ':'
            || !int.TryParse(rest.Slice(sign + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(rest.Slice(sign + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 14 || minutes > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return rest[sign] == '-' ? -offset : offset;
    }

    /// <summary>Plain text of a narrative div (tags removed, entities decoded, line breaks kept).</summary>
    public static string? NarrativeText(JsonElement? narrative)
    {
        var div = narrative?.Str("div"u8);
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
        var contentType = attachment.Str("contentType"u8);
        var data = attachment.Str("data"u8);
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

    /// <summary>Writes one CodeableConcept with a single coding: { "coding": [ { system, code } ] }.</summary>
    internal static void WriteConcept(Utf8JsonWriter json, string system, string code)
    {
        json.WriteStartObject();
        json.WriteStartArray("coding");
        json.WriteStartObject();
        json.WriteString("system", system);
        json.WriteString("code", code);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
