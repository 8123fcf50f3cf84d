using System.Net;
using MioKarte.DataCenter.Demo;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// A network without demo seeding learns its disclosing hospitals from the council's page
/// 情報開示施設の追加, with each hospital's 医療機関コード as the data center knows it.
/// </summary>
public sealed class DisclosingHospitalsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<int> DemoHospitals() => [.. Enumerable.Range(0, DemoFacilities.All.Count)];

    /// <summary>
    /// Found walking the network from an empty database: the demo hospitals' invented codes had
    /// wrong check digits (検証番号), so the council's form refused every one of them.
    /// </summary>
    [Theory]
    [MemberData(nameof(DemoHospitals))]
    public async Task Each_hospital_of_the_reference_data_center_can_be_added_by_the_council_with_its_institution_code(int index)
    {
        var hospital = DemoFacilities.All[index];
        using var council = await portal.CouncilStaffClientAsync("council.hospitals");
        var form = (await council.GetDocumentAsync("/council/facilities/new")).Form("/council/facilities/new");

        using var added = await council.SubmitAsync(form, new Dictionary<string, string>
        {
            ["FacilityName"] = hospital.Name,
            ["FacilityNameKana"] = "デモビョウイン",
            ["FacilityType"] = "Hospital",
            ["InstitutionCode"] = hospital.Code,
            ["PostalCode"] = "193-0832",
            ["Address"] = "東京都八王子市散田町9-9-1",
            ["Phone"] = "042-600-0001",
            ["UserAllowance"] = "20",
            ["TerminalAllowance"] = "10",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.EndsWith("?done=Registered", added.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, await portal.CountFacilitiesAsync(hospital.Name));
    }
}
