using Microsoft.AspNetCore.Identity;

namespace MioKarte.Core.Identity;

/// <summary>
/// Password and lockout rules, following the MHLW 医療情報システムの安全管理に関するガイドライン 6.0:
/// at least 13 characters mixing upper case, lower case, digits and symbols, for every account,
/// whether or not it also has a second factor (docs/decisions/ADR-0004-password-policy.md).
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 13;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(30);

    public static void Apply(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = MinimumLength;
        options.Password.RequireUppercase = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireDigit = true;
        options.Password.RequireNonAlphanumeric = true;
        options.Password.RequiredUniqueChars = 6;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;

        options.User.RequireUniqueEmail = false;
        // 利用者ID: ASCII letters, digits and a few separators, so that it can be typed on any terminal.
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
        options.SignIn.RequireConfirmedAccount = false;
    }
}
