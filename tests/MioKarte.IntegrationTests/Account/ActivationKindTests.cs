using System.Net;
using AngleSharp.Dom;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.FacilityAdmin;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Account.Activation;

namespace MioKarte.IntegrationTests.Account;

/// <summary>Each kind of link says what it is: the 管理責任者's registration, an invited user, a password reset.</summary>
public sealed class ActivationKindTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_invited_user_sees_two_steps_and_no_certificate_promise_even_with_the_right_to_manage_users()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("種類招待クリニック");
        using var adminClient = await portal.SignedInClientAsync(admin.UserName!);
        var values = FacilityAdminSteps.Nurse("shurui.shoutai@example.jp");
        values["ManageUsers"] = "true";
        using var added = await adminClient.AddUserAsync(values);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var path = await portal.ActivationPathAsync("shurui.shoutai@example.jp");
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.Equal("MIO Karte の利用開始（利用者のアカウントの有効化）", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["パスワードの設定", "認証アプリの登録"], Steps(page));
        var lead = page.GetElementById("activation-lead")!.TextContent;
        Assert.Contains("種類招待クリニック の管理責任者が、あなたを MIO Karte の利用者として登録しました。", lead, StringComparison.Ordinal);
        Assert.Contains("端末の電子証明書は、所属施設の管理責任者が発行します。", lead, StringComparison.Ordinal);
        Assert.DoesNotContain("管理責任者として", lead, StringComparison.Ordinal);

        await client.ActivateAsync(path);
        var codes = await client.GetDocumentAsync("/account/activation/recovery-codes");
        Assert.Equal(["パスワードの設定", "認証アプリの登録"], Steps(codes));
        Assert.NotNull(codes.QuerySelector("a.button[href='/']"));
        Assert.Null(codes.QuerySelector("a[href='/account/activation/certificate']"));
        using var reload = await client.GetAsync(new Uri("/account/activation/recovery-codes", UriKind.Relative));
        Assert.Equal("/", reload.Headers.Location?.OriginalString);
        using var certificate = await client.GetAsync(new Uri("/account/activation/certificate", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, certificate.StatusCode);
    }

    [Fact]
    public async Task A_password_reset_of_an_account_with_its_authenticator_is_titled_as_a_reset_with_one_step()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("種類再設定クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var adminClient = await portal.SignedInClientAsync(admin.UserName!);
        using var reset = await adminClient.PressAsync(staff.Id, "reset-password");
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(await portal.ActivationPathAsync(staff.Email!));

        Assert.Equal("パスワードの再設定", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["パスワードの設定"], Steps(page));
        Assert.Contains("種類再設定クリニック の管理責任者がパスワードの再設定を行いました。", page.GetElementById("activation-lead")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("認証アプリは登録済みのものをそのまま使います。", page.GetElementById("activation-lead-next")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("パスワードを設定する", page.QuerySelector("form[action^='/account/activate/'] button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task A_password_reset_of_an_account_without_an_authenticator_continues_to_the_authenticator()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("種類再設定二クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        await portal.ChangeUserAsync(staff.Id, u => u.TwoFactorEnabled = false);
        using var adminClient = await portal.SignedInClientAsync(admin.UserName!);
        using var reset = await adminClient.PressAsync(staff.Id, "reset-password");
        var path = await portal.ActivationPathAsync(staff.Email!);
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.Equal("パスワードの再設定", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["パスワードの設定", "認証アプリの登録"], Steps(page));
        Assert.Contains("続けて認証アプリを登録します。", page.GetElementById("activation-lead-next")!.TextContent, StringComparison.Ordinal);
        using var set = await client.SetPasswordAsync(path);
        var second = await client.GetDocumentAsync("/account/activation/two-factor");
        Assert.Equal(["パスワードの設定", "認証アプリの登録"], Steps(second));
        Assert.Equal(nameof(ActivationKind.PasswordReset), second.QuerySelector(".activation-steps")!.GetAttribute("data-kind"));
    }

    [Theory]
    [InlineData(true, false, ActivationKind.Registration)]
    [InlineData(false, false, ActivationKind.Invitation)]
    [InlineData(true, true, ActivationKind.PasswordReset)]
    [InlineData(false, true, ActivationKind.PasswordReset)]
    public void The_kind_follows_the_application_and_the_reset(bool fromApplication, bool reset, ActivationKind expected) =>
        Assert.Equal(expected, ActivationKinds.Of(fromApplication, reset));

    [Fact]
    public void Only_the_registration_has_the_certificate_step_and_a_reset_asks_for_the_authenticator_only_when_missing()
    {
        Assert.Equal([ActivationStep.Password, ActivationStep.SecondFactor, ActivationStep.Certificate], ActivationKinds.StepsOf(ActivationKind.Registration, false));
        Assert.Equal([ActivationStep.Password, ActivationStep.SecondFactor], ActivationKinds.StepsOf(ActivationKind.Invitation, false));
        Assert.Equal([ActivationStep.Password], ActivationKinds.StepsOf(ActivationKind.PasswordReset, hasAuthenticator: true));
        Assert.Equal([ActivationStep.Password, ActivationStep.SecondFactor], ActivationKinds.StepsOf(ActivationKind.PasswordReset, hasAuthenticator: false));
    }

    private static string[] Steps(IDocument page) =>
        [.. page.QuerySelectorAll(".activation-steps__name").Select(e => e.TextContent)];
}

/// <summary>The registration's link (its own portal: registered facilities take codes from the same sequence as the test facilities).</summary>
public sealed class RegistrationActivationKindTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_registration_link_is_the_administrators_activation_with_three_steps()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("種類登録クリニック", "shurui.touroku@example.jp");
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.Equal("MIO Karte の利用開始（管理責任者のアカウントの有効化）", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["パスワードの設定", "認証アプリの登録", "電子証明書の取得"], Steps(page));
        Assert.Contains("管理責任者として利用を始める", page.GetElementById("activation-lead")!.TextContent, StringComparison.Ordinal);
    }

    private static string[] Steps(IDocument page) =>
        [.. page.QuerySelectorAll(".activation-steps__name").Select(e => e.TextContent)];
}
