using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Records;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>
/// A portal with no data center configured (the test portal's default) reads from the stand-in
/// source: the record page says データセンター未接続 instead of an empty table, and every answer is counted.
/// </summary>
public sealed class StandInSourceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Without_a_data_center_the_record_says_it_is_not_connected_and_the_stand_in_counts_its_answers()
    {
        var source = Assert.IsType<StandInRecordSource>(portal.Services.GetRequiredService<ISharedRecordSource>());
        var hospital = await portal.AddDisclosingFacilityAsync("未接続総合病院", "1399100001");
        var (viewing, user) = await portal.AddViewingFacilityWithUserAsync("standin.viewer", "1399100002");
        var (patient, _) = await portal.AddLinkedPatientAsync(viewing, "S1", (hospital, "H-1"));
        var before = source.Answered;
        using var client = await portal.SignedInClientAsync(user);

        var page = await client.GetDocumentAsync($"/patients/{patient.Id}");

        var banner = page.GetElementById("record-not-connected");
        Assert.NotNull(banner);
        Assert.Contains("データセンター未接続", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 施設", banner.TextContent, StringComparison.Ordinal);
        Assert.True(source.Answered > before);
    }
}
