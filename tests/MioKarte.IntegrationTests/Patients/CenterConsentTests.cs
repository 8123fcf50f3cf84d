using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Gateway;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Patients;

/// <summary>
/// Through the product, against the reference center that enforces consent and verifies the
/// portal's signed assertions: linking registers a Consent, 同意撤回 ends it, an emergency grant's
/// break-glass Consent ends with the grant. Each check reads the center as the clinic would, with the
/// portal's own gateway (a signed assertion of the clinic's user).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CenterConsentTests(LinkingPortal portal) : IClassFixture<LinkingPortal>
{
    /// <summary>Whether the center lets <paramref name="clinic"/> read <paramref name="patient"/> now (its Patient and its record).</summary>
    private async Task<bool> CenterReadsAsync(Facility clinic, SheetPatient patient)
    {
        var center = portal.Services.GetRequiredService<DataCenterClient>();
        var acting = new ActingContext("consent-check", clinic.InstitutionCode!, "consent-check");
        var found = await center.FindPatientAsync(patient.FacilityCode, patient.PatientId, acting, CancellationToken.None);
        var record = await center.GetSharedRecordsAsync([new LinkedFacilityPatient(patient.FacilityCode, "病院", patient.PatientId)], acting, null, CancellationToken.None);
        Assert.Equal(found is not null, record.Items.Count == 1);
        return found is not null;
    }

    [Fact]
    public async Task A_linked_patient_is_readable_at_the_center_and_after_withdrawal_is_not()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = portal.Patients[2];
        Assert.False(await CenterReadsAsync(clinic, patient));

        using var linked = await client.SubmitLinkAsync(portal.SheetOf(patient, "C-1"));
        var page = await client.FollowAsync(linked);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.True(await CenterReadsAsync(clinic, patient));
        // Another clinic's users still read nothing of this patient.
        var (_, otherClinic, _) = await portal.ClinicUserAsync();
        Assert.False(await CenterReadsAsync(otherClinic, patient));

        using var withdrawn = await client.SubmitAsync(page.Form($"/patients/{link.FacilityPatientId}/links/{link.Id}/withdraw"),
            new Dictionary<string, string> { ["reason"] = "患者さまから撤回の申し出" });

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.False(await CenterReadsAsync(clinic, patient));
    }

    [Fact]
    public async Task A_link_refused_for_a_wrong_birth_date_leaves_no_consent_at_the_center()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = portal.Patients[4];
        var values = portal.SheetOf(patient, "C-2");
        values["BirthDate"] = DateOnly.Parse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
        Assert.False(await CenterReadsAsync(clinic, patient));
    }

    [Fact]
    public async Task An_emergency_grant_is_readable_at_the_center_until_it_ends()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var patient = portal.Patients[5];
        Assert.False(await CenterReadsAsync(clinic, patient));
        var form = await client.GetDocumentAsync("/patients/emergency");

        using var started = await client.SubmitAsync(form.Form("/patients/emergency"), new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[patient.FacilityCode].Id.ToString(),
            ["DisclosingPatientId"] = patient.PatientId,
            ["Reason"] = "救急搬送、意識障害のため既往歴の確認",
        });

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var grantId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        Assert.True(await CenterReadsAsync(clinic, patient));

        var page = await client.GetDocumentAsync("/patients/emergency");
        using var ended = await client.SubmitAsync(page.Form($"/patients/emergency/{grantId}/end"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.False(await CenterReadsAsync(clinic, patient));
    }
}
