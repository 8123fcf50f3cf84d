using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Demo accounts for every role, and the two demo facilities they work in, created only in the
/// Development environment when <c>Demo:SeedAccounts</c> is true. Never in Production: the guard is
/// the environment itself, not configuration alone. The accounts are listed in README.md.
/// Idempotent: a second start finds what the first made and adds only what is missing.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "MioKarte-Demo-2026";

    /// <summary>
    /// DEMO ONLY — the authenticator key (Base32) of every demo account, published in README.md so a
    /// person trying the demo can add it to an authenticator app once (「MIOK ARTE DEMO …」) and
    /// sign in to any demo account. Every role must use two-factor sign-in, so the demo accounts
    /// are enrolled with it. Never used outside Development: the accounts themselves exist only there.
    /// </summary>
    public const string AuthenticatorKey = "MIOKARTEDEMOKEYFORTESTINGONLYXYZ";

    public static IReadOnlyList<(string UserName, string DisplayName, string Role)> All { get; } =
    [
        ("sysadmin", "システム管理者（デモ）", PortalRoles.SystemAdministrator),
        ("council", "連絡協議会 事務局（デモ）", PortalRoles.CouncilStaff),
        // A second council member, so the four-eyes rule (approve and register by different staff) can be tried.
        ("council2", "連絡協議会 事務局2（デモ）", PortalRoles.CouncilStaff),
        ("facadmin", "管理責任者（デモ）", PortalRoles.FacilityAdministrator),
        ("staff", "利用者（デモ）", PortalRoles.Staff),
    ];

    /// <summary>施設コード of the demo viewing facility (閲覧施設) to which the facility accounts belong.</summary>
    public const string DemoClinicCode = "V00001";

    /// <summary>施設コード of the demo disclosing hospital (情報開示施設).</summary>
    public const string DemoHospitalCode = "D00001";

    /// <summary>The accounts that belong to the demo clinic: its 管理責任者 and its 利用者.</summary>
    public static IReadOnlySet<string> DemoClinicMembers { get; } = new HashSet<string>(StringComparer.Ordinal) { "facadmin", "staff" };

    /// <summary>Whether demo data may be created: in Development only, and only when configuration asks for it.</summary>
    public static bool AreEnabled(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration.GetValue<bool>("Demo:SeedAccounts");

    public static async Task SeedAsync(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (!AreEnabled(environment, configuration))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAccounts));
        var clinicId = await SeedFacilitiesAsync(scope.ServiceProvider, logger);
        foreach (var (userName, displayName, role) in All)
        {
            var facilityId = DemoClinicMembers.Contains(userName) ? clinicId : (Guid?)null;
            if (await users.FindByNameAsync(userName) is { } existing)
            {
                // Accounts made before the demo facilities existed join the clinic now.
                if (existing.FacilityId is null && facilityId is not null)
                {
                    existing.FacilityId = facilityId;
                    await users.UpdateAsync(existing);
                }

                // Accounts made before two-factor sign-in was required get the demo authenticator now.
                await EnrolDemoAuthenticatorAsync(scope.ServiceProvider, users, existing);
                continue;
            }

            var user = new PortalUser
            {
                UserName = userName,
                DisplayName = displayName,
                FacilityId = facilityId,
                Job = facilityId is null ? null : userName == "facadmin" ? StaffJob.MedicalClerk : StaffJob.Nurse,
                Rights = facilityId is null ? UserRights.None
                    : userName == "facadmin" ? UserRights.ViewClinicalData | UserRights.RegisterPatientLinks | UserRights.ManageUsers
                    : UserRights.ViewClinicalData | UserRights.RegisterPatientLinks,
            };
            var created = await users.CreateAsync(user, Password);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(user, role);
            }

            if (created.Succeeded)
            {
                await EnrolDemoAuthenticatorAsync(scope.ServiceProvider, users, user);
            }

            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Could not create demo account {userName}: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            }

            logger.LogInformation("Created demo account {UserName} ({Role})", userName, role);
        }
    }

    private static async Task EnrolDemoAuthenticatorAsync(IServiceProvider services, UserManager<PortalUser> users, PortalUser user)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return;
        }

        var store = (IUserAuthenticatorKeyStore<PortalUser>)services.GetRequiredService<IUserStore<PortalUser>>();
        await store.SetAuthenticatorKeyAsync(user, AuthenticatorKey, CancellationToken.None);
        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            throw new InvalidOperationException($"Could not enrol the demo authenticator of {user.UserName}.");
        }
    }

    /// <summary>The disclosing hospital D00001 and the viewing clinic V00001; returns the clinic's id.</summary>
    private static async Task<Guid> SeedFacilitiesAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<MioKarteDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        Facility[] demo =
        [
            Facility.Create(DemoHospitalCode, "南多摩総合病院", "ミナミタマソウゴウビョウイン", FacilityType.Hospital, FacilityRole.Disclosing,
                "1310000011", "193-0832", "東京都八王子市散田町9-9-9", "042-600-0001", 20, 10, "demo", now),
            Facility.Create(DemoClinicCode, "南多摩クリニック（デモ）", "ミナミタマクリニック", FacilityType.Clinic, FacilityRole.Viewing,
                "1310000029", "193-0833", "東京都八王子市めじろ台9-9-9", "042-600-0002", 5, 3, "demo", now),
        ];
        foreach (var facility in demo)
        {
            if (!await db.Facilities.AnyAsync(f => f.Code == facility.Code))
            {
                db.Facilities.Add(facility);
                await db.SaveChangesAsync();
                logger.LogInformation("Created demo facility {FacilityCode}", facility.Code);
            }
        }

        return await db.Facilities.Where(f => f.Code == DemoClinicCode).Select(f => f.Id).SingleAsync();
    }
}
