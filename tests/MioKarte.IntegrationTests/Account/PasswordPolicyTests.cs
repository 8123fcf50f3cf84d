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

    [Theory]
    [InlineData("{code}-01Aa1!x", "パスワードに利用者IDを含めることはできません。")]
    [InlineData("x{code}-01-Qz7!", "パスワードに利用者IDを含めることはできません。")]
    [InlineData("Qz7!{code}mvKp", "パスワードに施設コードを含めることはできません。")]
    [InlineData("Hanako-2026-Qz!", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("MINAMITAMA#2026x", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("Qz7!minamitamaHX", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("南多摩Aa1!xyzWq", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("ミナミタマAa1!xyzWq", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("はなこAa1!xyzWqk", "パスワードに氏名（漢字・かな・ローマ字）を含めることはできません。")]
    [InlineData("Password1234!", "よく使われるパスワードです。")]
    [InlineData("P@ssw0rd2026!!", "よく使われるパスワードです。")]
    [InlineData("!!Iloveyou2026", "よく使われるパスワードです。")]
    [InlineData("Qwerty123456!", "よく使われるパスワードです。")]
    public async Task A_password_holding_the_user_id_the_name_the_facility_code_or_a_common_password_is_refused(string template, string reason)
    {
        var facility = await portal.AddFacilityAsync("個人情報パスワード医院");
        var password = template.Replace("{code}", facility.Code, StringComparison.Ordinal);

        var errors = await ValidateAsync(password, PersonOf(facility.Code, facility.Id));

        Assert.Contains(reason, string.Join("\n", errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kx9!mvQ2#tLp7w")]
    [InlineData("Test-Passw0rd-2026!")]
    [InlineData("Hana-Mizuki-2026!")]
    public async Task A_password_of_the_person_that_holds_none_of_them_is_accepted(string password)
    {
        var facility = await portal.AddFacilityAsync("個人情報なしパスワード医院");

        Assert.Empty(await ValidateAsync(password, PersonOf(facility.Code, facility.Id)));
    }

    private static PortalUser PersonOf(string facilityCode, Guid facilityId) => new()
    {
        UserName = facilityCode + "-01",
        DisplayName = "南多摩　花子",
        DisplayNameKana = "ミナミタマ　ハナコ",
        FacilityId = facilityId,
    };

    private Task<List<string>> ValidateAsync(string password, PortalUser? user = null) =>
        portal.WithServiceAsync<List<string>, UserManager<PortalUser>>(async users =>
        {
            var errors = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user ?? new PortalUser { UserName = "check" }, password);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }

            return errors;
        });
}
