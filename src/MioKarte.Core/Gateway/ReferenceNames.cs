using System.Collections.Concurrent;
using System.Text.Json;

namespace MioKarte.Core.Gateway;

/// <summary>
/// Names of the resources other resources point at (Practitioner, PractitionerRole, Organization,
/// Medication), gathered from every page of one facility's patient load (e.g. returned through
/// <c>_include</c>), so that a prescriber shows as 「佐藤 一郎」 rather than <c>Practitioner/123</c>.
/// Keyed by <c>Type/id</c> and by the entry's <c>fullUrl</c>. Shared by the parallel searches of one
/// load, hence concurrent. Contained resources (<c>#id</c>) are looked up in their container first
/// (<see cref="FhirRecordMapper"/>); these names come next, then the reference's own display.
/// </summary>
public sealed class ReferenceNames
{
    private readonly ConcurrentDictionary<string, Named> names = new(StringComparer.Ordinal);

    /// <summary>The resource types whose names other resources borrow: kept, not shown as records.</summary>
    public static bool IsSupporting(string type) => type is "Practitioner" or "PractitionerRole" or "Organization" or "Medication";

    public int Count => names.Count;

    /// <summary>Remembers a supporting resource under its <c>Type/id</c> and its <c>fullUrl</c>.</summary>
    internal void Add(string type, JsonElement resource, string? fullUrl)
    {
        if (Describe(type, resource) is not { } named)
        {
            return;
        }

        if (resource.Str("id"u8) is { } id)
        {
            names[type + "/" + id] = named;
        }

        if (!string.IsNullOrEmpty(fullUrl))
        {
            names[fullUrl] = named;
            // An absolute fullUrl ("https://center/fhir/Practitioner/1") is also known by its tail.
            var marker = fullUrl.LastIndexOf("/" + type + "/", StringComparison.Ordinal);
            if (marker >= 0)
            {
                names[fullUrl[(marker + 1)..]] = named;
            }
        }
    }

    /// <summary>What a supporting resource is called (a drug as a coded item, people and places as text).</summary>
    internal static Named? Describe(string type, JsonElement resource) => type switch
    {
        "Medication" => FhirRecordMapper.Drug(resource.Prop("code"u8)) is { } drug ? new Named(drug, null) : null,
        "Practitioner" => FhirRecordMapper.PersonName(resource) is { } person ? new Named(new CodedItem(null, null, person), null) : null,
        "Organization" => resource.Str("name"u8) is { } name ? new Named(new CodedItem(null, null, name), null) : null,
        // A role is its practitioner (resolved on use), else its organisation, else its role.
        "PractitionerRole" => new Named(
            FhirJson.ReferenceText(resource.Prop("organization"u8)) is { } org ? new CodedItem(null, null, org)
                : FhirJson.ConceptText(resource.First("code"u8)) is { } role ? new CodedItem(null, null, role) : null,
            resource.Prop("practitioner"u8)?.Str("reference"u8)),
        _ => null,
    };

    /// <summary>The name of <paramref name="reference"/> (a <c>Type/id</c>, a full URL or a <c>urn:uuid:</c>), if known.</summary>
    public CodedItem? Find(string? reference)
    {
        var found = Find(reference, depth: 0);
        if (found is not null || reference is null)
        {
            return found;
        }

        // An absolute reference ("https://center/fhir/Practitioner/1") is also known by its tail.
        var last = reference.LastIndexOf('/');
        var before = last > 0 ? reference.LastIndexOf('/', last - 1) : -1;
        return before >= 0 && reference.Contains("://", StringComparison.Ordinal) ? Find(reference[(before + 1)..], depth: 0) : null;
    }

    private CodedItem? Find(string? reference, int depth)
    {
        if (reference is null || depth > 2 || !names.TryGetValue(reference, out var named))
        {
            return null;
        }

        return (named.Via is { } via ? Find(via, depth + 1) : null) ?? named.Item;
    }

    /// <summary>The practitioners named by roles of this load (<see cref="Named.Via"/>) whose own resource it does not hold.</summary>
    internal IEnumerable<string> UnnamedVias() =>
        names.Values.Select(n => n.Via).OfType<string>().Where(via => !via.StartsWith('#') && Find(via) is null).Distinct(StringComparer.Ordinal);

    /// <summary>A name, or (for a role) the resource whose name it borrows.</summary>
    internal sealed record Named(CodedItem? Item, string? Via);
}
