using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Terminals;

namespace MioKarte.IntegrationTests.Council;

/// <summary>Who did something is shown by 氏名, never by 利用者ID (CouncilActorsHandler resolves the recorded ids).</summary>
public sealed class PeopleAreNamedTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_cancelled_activation_names_the_council_member_who_cancelled_it()
    {
        var (id, _) = await portal.RegisteredApplicationAsync("氏名表示クリニック", "shimei@example.jp");
        using var council = await portal.RegistrarClientAsync();

        var after = await council.PressActivationButtonAsync(id, "cancel");

        var panel = after.QuerySelector(".activation-state")!.ParentElement!.ParentElement!.TextContent;
        Assert.Contains("連絡協議会 登録担当", panel, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistrationSteps.Registrar, panel, StringComparison.Ordinal);
    }
}

/// <summary>The terminal pages name the 管理責任者 who registered and revoked a terminal.</summary>
public sealed class TerminalPeopleAreNamedTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_terminal_names_who_registered_and_revoked_it()
    {
        var facility = await portal.AddFacilityAsync("端末氏名クリニック");
        var admin = await portal.CreateFacilityAdministratorAsync(facility, "shimei.admin");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var terminalId = await client.RegisterTerminalAsync("受付PC-氏名");
        using var revoked = await client.RevokeTerminalAsync(terminalId);

        var page = await client.GetDocumentAsync($"/facility/terminals/{terminalId}");

        var facts = page.QuerySelector("dl")!.TextContent;
        Assert.Contains("管理 花子", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("shimei.admin", page.Body!.TextContent, StringComparison.Ordinal);
    }
}
