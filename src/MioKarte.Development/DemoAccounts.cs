using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.DataCenter.Demo;

namespace MioKarte.Development;

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
        // A physician of the clinic: the only kind of user who may start an emergency access (非常時アクセス).
        ("doctor", "医師（デモ）", PortalRoles.Staff),
    ];

    /// <summary>施設コード of the demo viewing facility (閲覧施設) to which the facility accounts belong.</summary>
    public const string DemoClinicCode = "V00001";

    /// <summary>
    /// The demo disclosing hospitals (情報開示施設) D00001–D00003: the embedded data center's hospitals (<see cref="DemoFacilities.All"/>),
    /// with their 10-digit codes as 医療機関コード, so links made in the portal find their patients there.
    /// </summary>
    public static IReadOnlyList<(string Code, DemoFacility Hospital, string Kana)> DemoHospitals { get; } =
    [
        ("D00001", DemoFacilities.All[0], "ハチオウジミナミソウゴウビョウイン"),
        ("D00002", DemoFacilities.All[1], "タマガワキネンビョウイン"),
        ("D00003", DemoFacilities.All[2], "アサカワイリョウセンター"),
    ];

    /// <summary>The accounts that belong to the demo clinic: its 管理責任者 and its 利用者.</summary>
    public static IReadOnlySet<string> DemoClinicMembers { get; } = new HashSet<string>(StringComparer.Ordinal) { "facadmin", "staff", "doctor" };

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
                Job = facilityId is null ? null : userName switch { "facadmin" => StaffJob.MedicalClerk, "doctor" => StaffJob.Physician, _ => StaffJob.Nurse },
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

        await DemoPatientLinks.SeedAsync(scope.ServiceProvider, clinicId, logger);
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

    /// <summary>The disclosing hospitals D00001–D00003 and the viewing clinic V00001; returns the clinic's id.</summary>
    private static async Task<Guid> SeedFacilitiesAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<MioKarteDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        List<Facility> demo =
        [
            .. DemoHospitals.Select((h, i) => Facility.Create(h.Code, h.Hospital.Name, h.Kana, FacilityType.Hospital, FacilityRole.Disclosing,
                h.Hospital.Code, "193-0832", $"東京都八王子市散田町9-9-{i + 1}", $"042-600-000{i + 1}", 20, 10, "demo", now)),
            Facility.Create(DemoClinicCode, "南多摩クリニック（デモ）", "ミナミタマクリニック", FacilityType.Clinic, FacilityRole.Viewing,
                MioKarte.DataCenter.Demo.DemoDataSet.DemoClinicInstitutionCode, "193-0833", "東京都八王子市めじろ台9-9-9", "042-600-0009", 5, 3, "demo", now),
        ];
        foreach (var facility in demo)
        {
            if (await db.Facilities.FirstOrDefaultAsync(f => f.Code == facility.Code) is { } existing)
            {
                // Earlier demo databases gave D00001 a made-up 医療機関コード the data center does not know.
                if (existing.Role == FacilityRole.Disclosing && existing.InstitutionCode != facility.InstitutionCode)
                {
                    db.Entry(existing).Property(f => f.InstitutionCode).CurrentValue = facility.InstitutionCode;
                    db.Entry(existing).Property(f => f.Name).CurrentValue = facility.Name;
                    db.Entry(existing).Property(f => f.NameKana).CurrentValue = facility.NameKana;
                    await db.SaveChangesAsync();
                    logger.LogInformation("Demo facility {FacilityCode} now matches the data center's hospital", facility.Code);
                }

                continue;
            }

            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            logger.LogInformation("Created demo facility {FacilityCode}", facility.Code);
        }

        return await db.Facilities.Where(f => f.Code == DemoClinicCode).Select(f => f.Id).SingleAsync();
    }
}
