using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>The MHLW guideline 6.0 rule as the portal enforces it: 13+ characters, four kinds mixed.</summary>
public sealed class PasswordPolicyTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("Abcdefgh12-!", "パスワードは13文字以上にしてください。")]
    [InlineData("abcdefgh12-!x", "パスワードには英大文字を1文字以上含めてください。")]
    [InlineData("ABCDEFGH12-!X", "パスワードには英小文字を1文字以上含めてください。")]
    [InlineData("Abcdefghij-!x", "パスワードには数字を1文字以上含めてください。")]
    [InlineData("Abcdefgh12345", "パスワードには記号を1文字以上含めてください。")]
    public async Task A_weak_password_is_refused_with_a_Japanese_reason(string password, string reason)
    {
        var errors = await ValidateAsync(password);

        Assert.Contains(reason, errors);
    }

    [Theory]
    [InlineData("Abcdefgh12-!x")]
    [InlineData("Minamitama-2026")]
    public async Task A_password_of_13_mixed_characters_is_accepted(string password)
    {
        Assert.Empty(await ValidateAsync(password));
    }

    private Task<List<string>> ValidateAsync(string password) =>
        portal.WithServiceAsync<List<string>, UserManager<PortalUser>>(async users =>
        {
            var errors = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new PortalUser { UserName = "check" }, password);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }

            return errors;
        });
}
