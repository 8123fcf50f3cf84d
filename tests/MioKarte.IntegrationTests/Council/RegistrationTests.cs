using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>登録完了 through the council's page: what it creates, the four-eyes rule, double submits and stale pages.</summary>
public sealed class RegistrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Registering_creates_the_facility_its_administrator_without_a_password_the_activation_and_its_mail_together()
    {
        var id = await portal.ApprovedApplicationAsync("登録テスト内科", "touroku@example.jp");
        using var council = await portal.RegistrarClientAsync();

        using var response = await council.RegisterAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/council/applications/{id}/register", response.Headers.Location?.OriginalString);
        var result = await council.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Matches(@"登録しました。施設コード V\d{5}、管理責任者の利用者ID V\d{5}-01。touroku@example\.jp に有効化のご案内メールを送信します。",
            result.QuerySelector(".council-message")!.TextContent);
        Assert.NotNull(result.QuerySelector(".activation-panel"));

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Id == id);
        Assert.Equal(ApplicationStatus.Registered, application.Status);
        Assert.Equal(RegistrationSteps.Registrar, application.Events[^1].Actor);
        var facility = await db.Facilities.SingleAsync(f => f.ApplicationId == id);
        Assert.Matches(@"^V\d{5}$", facility.Code);
        Assert.Equal((FacilityRole.Viewing, FacilityStatus.Active, 3, 5), (facility.Role, facility.Status, facility.TerminalAllowance, facility.UserAllowance));
        var user = await db.Users.SingleAsync(u => u.FacilityId == facility.Id);
        Assert.Equal(facility.Code + "-01", user.UserName);
        Assert.Equal(("南多摩　花子", "ミナミタマ　ハナコ", "touroku@example.jp"), (user.DisplayName, user.DisplayNameKana, user.Email));
        // The account's history starts with its registration, by the council staff who registered it.
        var created = await db.UserEvents.SingleAsync(e => e.UserId == user.Id);
        Assert.Equal((UserEventKind.Created, RegistrationSteps.Registrar), (created.Kind, created.Actor));
        Assert.Null(user.PasswordHash);
        Assert.True(user.LockoutEnabled);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        Assert.Equal([PortalRoles.FacilityAdministrator], roles);
        var activation = await db.AccountActivations.SingleAsync(a => a.UserId == user.Id);
        Assert.Equal((facility.Id, (Guid?)id), (activation.FacilityId, activation.ApplicationId));
        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime.AddHours(72), activation.ExpiresAtUtc);

        var mail = await db.OutboxMessages.SingleAsync(m => m.ToAddress == "touroku@example.jp" && m.Kind == "AccountActivation");
        Assert.Equal($"【MIO Karte】利用開始のご案内（施設コード {facility.Code}）", mail.Subject);
        Assert.Contains($"施設コード：{facility.Code}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"利用者ID　：{user.UserName}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("パスワードをメールでお送りすることはありません。", mail.TextBody, StringComparison.Ordinal);
        var token = Regex.Match(mail.TextBody, @"https://localhost/account/activate/(?<token>[A-Za-z0-9_\-]{43})\s").Groups["token"].Value;
        Assert.Equal(LinkToken.Hash(token), activation.TokenHash);
        Assert.DoesNotContain(token, activation.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_approver_cannot_register_what_they_approved_but_a_colleague_can()
    {
        var id = await portal.ApprovedApplicationAsync("四つの目クリニック", "yotsume@example.jp");
        using var approver = await portal.CouncilStaffClientAsync(RegistrationSteps.Approver);

        var page = await approver.GetDocumentAsync($"/council/applications/{id}/register");
        Assert.Contains("この申込はあなたが承認したため", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action='/council/applications/{id}/register']"));
        var version = (await portal.StoredAsync(id)).Version;
        using var refused = await approver.PostWithTokenAsync(page, $"/council/applications/{id}/register", new Dictionary<string, string>
        {
            ["version"] = version.ToString(),
            ["returnUrl"] = $"/council/applications/{id}/register",
        });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var after = await approver.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.Equal(
            "この申込は 連絡協議会 職員 さんが承認したため、同じ方は登録できません（承認と登録は別の職員が行う決まりです）。別の職員に登録を依頼してください。",
            after.QuerySelector(".council-message")!.TextContent.Trim());
        Assert.False(await portal.WithServiceAsync<bool, MioKarteDbContext>(db => db.Facilities.AnyAsync(f => f.ApplicationId == id)));

        using var colleague = await portal.RegistrarClientAsync();
        using var registered = await colleague.RegisterAsync(id);
        Assert.Equal(ApplicationStatus.Registered, (await portal.StoredAsync(id)).Status);
    }

    [Fact]
    public async Task A_second_post_of_the_same_form_creates_nothing_and_says_the_application_is_registered()
    {
        var id = await portal.ApprovedApplicationAsync("二度押し薬局", "nidooshi@example.jp");
        using var council = await portal.RegistrarClientAsync();
        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");
        var form = page.Form($"/council/applications/{id}/register");

        using var first = await council.SubmitAsync(form, new Dictionary<string, string>());
        using var second = await council.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var result = await council.GetDocumentAsync(second.Headers.Location!.OriginalString);
        Assert.Matches(@"この申込は 連絡協議会 登録担当 さんがすでに登録しています（施設コード V\d{5}、利用者ID V\d{5}-01）。新たには何も作成していません。",
            result.QuerySelector(".council-message")!.TextContent);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = await db.Facilities.SingleAsync(f => f.ApplicationId == id);
        Assert.Equal(1, await db.Users.CountAsync(u => u.FacilityId == facility.Id));
        Assert.Equal(1, await db.AccountActivations.CountAsync(a => a.ApplicationId == id));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.ToAddress == "nidooshi@example.jp" && m.Kind == "AccountActivation"));
    }

    [Fact]
    public async Task A_page_that_is_out_of_date_is_refused_and_names_who_changed_the_application()
    {
        var id = await portal.ApprovedApplicationAsync("古い画面クリニック", "furui@example.jp");
        await portal.EnsureCouncilStaffAsync("council.other", "連絡協議会 次郎");
        using var council = await portal.RegistrarClientAsync();
        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await portal.ChangeStoredAsync(id, (application, now) => application.Reject("council.other", "重複した申込のため", now));

        using var response = await council.SubmitAsync(page.Form($"/council/applications/{id}/register"), new Dictionary<string, string>());

        var result = await council.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("連絡協議会 次郎 さんがすでに変更しました。画面を開き直して最新の内容を確認してから、もう一度操作してください。",
            result.QuerySelector(".council-message")!.TextContent.Trim());
        Assert.Equal(ApplicationStatus.Rejected, (await portal.StoredAsync(id)).Status);
        Assert.False(await portal.WithServiceAsync<bool, MioKarteDbContext>(db => db.Facilities.AnyAsync(f => f.ApplicationId == id)));
    }

    [Fact]
    public async Task An_application_that_is_not_approved_cannot_be_registered()
    {
        var id = await portal.ApprovedApplicationAsync("未承認クリニック", "mishounin@example.jp");
        await portal.ChangeStoredAsync(id, (application, now) => application.Reject(RegistrationSteps.Approver, "書類不備", now));

        using var council = await portal.RegistrarClientAsync();
        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");

        Assert.Contains("この申込は「却下」のため登録できません。", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action='/council/applications/{id}/register']"));
    }

    [Fact]
    public async Task Only_council_staff_reach_registration()
    {
        var id = await portal.ApprovedApplicationAsync("権限確認クリニック", "kengen@example.jp");
        await portal.CreateUserAsync("facadmin.other", PortalRoles.FacilityAdministrator);
        using var client = await portal.SignedInClientAsync("facadmin.other");

        using var page = await client.GetAsync(new Uri($"/council/applications/{id}/register", UriKind.Relative));
        using var anonymous = portal.CreatePortalClient();
        using var signedOut = await anonymous.GetAsync(new Uri($"/council/applications/{id}/register", UriKind.Relative));

        Assert.Equal("/account/access-denied", page.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/login", signedOut.Headers.Location?.AbsolutePath);
        Assert.Equal(ApplicationStatus.Approved, (await portal.StoredAsync(id)).Status);
    }
}

/// <summary>A council of one person turns the four-eyes rule off (Council:RequireFourEyes=false).</summary>
public sealed class SinglePersonCouncilPortal : PortalFactory
{
    public SinglePersonCouncilPortal() => Settings = new Dictionary<string, string?> { ["Council:RequireFourEyes"] = "false" };
}

/// <summary>A council of one turns the four-eyes rule off: the approver may register too.</summary>
public sealed class FourEyesOffTests(SinglePersonCouncilPortal portal) : IClassFixture<SinglePersonCouncilPortal>
{
    [Fact]
    public async Task Without_the_four_eyes_rule_the_approver_may_register()
    {
        const string userName = "council.hitori";
        using var client = await portal.CouncilStaffClientAsync(userName, "一人 事務局");
        var application = await portal.AddApplicationAsync("一人事務局クリニック", ApplicationStatus.Approved, reviewer: userName);

        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        var dashboard = await client.GetDocumentAsync("/council");

        Assert.False(page.Form($"/council/applications/{application.Id}/register").QuerySelector<IHtmlButtonElement>("button")!.IsDisabled);
        Assert.DoesNotContain("別の職員", page.GetElementById("four-eyes-note")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("あなたが登録できます", dashboard.QuerySelector("#work-approved .work-item__register")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_four_eyes_rule_the_approver_registers_the_application_themselves()
    {
        var id = await portal.ApprovedApplicationAsync("ひとり事務局クリニック", "hitori@example.jp");
        using var approver = await portal.CouncilStaffClientAsync(RegistrationSteps.Approver);

        using var response = await approver.RegisterAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApplicationStatus.Registered, (await portal.StoredAsync(id)).Status);
    }
}

/// <summary>A portal configured with an activation lifetime of zero.</summary>
public sealed class CouncilOptionsTests
{
    [Fact]
    public void An_activation_lifetime_out_of_range_stops_the_portal_naming_the_key()
    {
        using var portal = new PortalFactory { Settings = new Dictionary<string, string?> { ["Council:ActivationLifetime"] = "00:00:00" } };

        var error = Assert.ThrowsAny<Exception>(() => portal.CreatePortalClient());

        Assert.Contains("Council:ActivationLifetime", error.ToString(), StringComparison.Ordinal);
    }
}
