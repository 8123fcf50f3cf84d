using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.FacilityAdmin;

/// <summary>A facility with its 管理責任者 and staff, and the user pages as an administrator uses them.</summary>
public static class FacilityAdminSteps
{
    public const UserRights AdministratorRights = UserRights.ViewClinicalData | UserRights.RegisterPatientLinks | UserRights.ManageUsers;

    /// <summary>A new facility and its administrator ({code}-01, every right), who may sign in with the test password.</summary>
    public static async Task<(Facility Facility, PortalUser Administrator)> FacilityWithAdministratorAsync(
        this PortalFactory portal, string facilityName, int userAllowance = 5, string administratorName = "管理　一郎")
    {
        var facility = await portal.AddFacilityAsync(facilityName, userAllowance: userAllowance);
        var administrator = await portal.AddMemberAsync(facility, PortalUserName.Administrator(facility.Code), PortalRoles.FacilityAdministrator, AdministratorRights, administratorName);
        return (facility, administrator);
    }

    /// <summary>A member of <paramref name="facility"/> with <paramref name="rights"/> and a mail address of their own.</summary>
    public static async Task<PortalUser> AddMemberAsync(
        this PortalFactory portal, Facility facility, string userName, string role = PortalRoles.Staff,
        UserRights rights = UserRights.ViewClinicalData, string displayName = "職員　花子")
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(facility);
        var user = await portal.CreateUserAsync(userName, role, displayName, facility.Id, userName.ToLowerInvariant() + "@example.jp");
        return await portal.ChangeUserAsync(user.Id, u =>
        {
            u.Rights = rights;
            u.Job = StaffJob.Nurse;
            u.DisplayNameKana = "ショクイン　ハナコ";
        });
    }

    /// <summary>Changes the stored account directly (as if done elsewhere) and returns it.</summary>
    public static Task<PortalUser> ChangeUserAsync(this PortalFactory portal, string userId, Action<PortalUser> change) =>
        portal.WithServiceAsync<PortalUser, UserManager<PortalUser>>(async users =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("no such user");
            change(user);
            var result = await users.UpdateAsync(user);
            Assert.True(result.Succeeded);
            return user;
        });

    public static Task<PortalUser> ReloadUserAsync(this PortalFactory portal, string userId) =>
        portal.WithServiceAsync<PortalUser, MioKarteDbContext>(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));

    public static Task<PortalUser?> FindUserByEmailAsync(this PortalFactory portal, string email) =>
        portal.WithServiceAsync<PortalUser?, MioKarteDbContext>(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email));

    public static Task<IList<string>> RolesOfAsync(this PortalFactory portal, string userId) =>
        portal.WithServiceAsync<IList<string>, UserManager<PortalUser>>(async users => await users.GetRolesAsync((await users.FindByIdAsync(userId))!));

    public static Task<List<UserEvent>> UserEventsAsync(this PortalFactory portal, string userId) =>
        portal.WithServiceAsync<List<UserEvent>, MioKarteDbContext>(db => db.UserEvents.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>The values of a new nurse as the administrator types them (kana in hiragana, as people often do).</summary>
    public static Dictionary<string, string> Nurse(string email) => new()
    {
        ["DisplayName"] = "看護　花子",
        ["DisplayNameKana"] = "かんご　はなこ",
        ["Email"] = email,
        ["Job"] = nameof(StaffJob.Nurse),
        ["ViewClinicalData"] = "true",
        ["RegisterPatientLinks"] = "true",
        ["ValidFrom"] = "",
        ["ValidUntil"] = "",
    };

    /// <summary>Fills and submits 利用者の登録.</summary>
    public static async Task<HttpResponseMessage> AddUserAsync(this HttpClient client, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync("/facility/users/new");
        return await client.SubmitAsync(page.Form("/facility/users/new"), values);
    }

    /// <summary>The user's page after a redirect to it; fails unless it is one.</summary>
    public static async Task<IDocument> FollowToUserAsync(this HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.FollowAsync(response);
    }

    /// <summary>Presses one of the buttons on the user's page (disable, enable, reset-password, unlock, sign-out).</summary>
    public static async Task<HttpResponseMessage> PressAsync(this HttpClient client, string userId, string action)
    {
        var page = await client.GetDocumentAsync($"/facility/users/{userId}");
        return await client.SubmitAsync(page.Form($"/facility/users/{userId}/{action}"), new Dictionary<string, string>());
    }

    /// <summary>Opens the edit form, types <paramref name="values"/> over it and saves.</summary>
    public static async Task<HttpResponseMessage> EditUserAsync(this HttpClient client, string userId, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync($"/facility/users/{userId}/edit");
        return await client.SubmitAsync(page.Form($"/facility/users/{userId}/edit"), values);
    }

    /// <summary>Whether the client's session still opens a signed-in page.</summary>
    public static async Task<bool> IsSignedInAsync(this HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/account", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}
