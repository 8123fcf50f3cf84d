using System.Globalization;

using Microsoft.Extensions.Primitives;

namespace MioKarte.DataCenter.Fhir;

/// <summary>A date comparison on the clinical date, in Unix milliseconds (half-open ranges).</summary>
public sealed record DateBound(string Prefix, long Start, long End);

/// <summary>
/// A keyset position: the sort key of the last row of the previous page. Written into <c>next</c>
/// links as the opaque <c>_cursor</c> token so that page n costs the same as page 1 (OFFSET makes
/// SQLite walk and drop every earlier row).
/// </summary>
public sealed record PageCursor(long? ClinicalDate, long Id)
{
    public string Token => (ClinicalDate is { } date ? date.ToString(CultureInfo.InvariantCulture) : "n") + "." + Id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? token, out PageCursor? cursor)
    {
        cursor = null;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0
            || !long.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        var date = token.AsSpan(0, dot);
        if (date.SequenceEqual("n"))
        {
            cursor = new PageCursor(null, id);
            return true;
        }

        if (!long.TryParse(date, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        cursor = new PageCursor(value, id);
        return true;
    }
}

/// <summary>
/// A parsed search. Only the parameters a type declares are accepted: anything else is an error,
/// because silently ignoring a filter would return more patient data than the caller asked for.
/// </summary>
public sealed class SearchQuery
{
    public const string EverythingType = "$everything";

    private static readonly string[] Paging = ["_count", "_offset", "_cursor", "_format", "_summary"];

    /// <summary>The searchable types and their parameters (also the CapabilityStatement's source).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Parameters = WithNotShownTypes(new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // birthdate, gender and name: the emergency search by demographics (with identifier=system| to name the facility).
        ["Patient"] = ["identifier", "_id", "birthdate", "gender", "name"],
        ["MedicationRequest"] = ["patient", "date", "authoredon", "category", "_sort"],
        ["ServiceRequest"] = ["patient", "date", "authored", "category", "_sort"],
        ["Observation"] = ["patient", "date", "category", "_sort"],
        ["DiagnosticReport"] = ["patient", "date", "category", "_sort"],
        ["ImagingStudy"] = ["patient", "date", "started", "_sort"],
        ["Media"] = ["patient", "date", "created", "_sort"],
        ["DocumentReference"] = ["patient", "date", "category", "_sort"],
        // type: 57133-1 or 18842-5 (the categories a document's type names).
        ["Composition"] = ["patient", "date", "type", "category", "_sort"],
        // A stored FHIR document by its Composition (Composition/{id} or the id).
        ["Bundle"] = ["composition"],
        ["AuditEvent"] = ["patient", "date", "_sort"],
        // Clinical facts: 傷病名 (date = onset, else recorded) and アレルギー・薬剤禁忌 (date = recorded).
        ["Condition"] = ["patient", "date", "onset-date", "category", "_sort"],
        ["AllergyIntolerance"] = ["patient", "date", "_sort"],
        [EverythingType] = ["start", "end", "_since"],
    });

    /// <summary>
    /// The patient-compartment types the portal does not show are searchable by patient only, so the
    /// gateway can count them (<c>_summary=count</c>) and tell the clinician they exist.
    /// </summary>
    private static Dictionary<string, string[]> WithNotShownTypes(Dictionary<string, string[]> parameters)
    {
        foreach (var type in Core.Gateway.PatientCompartment.NotShownTypes)
        {
            parameters.TryAdd(type, ["patient"]);
        }

        return parameters;
    }

    /// <summary>
    /// The standard R4 name of each type's clinical-date parameter. A conformant client (the portal's
    /// gateway among them) uses these; <c>date</c> is accepted as well and means the same.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> StandardDateParameters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MedicationRequest"] = "authoredon",
        ["ServiceRequest"] = "authored",
        ["ImagingStudy"] = "started",
        ["Media"] = "created",
        ["Condition"] = "onset-date",
    };

    public required string Type { get; init; }

    public string? PatientId { get; private set; }

    public List<DateBound> Dates { get; } = [];

    /// <summary>The first of <see cref="Categories"/>, or null when the search names none.</summary>
    public string? Category => Categories.Count > 0 ? Categories[0] : null;

    /// <summary><c>category=</c>: a comma-separated list matches any of them (FHIR's OR), e.g. <c>laboratory,vital-signs</c>.</summary>
    public List<string> Categories { get; } = [];

    public string? IdentifierSystem { get; private set; }

    public string? IdentifierValue { get; private set; }

    public string? Id { get; private set; }

    /// <summary>Bundle <c>composition</c>: the center's id of a document's Composition.</summary>
    public string? CompositionId { get; private set; }

    /// <summary>Patient <c>birthdate</c> (eq, a full date yyyy-MM-dd).</summary>
    public string? BirthDate { get; private set; }

    /// <summary>Patient <c>gender</c>: male, female, other or unknown.</summary>
    public string? Gender { get; private set; }

    /// <summary>Patient <c>name</c>: starts-with match on any part of any name.</summary>
    public string? Name { get; private set; }

    public long? Since { get; private set; }

    public int Count { get; private set; }

    /// <summary><c>_summary=count</c>: the total only, whatever <c>_count</c> says.</summary>
    private bool summaryCount;

    public int Offset { get; private set; }

    /// <summary>Where the previous page ended (from a <c>next</c> link); null on the first page.</summary>
    public PageCursor? Cursor { get; private set; }

    public bool Ascending { get; private set; }

    public static SearchQuery Parse(string type, IQueryCollection query, DataCenterOptions options, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        errors = [];
        var search = new SearchQuery { Type = type, Count = options.DefaultPageSize };
        var allowed = Parameters[type];
        StandardDateParameters.TryGetValue(type, out var dateAlias);
        foreach (var (given, values) in query)
        {
            var name = given == dateAlias ? "date" : given;
            if (!allowed.Contains(given) && !Paging.Contains(name))
            {
                errors.Add($"Unknown or unsupported search parameter '{name}' for {(type == EverythingType ? "Patient/$everything" : type)}.");
                continue;
            }

            if (name != "date" && values.Count > 1)
            {
                errors.Add($"Parameter '{name}' may appear once.");
                continue;
            }

            search.Apply(name, values, options, errors);
        }

        return search;
    }

    private void Apply(string name, StringValues values, DataCenterOptions options, List<string> errors)
    {
        var value = values.ToString();
        switch (name)
        {
            case "patient":
                var id = value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value;
                if (!IsFhirId(id))
                {
                    errors.Add("patient must be a Patient id or Patient/{id}.");
                }

                PatientId = id;
                break;
            case "_id":
                if (!IsFhirId(value))
                {
                    errors.Add("_id is not a valid id.");
                }

                Id = value;
                break;
            case "identifier":
                var bar = value.IndexOf('|', StringComparison.Ordinal);
                IdentifierSystem = bar >= 0 ? value[..bar] : null;
                IdentifierValue = bar >= 0 ? value[(bar + 1)..] : value;
                if (string.IsNullOrEmpty(IdentifierValue))
                {
                    // identifier=system| : any identifier in that system (FHIR token search).
                    IdentifierValue = null;
                    if (string.IsNullOrEmpty(IdentifierSystem))
                    {
                        errors.Add("identifier must be system|value, system| or value.");
                    }
                }

                break;
            case "birthdate":
                var day = value.StartsWith("eq", StringComparison.Ordinal) ? value[2..] : value;
                if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    BirthDate = day;
                }
                else
                {
                    errors.Add("birthdate supports a full date (yyyy-MM-dd, optionally with eq) only.");
                }

                break;
            case "gender":
                if (value is "male" or "female" or "other" or "unknown")
                {
                    Gender = value;
                }
                else
                {
                    errors.Add("gender must be male, female, other or unknown.");
                }

                break;
            case "name":
                if (string.IsNullOrWhiteSpace(value) || value.Length > 100)
                {
                    errors.Add("name must be 1 to 100 characters.");
                }

                Name = value;
                break;
            case "composition":
                var composition = value.StartsWith("Composition/", StringComparison.Ordinal) ? value["Composition/".Length..] : value;
                if (!IsFhirId(composition))
                {
                    errors.Add("composition must be a Composition id or Composition/{id}.");
                }

                CompositionId = composition;
                break;
            case "type" or "category":
                foreach (var token in value.Split(','))
                {
                    if (DisclosureCategories.FromSearchToken(token) is { } category)
                    {
                        Categories.Add(category);
                    }
                    else
                    {
                        errors.Add($"Unknown {name} '{token}' (see CapabilityStatement / docs).");
                    }
                }

                break;
            case "date":
                foreach (var item in values)
                {
                    AddDate(item ?? "", "date", errors);
                }

                break;
            case "start":
                AddDate("ge" + value, "start", errors);
                break;
            case "end":
                AddDate("le" + value, "end", errors);
                break;
            case "_since":
                if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) && value.Contains('T', StringComparison.Ordinal))
                {
                    Since = since.ToUnixTimeMilliseconds();
                }
                else
                {
                    errors.Add("_since must be an instant (e.g. 2024-01-01T00:00:00Z).");
                }

                break;
            case "_sort":
                var sortKey = value?.TrimStart('-');
                if (sortKey == "date" || (sortKey is not null && StandardDateParameters.GetValueOrDefault(Type) == sortKey))
                {
                    Ascending = !value!.StartsWith('-');
                }
                else
                {
                    errors.Add("_sort supports 'date' and '-date' only.");
                }

                break;
            case "_summary":
                // Only the count (FHIR's _summary=count: Bundle.total, no entries); the other summaries are not served.
                if (value == "count")
                {
                    summaryCount = true;
                    Count = 0;
                }
                else
                {
                    errors.Add("_summary supports 'count' only.");
                }

                break;
            case "_count":
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 0)
                {
                    Count = summaryCount ? 0 : Math.Min(count, options.MaxPageSize);
                }
                else
                {
                    errors.Add("_count must be a non-negative integer.");
                }

                break;
            case "_offset":
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                {
                    Offset = offset;
                }
                else
                {
                    errors.Add("_offset must be a non-negative integer.");
                }

                break;
            case "_cursor":
                if (PageCursor.TryParse(value, out var cursor))
                {
                    Cursor = cursor;
                }
                else
                {
                    errors.Add("_cursor is not a token this server wrote; follow the next link as given.");
                }

                break;
            case "_format":
                if (value is not ("json" or "application/json" or "application/fhir+json"))
                {
                    errors.Add("Only JSON is served (_format=json).");
                }

                break;
            default:
                errors.Add($"Unsupported parameter '{name}'.");
                break;
        }
    }

    private void AddDate(string raw, string name, List<string> errors)
    {
        var prefix = raw.Length > 2 && char.IsAsciiLetterLower(raw[0]) && char.IsAsciiLetterLower(raw[1]) ? raw[..2] : "eq";
        var value = prefix == "eq" && !raw.StartsWith("eq", StringComparison.Ordinal) ? raw : raw[2..];
        if (prefix is not ("eq" or "ge" or "le" or "gt" or "lt"))
        {
            errors.Add($"{name}: prefix '{prefix}' is not supported (eq, ge, le, gt, lt).");
            return;
        }

        if (!FhirDates.TryParseRange(value, out var start, out var end))
        {
            errors.Add($"{name}: '{value}' is not a FHIR date or dateTime.");
            return;
        }

        Dates.Add(new DateBound(prefix, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds()));
    }

    private static bool IsFhirId(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
