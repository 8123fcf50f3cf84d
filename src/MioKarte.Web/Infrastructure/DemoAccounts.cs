using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Demo accounts for every role, created only in the Development environment when
/// <c>Demo:SeedAccounts</c> is true. Never in Production: the guard is the environment itself,
/// not configuration alone. The accounts are listed in README.md.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "MioKarte-Demo-2026";

    public static IReadOnlyList<(string UserName, string DisplayName, string Role)> All { get; } =
    [
        ("sysadmin", "システム管理者（デモ）", PortalRoles.SystemAdministrator),
        ("council", "連絡協議会 事務局（デモ）", PortalRoles.CouncilStaff),
        // A second council member, so the four-eyes rule (approve and register by different staff) can be tried.
        ("council2", "連絡協議会 事務局2（デモ）", PortalRoles.CouncilStaff),
        ("facadmin", "管理責任者（デモ）", PortalRoles.FacilityAdministrator),
        ("staff", "利用者（デモ）", PortalRoles.Staff),
    ];

    public static async Task SeedAsync(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue<bool>("Demo:SeedAccounts"))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAccounts));
        foreach (var (userName, displayName, role) in All)
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new PortalUser { UserName = userName, DisplayName = displayName };
            var created = await users.CreateAsync(user, Password);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(user, role);
            }

            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Could not create demo account {userName}: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            }

            logger.LogInformation("Created demo account {UserName} ({Role})", userName, role);
        }
    }
}
