using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// add-council-staff: the only way a new network's first council accounts come to exist. The
/// password travels on standard input and must meet the policy; the account has no authenticator,
/// so its first sign-in enrols one instead of opening the council's pages.
/// </summary>
public sealed class AddCouncilStaffCommandTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Password = "Jimukyoku-Start-2026!";

    [Fact]
    public async Task Creates_a_council_account_whose_first_sign_in_enrols_an_authenticator()
    {
        var (exit, output, _) = await RunAsync(["--user-name", "council.first", "--name", "協議会 一郎", "--email", "first@example.jp"], Password);

        Assert.Equal(AddCouncilStaffCommand.Created, exit);
        Assert.Contains("council.first", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByNameAsync("council.first");
            Assert.NotNull(user);
            Assert.Equal(("協議会 一郎", "first@example.jp", (Guid?)null, UserRights.None), (user.DisplayName, user.Email, user.FacilityId, user.Rights));
            Assert.Equal([PortalRoles.CouncilStaff], await users.GetRolesAsync(user));
            Assert.False(await users.GetTwoFactorEnabledAsync(user));
        }

        using var client = portal.CreatePortalClient();
        using var signedIn = await client.SignInAsync("council.first", Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.StartsWith("/account/login/enrol", signedIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var council = await client.GetAsync("/council");
        Assert.NotEqual(HttpStatusCode.OK, council.StatusCode);
    }

    [Theory]
    [InlineData("V00001-01", "名前", "a@example.jp", Password, "--user-name")]
    [InlineData("ab", "名前", "a@example.jp", Password, "--user-name")]
    [InlineData("council.noname", "", "a@example.jp", Password, "--name")]
    [InlineData("council.nomail", "名前", "no-address", Password, "--email")]
    [InlineData("council.nopass", "名前", "a@example.jp", "", "標準入力")]
    [InlineData("council.weak", "名前", "a@example.jp", "short", "パスワード")]
    public async Task Refuses_bad_input_in_Japanese_and_creates_nothing(string userName, string name, string email, string password, string named)
    {
        var (exit, _, error) = await RunAsync(["--user-name", userName, "--name", name, "--email", email], password);

        Assert.Equal(AddCouncilStaffCommand.Refused, exit);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Null(await portal.WithServiceAsync<PortalUser?, UserManager<PortalUser>>(users => users.FindByNameAsync(userName)));
    }

    [Fact]
    public async Task A_taken_user_name_is_refused()
    {
        string[] args = ["--user-name", "council.twice", "--name", "二度 目", "--email", "twice@example.jp"];
        Assert.Equal(AddCouncilStaffCommand.Created, (await RunAsync(args, Password)).Exit);

        var (exit, _, error) = await RunAsync(args, Password);

        Assert.Equal(AddCouncilStaffCommand.Refused, exit);
        Assert.NotEmpty(error);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] options, string password)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AddCouncilStaffCommand.RunAsync(
            portal.Services, [AddCouncilStaffCommand.Name, .. options], new StringReader(password + "\n"), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
