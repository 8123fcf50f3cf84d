using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.FacilityAdmin.Users;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// 管理責任者の復旧: a facility whose only administrator can no longer administer (here: the
/// rights a registration bug left empty, and a lockout on top) is rescued by two council staff —
/// one asks, the other confirms — with the facility's and the member's history saying who and why.
/// </summary>
public sealed class AdministratorRestorationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Asker = "council.asker";
    private const string Confirmer = "council.confirmer";

    [Fact]
    public async Task One_council_member_asks_another_confirms_and_the_administrator_manages_the_facility_again()
    {
        var (facility, administrator) = await StrandedFacilityAsync("復旧テスト内科", "restore@example.jp");
        using var asker = await portal.CouncilStaffClientAsync(Asker, "依頼 一子");
        var page = await asker.GetDocumentAsync($"/council/facilities/{facility.Id}");
        Assert.Contains("いまサインインできる「利用者の管理」の利用権を持つ管理責任者がいません", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("—", page.QuerySelector("td.member-rights")!.TextContent, StringComparison.Ordinal);

        using var asked = await asker.SubmitAsync(page.Form($"/council/facilities/{facility.Id}/restore-administrator"), new Dictionary<string, string>
        {
            ["userName"] = administrator.UserName!,
            ["reason"] = "本人から電話で依頼。施設長に本人確認済み。",
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(UserRights.None, (await StoredUserAsync(administrator.Id)).Rights);

        // The one who asked sees the request but no button to confirm it; a forged confirmation is refused.
        var own = await asker.FollowAsync(asked);
        Assert.Contains("確認は別の職員が行います", own.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(own.QuerySelector($"form[action='/council/facilities/{facility.Id}/restore-administrator/confirm']"));
        using var forged = await asker.PostWithTokenAsync(own, $"/council/facilities/{facility.Id}/restore-administrator/confirm", new Dictionary<string, string>
        {
            ["version"] = own.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='version']")!.Value,
        });
        Assert.Contains("依頼 一子 さんが依頼したため", (await HtmlClient.ParseAsync(forged)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(UserRights.None, (await StoredUserAsync(administrator.Id)).Rights);

        using var confirmer = await portal.CouncilStaffClientAsync(Confirmer, "確認 二郎");
        var pending = await confirmer.GetDocumentAsync($"/council/facilities/{facility.Id}");
        using var confirmed = await confirmer.SubmitAsync(
            pending.Form($"/council/facilities/{facility.Id}/restore-administrator/confirm"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var done = await confirmer.FollowAsync(confirmed);
        Assert.Contains("管理責任者を復旧しました", done.Body!.TextContent, StringComparison.Ordinal);

        var restored = await StoredUserAsync(administrator.Id);
        Assert.True(restored.Has(UserRights.ManageUsers));
        Assert.Null(restored.LockoutEnd);
        Assert.NotEqual(administrator.SecurityStamp, restored.SecurityStamp);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            var events = await db.Facilities.Where(f => f.Id == facility.Id).SelectMany(f => f.Events).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(
                [(FacilityEventKind.AdministratorRestoreRequested, Asker), (FacilityEventKind.AdministratorRestored, Confirmer)],
                events.Skip(1).Select(e => (e.Kind, e.Actor)));
            Assert.Contains(administrator.UserName!, events[1].Reason, StringComparison.Ordinal);
            var userEvent = await db.UserEvents.SingleAsync(e => e.UserId == administrator.Id);
            Assert.Equal((UserEventKind.RestoredByCouncil, Confirmer), (userEvent.Kind, userEvent.Actor));
            Assert.Equal([PortalRoles.FacilityAdministrator], await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().GetRolesAsync(restored));
        }

        using var signedIn = await portal.SignedInClientAsync(administrator.UserName!);
        using var users = await signedIn.GetAsync("/facility/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task A_member_of_another_facility_cannot_be_named_and_nothing_is_asked()
    {
        var (facility, _) = await StrandedFacilityAsync("他施設防御クリニック", "guard@example.jp");
        var (_, stranger) = await StrandedFacilityAsync("よその薬局", "stranger@example.jp");
        using var asker = await portal.CouncilStaffClientAsync(Asker, "依頼 一子");
        var page = await asker.GetDocumentAsync($"/council/facilities/{facility.Id}");

        using var refused = await asker.SubmitAsync(page.Form($"/council/facilities/{facility.Id}/restore-administrator"), new Dictionary<string, string>
        {
            ["userName"] = stranger.UserName!,
            ["reason"] = "誤り",
        });

        Assert.Contains("この施設の利用者から選んでください", (await HtmlClient.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Facilities.SingleAsync(f => f.Id == facility.Id)).HasPendingRestoration);
    }

    [Fact]
    public async Task A_reason_is_required_and_a_request_can_be_withdrawn_without_touching_the_account()
    {
        var (facility, administrator) = await StrandedFacilityAsync("取消テスト医院", "withdraw@example.jp");
        using var asker = await portal.CouncilStaffClientAsync(Asker, "依頼 一子");
        var page = await asker.GetDocumentAsync($"/council/facilities/{facility.Id}");
        using var noReason = await asker.SubmitAsync(page.Form($"/council/facilities/{facility.Id}/restore-administrator"), new Dictionary<string, string>
        {
            ["userName"] = administrator.UserName!,
            ["reason"] = " ",
        });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.NotNull((await HtmlClient.ParseAsync(noReason)).QuerySelector(".notice--error"));

        using var asked = await asker.SubmitAsync(page.Form($"/council/facilities/{facility.Id}/restore-administrator"), new Dictionary<string, string>
        {
            ["userName"] = administrator.UserName!,
            ["reason"] = "確認のため",
        });
        var pending = await asker.FollowAsync(asked);
        using var cancelled = await asker.SubmitAsync(pending.Form($"/council/facilities/{facility.Id}/restore-administrator/cancel"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(UserRights.None, (await StoredUserAsync(administrator.Id)).Rights);
        var after = await asker.FollowAsync(cancelled);
        Assert.Contains("取り消しました", after.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_asked_the_confirmation_mails_a_password_reset_link_and_the_old_password_stops_working()
    {
        var (facility, administrator) = await StrandedFacilityAsync("パスワード忘れ歯科", "forgot@example.jp");
        using var asker = await portal.CouncilStaffClientAsync(Asker, "依頼 一子");
        var page = await asker.GetDocumentAsync($"/council/facilities/{facility.Id}");
        using var asked = await asker.SubmitAsync(page.Form($"/council/facilities/{facility.Id}/restore-administrator"), new Dictionary<string, string>
        {
            ["userName"] = administrator.UserName!,
            ["sendPasswordLink"] = "true",
            ["reason"] = "パスワードと認証アプリを失った",
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        using var confirmer = await portal.CouncilStaffClientAsync(Confirmer, "確認 二郎");
        var pending = await confirmer.GetDocumentAsync($"/council/facilities/{facility.Id}");
        Assert.Contains("確認のときに送る", pending.Body!.TextContent, StringComparison.Ordinal);

        using var confirmed = await confirmer.SubmitAsync(
            pending.Form($"/council/facilities/{facility.Id}/restore-administrator/confirm"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Null((await StoredUserAsync(administrator.Id)).PasswordHash);
        var mail = Assert.Single(await portal.OutboxAsync(m => m.ToAddress == "forgot@example.jp"));
        Assert.Equal(UserLinkMail.PasswordResetKind, mail.Kind);
        Assert.Contains("/account/activate/", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A facility whose only 管理責任者 has no 利用権 (as registrations before the fix left them) and is locked out.</summary>
    private async Task<(Facility Facility, PortalUser Administrator)> StrandedFacilityAsync(string name, string email)
    {
        var facility = await portal.AddFacilityAsync(name);
        var administrator = await portal.CreateUserAsync(PortalUserName.Administrator(facility.Code), PortalRoles.FacilityAdministrator, "管理 花子", facility.Id, email);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var stored = await db.Users.SingleAsync(u => u.Id == administrator.Id);
        stored.Rights = UserRights.None;
        stored.LockoutEnd = portal.Clock.GetUtcNow().AddMinutes(30);
        await db.SaveChangesAsync();
        return (facility, stored);
    }

    private async Task<PortalUser> StoredUserAsync(string id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }
}
