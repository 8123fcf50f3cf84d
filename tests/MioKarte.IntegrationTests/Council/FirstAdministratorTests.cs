using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// The facility's first 管理責任者, as the council's registration creates them, can start work:
/// 利用者の管理 always, the clinical rights by the facility's type or as the council ticked them,
/// and the facility's pages answer once the account is activated — never アクセスできません.
/// </summary>
public sealed class FirstAdministratorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<FacilityType, UserRights> RightsByType => new()
    {
        { FacilityType.Clinic, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.Hospital, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.DentalClinic, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.Pharmacy, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.HomeNursingStation, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.MidwiferyHome, UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks },
        { FacilityType.CareProvider, UserRights.ManageUsers },
        { FacilityType.Other, UserRights.ManageUsers },
    };

    [Theory]
    [MemberData(nameof(RightsByType))]
    public async Task The_registration_page_gives_the_administrator_the_rights_of_the_facility_type(FacilityType type, UserRights expected)
    {
        var email = $"rights-{type}@example.jp".ToLowerInvariant();
        var id = (await portal.AddApplicationAsync($"種別{type}の施設", ApplicationStatus.Approved,
            d => d with { AdministratorEmail = email, FacilityType = type }, reviewer: RegistrationSteps.Approver)).Id;
        using var council = await portal.RegistrarClientAsync();

        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");
        var ticked = page.QuerySelectorAll("input[name='clinicalRights'][type='checkbox']")
            .Where(box => box.HasAttribute("checked")).Select(box => Enum.Parse<UserRights>(box.GetAttribute("value")!))
            .Aggregate(UserRights.None, (all, one) => all | one);
        Assert.Equal(expected & FacilityRights.Clinical, ticked);
        using var response = await council.RegisterAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, (await AdministratorOfAsync(id)).Rights);
    }

    [Fact]
    public async Task The_council_may_untick_a_clinical_right_but_never_removes_user_management()
    {
        const string email = "untick@example.jp";
        var id = await portal.ApprovedApplicationAsync("利用権選択クリニック", email);
        using var council = await portal.RegistrarClientAsync();
        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");

        // Only 患者IDの登録 stays ticked; a forged value for 利用者の管理 is not a clinical right and is ignored.
        using var response = await council.PostWithTokenAsync(page, $"/council/applications/{id}/register", new Dictionary<string, string>
        {
            ["version"] = (await portal.StoredAsync(id)).Version.ToString(),
            ["clinicalRights"] = nameof(UserRights.None),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(UserRights.ManageUsers, (await AdministratorOfAsync(id)).Rights);
    }

    [Fact]
    public async Task Registered_from_the_application_page_the_administrator_gets_the_defaults()
    {
        const string email = "detail-page@example.jp";
        var id = await portal.ApprovedApplicationAsync("詳細画面登録クリニック", email);
        using var council = await portal.RegistrarClientAsync();
        var detail = await council.GetDocumentAsync($"/council/applications/{id}");

        using var response = await council.SubmitAsync(detail.Form($"/council/applications/{id}/register"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(UserRights.ManageUsers | FacilityRights.Clinical, (await AdministratorOfAsync(id)).Rights);
    }

    [Fact]
    public async Task An_activated_first_administrator_reaches_every_facility_page_and_the_patients()
    {
        var (_, activationPath) = await portal.RegisteredApplicationAsync("はじめての内科", "hajimete@example.jp");
        using var administrator = portal.CreatePortalClient();
        await administrator.ActivateAsync(activationPath);

        foreach (var path in new[] { "/facility", "/facility/users", "/facility/users/new", "/facility/terminals", "/facility/incidents", "/facility/access-log", "/patients" })
        {
            using var response = await administrator.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                // Giving access asks for a recent sign-in (再認証), which is not a refusal.
                Assert.StartsWith("/account/reauthenticate", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("アクセスできません", body, StringComparison.Ordinal);
        }
    }

    private async Task<PortalUser> AdministratorOfAsync(Guid applicationId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = await db.Facilities.SingleAsync(f => f.ApplicationId == applicationId);
        return await db.Users.AsNoTracking().SingleAsync(u => u.FacilityId == facility.Id);
    }
}
