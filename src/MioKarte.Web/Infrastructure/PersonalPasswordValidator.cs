using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Identity's password validator for <see cref="PasswordContent"/>: no 利用者ID, name, facility code
/// or common password inside the password. Identity runs it wherever a password is set — the
/// activation (new 管理責任者, invited user, パスワード再設定), パスワードの変更 and the commands
/// that create accounts — so each gets the same Japanese reasons.
/// </summary>
public sealed class PersonalPasswordValidator(MioKarteDbContext db, IStringLocalizer<SharedResource> text) : IPasswordValidator<PortalUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password))
        {
            // Identity's own validators say what is missing.
            return IdentityResult.Success;
        }

        var facilityCode = user.FacilityId is { } facilityId
            ? await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId).Select(f => f.Code).FirstOrDefaultAsync()
            : null;
        var findings = PasswordContent.Check(password, user.UserName, user.DisplayName, user.DisplayNameKana, facilityCode);
        return findings.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. findings.Select(Error)]);
    }

    private IdentityError Error(PasswordFinding finding)
    {
        var code = finding switch
        {
            PasswordFinding.ContainsUserName => "PasswordContainsUserName",
            PasswordFinding.ContainsPersonName => "PasswordContainsPersonName",
            PasswordFinding.ContainsFacilityCode => "PasswordContainsFacilityCode",
            PasswordFinding.Common => "PasswordIsCommon",
        };
        return new IdentityError { Code = code, Description = text["Identity." + code] };
    }
}
