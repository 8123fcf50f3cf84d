using Microsoft.AspNetCore.Identity;

namespace MioKarte.Core.Identity;

/// <summary>A person who signs in to the portal (利用者). The user name is the 利用者ID.</summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>Name shown in the header and in audit rows, e.g. 「南多摩 花子」.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// The facility the user belongs to (管理責任者 and 利用者); null for system administrators and
    /// council staff, who belong to no facility. Every facility-scoped query filters by it.
    /// </summary>
    public Guid? FacilityId { get; set; }
}
