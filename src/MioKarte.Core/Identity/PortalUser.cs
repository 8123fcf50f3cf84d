using Microsoft.AspNetCore.Identity;

namespace MioKarte.Core.Identity;

/// <summary>A person who signs in to the portal (利用者). The user name is the 利用者ID.</summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>Name shown in the header and in audit rows, e.g. 「南多摩 花子」.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";
}
