using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

using MioKarte.DataCenter;
using MioKarte.DataCenter.Fhir;
using MioKarte.DataCenter.Ingest;

namespace MioKarte.UnitTests.DataCenter;

public sealed class SearchParsingTests
{
    private static readonly DataCenterOptions Options = new();

    private static SearchQuery Parse(string type, params (string Key, string Value)[] query)
    {
        var collection = new QueryCollection(query.GroupBy(q => q.Key).ToDictionary(g => g.Key, g => new StringValues(g.Select(x => x.Value).ToArray())));
        var search = SearchQuery.Parse(type, collection, Options, out var errors);
        Assert.Empty(errors);
        return search;
    }

    [Fact]
    public void A_date_without_time_zone_is_a_day_in_Japan_time()
    {
        Assert.True(FhirDates.TryParseRange("2024-04-01", out var start, out var end));

        Assert.Equal(new DateTimeOffset(2024, 3, 31, 15, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
        Assert.Equal(TimeSpan.FromDays(1), end - start);
    }

    [Theory]
    [InlineData("MedicationRequest", "authoredon")]
    [InlineData("ServiceRequest", "authored")]
    [InlineData("ImagingStudy", "started")]
    [InlineData("Media", "created")]
    public void The_standard_R4_date_parameter_of_each_type_is_understood_like_date(string type, string parameter)
    {
        var search = Parse(type, ("patient", "Patient/abc"), (parameter, "ge2024-01-01"), ("_sort", "-" + parameter));

        Assert.Equal(["ge"], search.Dates.Select(d => d.Prefix));
        Assert.False(search.Ascending);
    }

    [Fact]
    public void Date_prefixes_become_bounds_and_count_is_capped()
    {
        var search = Parse("Observation", ("patient", "Patient/abc"), ("date", "ge2024"), ("date", "lt2024-07"), ("_count", "100000"));

        Assert.Equal("abc", search.PatientId);
        Assert.Equal(["ge", "lt"], search.Dates.Select(d => d.Prefix));
        Assert.Equal(Options.MaxPageSize, search.Count);
    }

    [Theory]
    [InlineData("Immunization")]
    [InlineData("Procedure")]
    [InlineData("Claim")]
    [InlineData("Observation")]
    public void A_count_only_search_asks_for_no_entries_whatever_count_says(string type)
    {
        var search = Parse(type, ("_count", "100"), ("patient", "Patient/abc"), ("_summary", "count"));

        Assert.Equal("abc", search.PatientId);
        Assert.Equal(0, search.Count);
    }

    [Fact]
    public void Only_the_count_summary_is_served_and_the_uncounted_types_take_no_date()
    {
        var collection = new QueryCollection(new Dictionary<string, StringValues> { ["patient"] = "abc", ["_summary"] = "true" });
        SearchQuery.Parse("Immunization", collection, Options, out var errors);
        Assert.Equal(["_summary supports 'count' only."], errors);

        collection = new QueryCollection(new Dictionary<string, StringValues> { ["patient"] = "abc", ["date"] = "ge2024" });
        SearchQuery.Parse("Immunization", collection, Options, out errors);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData(1_700_000_000_000L, 42L)]
    [InlineData(-86_400_000L, 7L)]
    [InlineData(null, 3L)]
    public void A_cursor_token_round_trips_including_dates_before_1970_and_no_date(long? date, long id)
    {
        var token = new PageCursor(date, id).Token;

        var search = Parse("Observation", ("patient", "abc"), ("_cursor", token));

        Assert.Equal(new PageCursor(date, id), search.Cursor);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(".5")]
    [InlineData("12.")]
    [InlineData("x.5")]
    [InlineData("12.-5")]
    public void A_cursor_the_server_did_not_write_is_an_error(string token)
    {
        var collection = new QueryCollection(new Dictionary<string, StringValues> { ["patient"] = "a", ["_cursor"] = token });

        SearchQuery.Parse("Observation", collection, Options, out var errors);

        Assert.Contains(errors, e => e.StartsWith("_cursor", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_parameter_is_an_error_not_ignored()
    {
        var collection = new QueryCollection(new Dictionary<string, StringValues> { ["patient"] = "a", ["name"] = "山田" });

        SearchQuery.Parse("Observation", collection, Options, out var errors);

        Assert.Contains(errors, e => e.Contains("'name'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("injection", DisclosureCategories.Injection)]
    [InlineData("http://jpfhir.jp/fhir/core/CodeSystem/JHSI0001|FTP", DisclosureCategories.Injection)]
    [InlineData("http://jpfhir.jp/fhir/core/CodeSystem/JP_MedicationCategoryMERIT9_CS|OHO", DisclosureCategories.Prescription)]
    [InlineData("laboratory", DisclosureCategories.Laboratory)]
    [InlineData("RAD", DisclosureCategories.RadiologyReport)]
    public void Category_tokens_map_to_the_center_categories(string token, string category) =>
        Assert.Equal(category, DisclosureCategories.FromSearchToken(token));

    [Fact]
    public void Center_ids_keep_the_facility_id_readable_and_never_collide_across_facilities()
    {
        Assert.Equal("1311234567-abc", BundleIngestor.CenterId("1311234567", "id:abc"));
        Assert.NotEqual(BundleIngestor.CenterId("1311234567", "id:abc"), BundleIngestor.CenterId("1312345670", "id:abc"));
        Assert.StartsWith("1311234567-h", BundleIngestor.CenterId("1311234567", "identifier:sys|1"), StringComparison.Ordinal);
    }
}
