namespace MioKarte.Core.Identity;

/// <summary>
/// The four audiences of the portal. The role names are stored in the database and
/// seeded by the initial migration, so they exist in every environment.
/// </summary>
public static class PortalRoles
{
    /// <summary>システム管理者: runs the portal and the connection to the data center.</summary>
    public const string SystemAdministrator = nameof(SystemAdministrator);

    /// <summary>連絡協議会（事務局）: reviews applications, registers facilities.</summary>
    public const string CouncilStaff = nameof(CouncilStaff);

    /// <summary>管理責任者: manages one facility's users, terminals and incidents.</summary>
    public const string FacilityAdministrator = nameof(FacilityAdministrator);

    /// <summary>利用者: a facility's staff who link and view referred patients.</summary>
    public const string Staff = nameof(Staff);

    public static IReadOnlyList<string> All { get; } =
        [SystemAdministrator, CouncilStaff, FacilityAdministrator, Staff];
}
